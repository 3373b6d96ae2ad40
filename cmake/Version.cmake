# Records the version and the git revision the binary was built from, for manifest.json. The
# revision is read at every build (not only at configure time), and version.h is rewritten only
# when it changes, so a commit after configuring is still reported correctly.
set(PIMHSIM_VERSION_HEADER "${PROJECT_BINARY_DIR}/generated/pimhsim/version.h")
add_custom_target(pimhsim_version
  COMMAND "${CMAKE_COMMAND}"
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DTEMPLATE=${PROJECT_SOURCE_DIR}/engine/pimhsim/core/version.h.in
          -DOUTPUT=${PIMHSIM_VERSION_HEADER}
          -DPROJECT_VERSION=${PROJECT_VERSION}
          -P "${PROJECT_SOURCE_DIR}/cmake/WriteVersion.cmake"
  BYPRODUCTS "${PIMHSIM_VERSION_HEADER}"
  COMMENT "Recording the git revision"
  VERBATIM)
