# Records the version and the git revision the binary was built from, for manifest.json.
find_package(Git QUIET)
set(PIMHSIM_GIT_REVISION "unknown")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(
    COMMAND "${GIT_EXECUTABLE}" describe --always --dirty --abbrev=12
    WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
    OUTPUT_VARIABLE PIMHSIM_GIT_REVISION
    OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT PIMHSIM_GIT_REVISION)
    set(PIMHSIM_GIT_REVISION "unknown")
  endif()
endif()
configure_file("${PROJECT_SOURCE_DIR}/engine/core/version.h.in"
               "${PROJECT_BINARY_DIR}/generated/pimhsim/version.h" @ONLY)
