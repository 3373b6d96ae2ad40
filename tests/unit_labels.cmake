# Read by ctest after the unit tests that doctest_discover_tests found (a TEST_INCLUDE_FILES of
# this directory, added after doctest's): labels of unit tests for the sanitizer runs
# (scripts/sanitize.sh). `slow`: about 17 s in a Release build, minutes under AddressSanitizer.
set_tests_properties(
  "plan: a Monte Carlo target is stable across seeds within its reported uncertainty"
  "calibration: imis 95% intervals cover the true parameter in 95% of synthetic datasets"
  "calibration shares: imis recovers shares from targets the model simulated"
  PROPERTIES LABELS slow)
