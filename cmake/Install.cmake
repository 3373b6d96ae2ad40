# What `cmake --install build` puts under the prefix (default /usr/local; the .deb uses /usr):
#   bin/pimhsim
#   lib/libpimhsim_<layer>.a, one per engine layer, and lib/cmake/pimhsim/ (find_package(pimhsim)
#     gives pimhsim::core ... pimhsim::output, and pimhsim::engine for all of them)
#   include/pimhsim/<layer>/*.h and include/pimhsim/version.h
#   share/pimhsim/scenarios/ (the shipped scenarios; each names its tables relative to itself)
#   share/doc/pimhsim/ (README.md and docs/*.md)
include(CMakePackageConfigHelpers)

set(PIMHSIM_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/pimhsim")

install(TARGETS pimhsim RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
get_property(PIMHSIM_ENGINE_LAYERS GLOBAL PROPERTY PIMHSIM_ENGINE_LAYERS)  # engine/CMakeLists.txt
install(TARGETS ${PIMHSIM_ENGINE_LAYERS} pimhsim_engine EXPORT pimhsimTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}")
install(DIRECTORY "${PROJECT_SOURCE_DIR}/engine/pimhsim/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/pimhsim"
        FILES_MATCHING PATTERN "*.h")
install(FILES "${PIMHSIM_VERSION_HEADER}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/pimhsim")

install(EXPORT pimhsimTargets
        NAMESPACE pimhsim::
        DESTINATION "${PIMHSIM_CMAKE_INSTALL_DIR}")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/pimhsimConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/pimhsimConfig.cmake"
  INSTALL_DESTINATION "${PIMHSIM_CMAKE_INSTALL_DIR}")
# The version is 0.x: a minor release may change the engine's interface, so only the same
# major.minor is compatible.
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/pimhsimConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/pimhsimConfig.cmake"
              "${PROJECT_BINARY_DIR}/pimhsimConfigVersion.cmake"
        DESTINATION "${PIMHSIM_CMAKE_INSTALL_DIR}")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/scenarios/"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/pimhsim/scenarios")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
# docs/ stays a folder beside README.md, so that the README's references to docs/*.md and its
# pictures (docs/images/*.png) still hold.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/docs"
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png")
