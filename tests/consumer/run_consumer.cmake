# Builds and runs the consumer project against argmin, in script mode:
#   cmake -DMODE=find_package|add_subdirectory -DSOURCE_DIR=<argmin source>
#         -DBINARY_DIR=<argmin's build> -DWORK_DIR=<scratch dir>
#         [-DMPIRUN=<mpirun and its flags, up to -np>] -P run_consumer.cmake
# With MPIRUN, the consumer also takes the MPI component and runs the MPI
# example on two ranks.
# find_package installs the library already built in BINARY_DIR to a
# temporary prefix; add_subdirectory builds it from source in the consumer.
file(REMOVE_RECURSE ${WORK_DIR})
string(REPLACE "|" ";" MPIRUN "${MPIRUN}")
set(consumer_source ${SOURCE_DIR}/tests/consumer)

if(MODE STREQUAL "find_package")
  set(prefix ${WORK_DIR}/prefix)
  # The C++ library's install rules (the Python extension's component is
  # pip's).
  execute_process(
    COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix}
            --component Unspecified
    COMMAND_ERROR_IS_FATAL ANY)
  set(consumer_args -DCMAKE_PREFIX_PATH=${prefix})
elseif(MODE STREQUAL "add_subdirectory")
  set(consumer_args -DARGMIN_SOURCE_DIR=${SOURCE_DIR})
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory")
endif()

if(MPIRUN)
  list(APPEND consumer_args -DWITH_MPI=ON
       -DMPI_EXAMPLE=${SOURCE_DIR}/examples/mpi_argmin.c)
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
if(MPIRUN)
  execute_process(COMMAND ${MPIRUN} 2 ${WORK_DIR}/consumer-build/consumer_mpi
                  COMMAND_ERROR_IS_FATAL ANY)
endif()
