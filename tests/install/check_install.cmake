# One step of the install tests (tests/install/CMakeLists.txt):
#   cmake -DSTEP=tree|run_scenario|find_package -DSOURCE_DIR=... -DBUILD_DIR=... -DPREFIX=...
#         -DWORK_DIR=...
#         -DBINDIR=bin -DLIBDIR=lib -DINCLUDEDIR=include -DDATADIR=share -DDOCDIR=share/doc/pimhsim
#         [-DDOWNSTREAM_SOURCE=... -DGENERATOR=... -DCXX_COMPILER=... -DBUILD_TYPE=...]
#         -P check_install.cmake
#
# tree          `cmake --install BUILD_DIR --prefix PREFIX` into an emptied PREFIX; every part of
#               the tree is there, and the CMake package names no folder of the source or build.
# run_scenario  PREFIX/bin/pimhsim runs the installed Sick-Sicker scenario and validates the
#               installed England scenarios (which read data tables beside them), from a folder
#               holding neither, and writes its results only where --out says.
# find_package  a one-file project (DOWNSTREAM_SOURCE) configured with CMAKE_PREFIX_PATH=PREFIX
#               finds pimhsim there, builds against pimhsim::engine and runs.
cmake_minimum_required(VERSION 3.25)

function(run what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WORKING_DIRECTORY;TIMEOUT" "COMMAND")
  if(NOT arg_TIMEOUT)
    set(arg_TIMEOUT 120)
  endif()
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY "${WORK_DIR}")
  endif()
  execute_process(COMMAND ${arg_COMMAND}
                  WORKING_DIRECTORY "${arg_WORKING_DIRECTORY}"
                  TIMEOUT ${arg_TIMEOUT}
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  if(NOT status STREQUAL "0")
    list(JOIN arg_COMMAND " " line)
    message(FATAL_ERROR "${what} failed (status ${status}): ${line}\n"
                        "in ${arg_WORKING_DIRECTORY}\n--- stdout\n${out}\n--- stderr\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

function(expect_files)
  set(missing "")
  foreach(file IN LISTS ARGN)
    if(NOT EXISTS "${file}")
      list(APPEND missing "${file}")
    endif()
  endforeach()
  if(missing)
    list(JOIN missing "\n  " text)
    message(FATAL_ERROR "missing:\n  ${text}")
  endif()
endfunction()

set(scenarios "${PREFIX}/${DATADIR}/pimhsim/scenarios")
file(MAKE_DIRECTORY "${WORK_DIR}")

if(STEP STREQUAL "tree")
  file(REMOVE_RECURSE "${PREFIX}")
  run("cmake --install" COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}")
  set(package "${PREFIX}/${LIBDIR}/cmake/pimhsim")
  expect_files(
    "${PREFIX}/${BINDIR}/pimhsim"
    "${PREFIX}/${LIBDIR}/libpimhsim_core.a"
    "${PREFIX}/${LIBDIR}/libpimhsim_output.a"
    "${PREFIX}/${INCLUDEDIR}/pimhsim/version.h"
    "${PREFIX}/${INCLUDEDIR}/pimhsim/core/tally.h"
    "${PREFIX}/${INCLUDEDIR}/pimhsim/models/pathway/spec.h"
    "${package}/pimhsimConfig.cmake"
    "${package}/pimhsimConfigVersion.cmake"
    "${package}/pimhsimTargets.cmake"
    "${scenarios}/england.yaml"
    "${scenarios}/example_area.yaml"
    "${scenarios}/data/england_births_by_area_2023.csv"
    "${scenarios}/validation/sick_sicker.yaml"
    "${scenarios}/validation/ponder.yaml"
    "${PREFIX}/${DOCDIR}/README.md"
    "${PREFIX}/${DOCDIR}/docs/user-guide.md")
  file(GLOB_RECURSE sources RELATIVE "${PREFIX}/${INCLUDEDIR}" "${PREFIX}/${INCLUDEDIR}/*")
  foreach(file IN LISTS sources)
    if(NOT file MATCHES "\\.h$")
      message(FATAL_ERROR "not a header under ${INCLUDEDIR}/: ${file}")
    endif()
  endforeach()
  # A package that names the build or source folder would break once the tree is moved or packed.
  file(GLOB package_files "${package}/*.cmake")
  foreach(file IN LISTS package_files)
    file(READ "${file}" text)
    foreach(dir IN ITEMS "${BUILD_DIR}" "${SOURCE_DIR}")
      string(FIND "${text}" "${dir}" at)
      if(NOT at EQUAL -1)
        message(FATAL_ERROR "${file} names ${dir}")
      endif()
    endforeach()
  endforeach()
  # Every file under docs/ that the installed README names (the documents, its pictures) is
  # installed beside it.
  file(READ "${PREFIX}/${DOCDIR}/README.md" readme)
  string(REGEX MATCHALL "docs/[A-Za-z0-9_./-]+\\.(md|png)" links "${readme}")
  list(REMOVE_DUPLICATES links)
  list(FILTER links INCLUDE REGEX "\\.png$")
  list(LENGTH links n_pictures)
  if(n_pictures LESS 1)
    message(FATAL_ERROR "README.md names no picture under docs/: the check below would test nothing")
  endif()
  string(REGEX MATCHALL "docs/[A-Za-z0-9_./-]+\\.(md|png)" links "${readme}")
  list(REMOVE_DUPLICATES links)
  list(LENGTH links n_links)
  list(TRANSFORM links PREPEND "${PREFIX}/${DOCDIR}/")
  expect_files(${links})
  list(LENGTH sources headers)
  message(STATUS "installed into ${PREFIX}: ${headers} headers; the README names ${n_links} files under docs/, all there")

elseif(STEP STREQUAL "run_scenario")
  # From a folder of its own, which must stay empty: no default results/ here.
  set(elsewhere "${WORK_DIR}/elsewhere")
  set(out_dir "${WORK_DIR}/run/out")
  file(REMOVE_RECURSE "${elsewhere}" "${WORK_DIR}/run")
  file(MAKE_DIRECTORY "${elsewhere}" "${WORK_DIR}/run")
  set(pimhsim "${PREFIX}/${BINDIR}/pimhsim")
  run("the installed pimhsim on sick_sicker.yaml"
      COMMAND "${pimhsim}" run "${scenarios}/validation/sick_sicker.yaml" --out "${out_dir}" --quiet
      WORKING_DIRECTORY "${elsewhere}")
  expect_files("${out_dir}/results.csv" "${out_dir}/summary.json" "${out_dir}/manifest.json")
  file(READ "${out_dir}/results.csv" results)
  if(NOT results MATCHES "\n[^\n]")
    message(FATAL_ERROR "${out_dir}/results.csv has no rows:\n${results}")
  endif()
  # england.yaml reads data/england_births_by_area_2023.csv beside it; example_area.yaml extends it.
  foreach(scenario IN ITEMS england.yaml example_area.yaml validation/ponder.yaml)
    run("the installed pimhsim validating ${scenario}"
        COMMAND "${pimhsim}" validate "${scenarios}/${scenario}"
        WORKING_DIRECTORY "${elsewhere}")
  endforeach()
  file(GLOB left "${elsewhere}/*")
  if(left)
    message(FATAL_ERROR "pimhsim wrote into its working folder: ${left}")
  endif()
  message(STATUS "ran ${pimhsim} from ${elsewhere}; results in ${out_dir}")

elseif(STEP STREQUAL "find_package")
  set(binary "${WORK_DIR}/downstream")
  file(REMOVE_RECURSE "${binary}")
  run("configuring the downstream project"
      COMMAND "${CMAKE_COMMAND}" -S "${DOWNSTREAM_SOURCE}" -B "${binary}" -G "${GENERATOR}"
              "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}"
              "-DCMAKE_PREFIX_PATH=${PREFIX}")
  # Found in PREFIX, not in an earlier install elsewhere (/usr/local, say).
  file(STRINGS "${binary}/CMakeCache.txt" found REGEX "^pimhsim_DIR:")
  string(REGEX REPLACE "^[^=]*=" "" found "${found}")
  if(NOT found STREQUAL "${PREFIX}/${LIBDIR}/cmake/pimhsim")
    message(FATAL_ERROR "find_package(pimhsim) found `${found}`, not ${PREFIX}/${LIBDIR}/cmake/pimhsim")
  endif()
  run("building the downstream project" COMMAND "${CMAKE_COMMAND}" --build "${binary}" TIMEOUT 240)
  run("the downstream program" COMMAND "${binary}/downstream")
  message(STATUS "${out}")

else()
  message(FATAL_ERROR "check_install.cmake: -DSTEP=tree|run_scenario|find_package")
endif()
