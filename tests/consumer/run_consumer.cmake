# Builds and runs a consumer of argmin, in script mode:
#   cmake -DMODE=<mode> -DSOURCE_DIR=<argmin source> -DBINARY_DIR=<its build>
#         -DWORK_DIR=<scratch dir> [-DMPIRUN=<mpirun and flags, up to -np>]
#         [-DPYTHON=<python3>] [-DMPICC=<MPI's C compiler>]
#         -P run_consumer.cmake
# Modes:
#   add_subdirectory    this directory's C++ project, building argmin from
#                       source inside it;
#   find_package        the same project against the package installed from
#                       BINARY_DIR (with MPIRUN, the MPI component and its
#                       example on two ranks too);
#   find_package_c      c/, a project with only C enabled;
#   find_package_clang  this directory's project with clang and clang++, at
#                       their default C++ standard (C++14 for clang 14), which
#                       the package's target must raise to C++17;
#   pkg_config          make/Makefile: a C and a C++ program built with
#                       pkg-config's flags, no CMake;
#   doc_examples        every C and C++ example of the Markdown documents,
#                       compiled with pkg-config's flags and run
#                       (tests/doc_examples.py).
# Every mode but add_subdirectory first installs BINARY_DIR's library to a
# prefix under WORK_DIR.
file(REMOVE_RECURSE ${WORK_DIR})
string(REPLACE "|" ";" MPIRUN "${MPIRUN}")
set(consumer_source ${SOURCE_DIR}/tests/consumer)
set(prefix ${WORK_DIR}/prefix)

if(NOT MODE STREQUAL "add_subdirectory")
  # The C++ library's install rules (the Python extension's component is
  # pip's).
  execute_process(
    COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${prefix}
            --component Unspecified
    OUTPUT_QUIET COMMAND_ERROR_IS_FATAL ANY)
  file(GLOB_RECURSE pc_file ${prefix}/argmin.pc)
  get_filename_component(pc_dir "${pc_file}" DIRECTORY)
endif()

if(MODE STREQUAL "pkg_config")
  file(MAKE_DIRECTORY ${WORK_DIR}/make)
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_dir}
            make -C ${WORK_DIR}/make -f ${consumer_source}/make/Makefile
            SOURCE=${consumer_source}
    COMMAND_ERROR_IS_FATAL ANY)
  return()
endif()
if(MODE STREQUAL "doc_examples")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${pc_dir}
            ${PYTHON} ${SOURCE_DIR}/tests/doc_examples.py compiled
            --work-dir ${WORK_DIR}/examples --mpicc ${MPICC}
    COMMAND_ERROR_IS_FATAL ANY)
  return()
endif()

set(consumer_args -DCMAKE_BUILD_TYPE=Release)
set(project_dir ${consumer_source})
set(program consumer)
if(MODE STREQUAL "add_subdirectory")
  list(APPEND consumer_args -DARGMIN_SOURCE_DIR=${SOURCE_DIR})
elseif(MODE STREQUAL "find_package")
  list(APPEND consumer_args -DCMAKE_PREFIX_PATH=${prefix})
elseif(MODE STREQUAL "find_package_c")
  list(APPEND consumer_args -DCMAKE_PREFIX_PATH=${prefix})
  set(project_dir ${consumer_source}/c)
  set(program c_consumer)
  set(MPIRUN "")
elseif(MODE STREQUAL "find_package_clang")
  list(APPEND consumer_args -DCMAKE_PREFIX_PATH=${prefix}
       -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++)
  set(MPIRUN "")
else()
  message(FATAL_ERROR "unknown MODE '${MODE}'")
endif()

if(MPIRUN)
  list(APPEND consumer_args -DWITH_MPI=ON
       -DMPI_EXAMPLE=${SOURCE_DIR}/examples/mpi_argmin.c)
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${project_dir} -B ${WORK_DIR}/consumer-build
          ${consumer_args}
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(
  COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/consumer-build -j 2
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${WORK_DIR}/consumer-build/${program}
                COMMAND_ERROR_IS_FATAL ANY)
if(MPIRUN)
  execute_process(COMMAND ${MPIRUN} 2 ${WORK_DIR}/consumer-build/consumer_mpi
                  COMMAND_ERROR_IS_FATAL ANY)
endif()
