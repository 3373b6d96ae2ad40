# cmake -DSOURCE_DIR=... -DTEMPLATE=... -DOUTPUT=... -DPROJECT_VERSION=... -P WriteVersion.cmake
find_package(Git QUIET)
set(PIMHSIM_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
    WORKING_DIRECTORY "${SOURCE_DIR}"
    OUTPUT_VARIABLE revision
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET
    RESULT_VARIABLE status)
  if(status EQUAL 0 AND revision)
    set(PIMHSIM_GIT_REVISION "${revision}")
  endif()
endif()
configure_file("${TEMPLATE}" "${OUTPUT}" @ONLY)  # rewrites only when the content changes
