# `pimhsim plan` writes the plan as a runnable scenario (planned_scenario.yaml) whose planned
# option funds exactly the staffing the plan reports, and says why when it writes none.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_planned_scenario.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_planned_scenario.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(small scenarios/england.yaml --set run.scale=0.05 --set "areas.include=[E08000035, E06000047]"
          --set run.horizon=2 --quiet)

function(pimhsim expect_status)
  execute_process(COMMAND "${PIMHSIM_EXE}" ${ARGN} WORKING_DIRECTORY "${SOURCE_DIR}" TIMEOUT 600
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT status EQUAL expect_status)
    message(FATAL_ERROR "pimhsim ${ARGN}: exit ${status}, expected ${expect_status}\n${stdout}${stderr}")
  endif()
endfunction()

# The funded WTE of option `option` in the first year of `dir`/staffing.csv.
function(funded_wte dir option out_var)
  # Rows lead with the scenario's name (quoted: it holds a comma) and variant, then the option.
  file(STRINGS "${dir}/staffing.csv" rows REGEX ",${option},[0-9]")
  list(GET rows 0 first)
  string(REGEX REPLACE "^.*,${option}," "" rest "${first}")
  string(REPLACE "," ";" fields "${rest}")
  list(GET fields 1 wte)
  set(${out_var} "${wte}" PARENT_SCOPE)
endfunction()

foreach(rule births uniform)
  set(plan "${WORK_DIR}/plan_${rule}")
  pimhsim(0 plan ${small} --budget 300000 --rule ${rule} --minimum-wte 0.5 --out "${plan}")
  if(NOT EXISTS "${plan}/planned_scenario.yaml")
    message(FATAL_ERROR "plan --rule ${rule} wrote no planned_scenario.yaml")
  endif()
  file(READ "${plan}/plan.json" json)
  string(JSON total GET "${json}" national total_wte)
  string(JSON file GET "${json}" planned_scenario file)
  if(NOT file STREQUAL "planned_scenario.yaml")
    message(FATAL_ERROR "plan.json does not name planned_scenario.yaml: ${file}")
  endif()
  # From elsewhere, with only the results directory: its tables are beside it.
  pimhsim(0 run "${plan}/planned_scenario.yaml" --out "${WORK_DIR}/run_${rule}" --quiet)
  funded_wte("${WORK_DIR}/run_${rule}" "Planned staffing" funded)
  # CMake's math is integer: the two are compared as text to six decimals.
  foreach(v funded total)
    string(REGEX MATCH "^[0-9]+\\.?[0-9]?[0-9]?[0-9]?[0-9]?[0-9]?[0-9]?" ${v}_6 "${${v}}")
    if(${v}_6 MATCHES "\\.")
      string(REGEX REPLACE "0+$" "" ${v}_6 "${${v}_6}")
      string(REGEX REPLACE "\\.$" "" ${v}_6 "${${v}_6}")
    endif()
  endforeach()
  set(a "${funded_6}")
  set(b "${total_6}")
  if(funded STREQUAL "" OR NOT a STREQUAL b)
    message(FATAL_ERROR "the planned scenario funds ${funded} WTE in its first year; the plan "
                        "(--rule ${rule}) reports ${total}")
  endif()
  funded_wte("${WORK_DIR}/run_${rule}" "No specialist" none)
  if(NOT none STREQUAL "0")
    message(FATAL_ERROR "the planned scenario's comparator funds ${none} WTE, not 0")
  endif()
endforeach()

# A per-area plan of two areas funds each its own WTE: no single rule, so no scenario, and why.
set(plan "${WORK_DIR}/plan_per_area")
pimhsim(0 plan ${small} --target "detection >= 0.3" --out "${plan}")
if(EXISTS "${plan}/planned_scenario.yaml")
  message(FATAL_ERROR "a per-area plan of two areas wrote a planned_scenario.yaml")
endif()
file(READ "${plan}/plan.json" json)
string(JSON why GET "${json}" planned_scenario why_not)
if(NOT why MATCHES "per-area plan")
  message(FATAL_ERROR "plan.json does not say why no scenario was written: ${why}")
endif()
