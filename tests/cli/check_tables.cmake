# Every CSV file of a run, psa (with evppi afterwards), dsa, plan and compare directory reads with a
# strict CSV reader against the directory's codebook, columns.csv (tests/tables/check_tables.cc):
# an analyst loads each into pandas or R with its types and no cleaning.
#
#   cmake -DPIMHSIM_EXE=... -DCHECK_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_tables.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE CHECK_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_tables.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(scenarios "${SOURCE_DIR}/scenarios")
set(area "${scenarios}/example_area.yaml")
set(two_areas --set "areas.include=[\"E06000052, E06000053\", E06000047]" --set run.scale=0.1
              --set run.horizon=3)

set(dirs)
function(pimhsim name)
  execute_process(COMMAND "${PIMHSIM_EXE}" ${ARGN} --quiet
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 600)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "pimhsim ${ARGN} failed (${status}): ${stderr}")
  endif()
  if(NOT name STREQUAL "")
    set(dirs ${dirs} "${WORK_DIR}/${name}" PARENT_SCOPE)
  endif()
endfunction()

pimhsim(run run "${scenarios}/england.yaml" ${two_areas} --by-area --out "${WORK_DIR}/run")
pimhsim(run_replicates run "${area}" --set run.scale=0.1 --set run.replicates=3 --set run.horizon=2
        --out "${WORK_DIR}/run_replicates")
pimhsim(sick_sicker run "${scenarios}/validation/sick_sicker.yaml" --set run.population=2000
        --out "${WORK_DIR}/sick_sicker")
pimhsim(psa psa "${scenarios}/validation/sick_sicker_psa.yaml" --iterations 24 --set run.population=500
        --out "${WORK_DIR}/psa")
pimhsim("" evppi "${WORK_DIR}/psa" --group all)
pimhsim(psa_pathway psa "${area}" --iterations 3 --set run.scale=0.1 --set run.horizon=2
        --out "${WORK_DIR}/psa_pathway")
pimhsim(dsa dsa "${scenarios}/validation/sick_sicker_psa.yaml" --wtp 100000 --two-way c_trt,u_trt
        --threshold c_trt --set run.population=500 --out "${WORK_DIR}/dsa")
pimhsim(plan plan "${scenarios}/england.yaml" --target "timely_specialist>=0.5" ${two_areas}
        --out "${WORK_DIR}/plan")
pimhsim(sweep plan "${area}" --sweep 0:2:1 --set run.scale=0.1 --set run.horizon=2
        --out "${WORK_DIR}/sweep")
pimhsim(compare compare "${area}" --grid parameters.detection.hidden_share.value=0.3:0.4:0.1
        --set run.scale=0.1 --set run.horizon=2 --out "${WORK_DIR}/compare")

execute_process(COMMAND "${CHECK_EXE}" ${dirs} RESULT_VARIABLE status OUTPUT_VARIABLE stdout
                ERROR_VARIABLE stderr)
message(STATUS "${stdout}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "strict CSV check failed:\n${stderr}")
endif()
