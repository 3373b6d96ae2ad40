# `cpack -G DEB` in the build folder makes pimhsim_<version>_<arch>.deb: the install tree of
# cmake/Install.cmake under /usr.
set(CPACK_PACKAGE_NAME pimhsim)
set(CPACK_PACKAGE_VENDOR "PIMHsim maintainers")
# The maintainer defaults to the identity of the project's commits.
set(PIMHSIM_PACKAGE_MAINTAINER "PIMHsim maintainers <maintainers@users.noreply.r-seed-2833e454.example>"
    CACHE STRING "Maintainer field of the .deb (Name <email>)")
set(CPACK_PACKAGE_CONTACT "${PIMHSIM_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Monte Carlo microsimulation of perinatal and infant mental health services")
set(CPACK_PACKAGE_DESCRIPTION
    "PIMHsim follows birth cohorts of mother-infant dyads from pregnancy to the child's second \
birthday, area by area, for workforce planning and cost-benefit analysis of perinatal and infant \
mental health services in England. Includes the pimhsim command, the shipped scenarios \
(/usr/share/pimhsim/scenarios) and the engine's static libraries with their headers and CMake \
package.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# The runtime dependencies are read off the executable's shared libraries by dpkg-shlibdeps (on
# Debian 12: libyaml-cpp0.7, libfmt9, libboost-program-options1.74.0, libxlsxwriter4, libstdc++6,
# libgcc-s1, libc6, and libopenmpi3 in a build with MPI); without it, the same libraries are
# named by hand.
find_program(PIMHSIM_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(PIMHSIM_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  set(CPACK_DEBIAN_PACKAGE_DEPENDS
      "libyaml-cpp0.7, libfmt9, libnlopt0, libboost-program-options1.74.0, libnettle8, libxlsxwriter4, libstdc++6, libgcc-s1, libc6")
  if(PIMHSIM_WITH_MPI)
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ", libopenmpi3")
  endif()
endif()
# Building against the installed engine (find_package(pimhsim)) needs the headers of the packages
# it is built on.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
    "libeigen3-dev, libboost-dev, libyaml-cpp-dev, libfmt-dev, nlohmann-json3-dev, librandom123-dev, nettle-dev, libxlsxwriter-dev, libnlopt-cxx-dev, libopenmpi-dev, openmpi-bin")

include(CPack)
