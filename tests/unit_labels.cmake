# Read by ctest after the unit tests that doctest_discover_tests found (a TEST_INCLUDE_FILES of
# this directory, added after doctest's): labels of unit tests for the sanitizer runs
# (scripts/sanitize.sh). `slow`: about 17 s in a Release build, minutes under AddressSanitizer;
# or, for the three Gaussian-process fits on 1,000 points, 2 to 4 s in a Release build and 18 to
# 27 s under AddressSanitizer, where their quick relatives on a few hundred points
# (evppi_gp_quick_test.cc) run the same code.
set_tests_properties(
  "plan: a Monte Carlo target is stable across seeds within its reported uncertainty"
  "calibration: imis 95% intervals cover the true parameter in 95% of synthetic datasets"
  "calibration shares: imis recovers shares from targets the model simulated"
  "evppi: the Gaussian process recovers a smooth surface in two parameters"
  "evppi: a group of all the parameters, by Gaussian process, has EVPPI = EVPI"
  "evppi: Gaussian process on a group with an irrelevant member"
  PROPERTIES LABELS slow)
