# `pimhsim plan` writes the plan as a runnable scenario (planned_scenario.yaml, and with
# --write-scenario FILE where the user asks) whose planned option funds exactly the staffing the
# plan reports, a rule's or each area's own.
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

# `x` to six decimals, trailing zeros dropped (CMake's math is integer: numbers compare as text).
function(six x out_var)
  string(REGEX MATCH "^[0-9]+\\.?[0-9]?[0-9]?[0-9]?[0-9]?[0-9]?[0-9]?" y "${x}")
  if(y MATCHES "\\.")
    string(REGEX REPLACE "0+$" "" y "${y}")
    string(REGEX REPLACE "\\.$" "" y "${y}")
  endif()
  set(${out_var} "${y}" PARENT_SCOPE)
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
  six("${funded}" a)
  six("${total}" b)
  if(funded STREQUAL "" OR NOT a STREQUAL b)
    message(FATAL_ERROR "the planned scenario funds ${funded} WTE in its first year; the plan "
                        "(--rule ${rule}) reports ${total}")
  endif()
  funded_wte("${WORK_DIR}/run_${rule}" "No specialist" none)
  if(NOT none STREQUAL "0")
    message(FATAL_ERROR "the planned scenario's comparator funds ${none} WTE, not 0")
  endif()
endforeach()

# Every area of `plan`/plan.csv is funded its planned WTE in the first year of `run`.
function(check_areas_funded plan run)
  file(STRINGS "${plan}/plan.csv" rows REGEX ",E[0-9]+,")
  list(LENGTH rows n)
  if(NOT n EQUAL 2)
    message(FATAL_ERROR "${plan}/plan.csv: expected 2 areas, found ${n}")
  endif()
  foreach(row IN LISTS rows)
    string(REGEX MATCH ",(E[0-9]+),[^,]*,[^,]*,([^,]*)," _ "${row}")
    set(code "${CMAKE_MATCH_1}")
    six("${CMAKE_MATCH_2}" planned)
    file(STRINGS "${run}/staffing_by_area.csv" funded_rows REGEX ",Planned staffing,${code},")
    list(GET funded_rows 0 first)
    string(REGEX MATCH ",Planned staffing,${code},[^,]*,[0-9]+,([^,]*)," _ "${first}")
    six("${CMAKE_MATCH_1}" funded)
    if(planned STREQUAL "" OR NOT funded STREQUAL planned)
      message(FATAL_ERROR "${run}: ${code} is funded ${funded} WTE in its first year; the plan "
                          "gives it ${planned}")
    endif()
  endforeach()
endfunction()

# A per-area plan of two areas funds each its own WTE: the planned option reads them from a copy
# of the areas table (switches.staffing_rule: area_table), in the results directory and beside
# the file --write-scenario names; running either funds each area exactly its planned WTE.
set(plan "${WORK_DIR}/plan_per_area")
file(MAKE_DIRECTORY "${WORK_DIR}/elsewhere")
pimhsim(0 plan ${small} --target "detection >= 0.3" --out "${plan}"
        --write-scenario "${WORK_DIR}/elsewhere/per_area.yaml")
foreach(f "${plan}/planned_scenario.yaml" "${plan}/tables/planned_areas.csv"
          "${WORK_DIR}/elsewhere/per_area.yaml" "${WORK_DIR}/elsewhere/per_area_areas.csv")
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "a per-area plan of two areas wrote no ${f}")
  endif()
endforeach()
pimhsim(0 run "${plan}/planned_scenario.yaml" --by-area --out "${WORK_DIR}/run_per_area" --quiet)
check_areas_funded("${plan}" "${WORK_DIR}/run_per_area")
pimhsim(0 run "${WORK_DIR}/elsewhere/per_area.yaml" --by-area --out "${WORK_DIR}/run_elsewhere"
        --quiet)
check_areas_funded("${plan}" "${WORK_DIR}/run_elsewhere")

# --write-scenario of a rule's plan names the table it planned from, relative to the file.
set(plan "${WORK_DIR}/plan_uniform_file")
pimhsim(0 plan ${small} --budget 300000 --rule uniform --out "${plan}"
        --write-scenario "${WORK_DIR}/elsewhere/uniform.yml")
file(READ "${WORK_DIR}/elsewhere/uniform.yml" yaml)
if(NOT yaml MATCHES "table: \\.\\./\\.\\./")
  message(FATAL_ERROR "uniform.yml does not name the areas table relative to itself:\n${yaml}")
endif()
pimhsim(0 run "${WORK_DIR}/elsewhere/uniform.yml" --out "${WORK_DIR}/run_uniform_file" --quiet)
# Written again over an earlier plan's file; refused over any other file, and for a sweep alone.
pimhsim(0 plan ${small} --budget 300000 --rule uniform --out "${plan}"
        --write-scenario "${WORK_DIR}/elsewhere/uniform.yml")
file(WRITE "${WORK_DIR}/elsewhere/mine.yaml" "# my own notes\n")
pimhsim(2 plan ${small} --budget 300000 --rule uniform --out "${WORK_DIR}/refused"
        --write-scenario "${WORK_DIR}/elsewhere/mine.yaml")
pimhsim(2 plan ${small} --budget 300000 --rule uniform --out "${WORK_DIR}/refused"
        --write-scenario "${WORK_DIR}/elsewhere/plan.txt")
pimhsim(2 plan ${small} --sweep 0:2:1 --out "${WORK_DIR}/refused"
        --write-scenario "${WORK_DIR}/elsewhere/sweep.yaml")
if(EXISTS "${WORK_DIR}/refused" OR EXISTS "${WORK_DIR}/elsewhere/sweep.yaml")
  message(FATAL_ERROR "a refused plan wrote results or a scenario")
endif()
file(READ "${WORK_DIR}/elsewhere/mine.yaml" mine)
if(NOT mine STREQUAL "# my own notes\n")
  message(FATAL_ERROR "a refused plan changed mine.yaml")
endif()
