# Builds and runs the consumer project against argmin, in script mode:
#   cmake -DMODE=find_package|add_subdirectory -DSOURCE_DIR=<argmin source>
#         -DWORK_DIR=<scratch dir> -P run_consumer.cmake
file(REMOVE_RECURSE ${WORK_DIR})
set(consumer_source ${SOURCE_DIR}/tests/consumer)

if(MODE STREQUAL "find_package")
  set(prefix ${WORK_DIR}/prefix)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/argmin-build
            -DCMAKE_BUILD_TYPE=Release -DARGMIN_BUILD_TESTS=OFF
            -DARGMIN_BUILD_BENCHMARKS=OFF -DCMAKE_INSTALL_PREFIX=${prefix}
    COMMAND_ERROR_IS_FATAL ANY)
  execute_process(
    COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/argmin-build --target install
            -j 2
    COMMAND_ERROR_IS_FATAL ANY)
  set(consumer_args -DCMAKE_PREFIX_PATH=${prefix})
elseif(MODE STREQUAL "add_subdirectory")
  set(consumer_args -DARGMIN_SOURCE_DIR=${SOURCE_DIR})
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory")
endif()

execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${consumer_source} -B ${WORK_DIR}/consumer-build
          -DCMAKE_BUILD_TYPE=Release ${consumer_args}
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build -j 2
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK_DIR}/consumer-build/consumer
                COMMAND_ERROR_IS_FATAL ANY)
