# End-to-end checks of what `pimhsim run` writes.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... -DCHECK=kind -P check_runs.cmake
#
# CHECK=threads  --threads 1, 2 and 7 give byte-identical summary.json, results.csv and
#                scenario.resolved.yaml, and manifest.json identical but for the
#                `wall_seconds`, `threads` and `command_line` lines.
# CHECK=replace  a run into an existing results directory replaces it whole: nothing of the old
#                directory is left, and it holds exactly what a run into a new directory writes.
# CHECK=seed     `--seed N` gives the results of `--set run.seed=N`, and other results than the
#                scenario's own seed.
# CHECK=out_dir  results never replace what is not an earlier results directory: a directory of
#                other files, one that holds the scenario, a base it extends, its table or the
#                working directory, a file, an empty path, and a journal directory of other files
#                are refused with exit 2 before anything runs (run, psa, dsa, plan, compare), and
#                are left as they were; nothing is created. SOURCE_DIR is the source tree.
# CHECK=rerun    `pimhsim run DIR/scenario.resolved.yaml`, from another working directory, gives
#                byte-identical results.csv, by-area and staffing files, scenario.resolved.yaml
#                and table copies, the same content hash, and a summary.json that differs only
#                in the scenario's file name.
#
# ARGS (optional) are extra arguments for every run of SCENARIO, split like a shell command line.
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE SCENARIO WORK_DIR CHECK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_runs.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(kFiles columns.csv frontier.csv manifest.json results.csv scenario.resolved.yaml summary.json)
separate_arguments(kArgs UNIX_COMMAND "${ARGS}")

# Runs `pimhsim run SCENARIO --out OUT ARGS...` and requires success and every output file.
function(run_into out)
  execute_process(COMMAND "${PIMHSIM_EXE}" run "${SCENARIO}" --out "${out}" --quiet ${kArgs} ${ARGN}
                  WORKING_DIRECTORY "${WORK_DIR}"
                  TIMEOUT 300
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE stdout
                  ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "pimhsim run ${SCENARIO} --out ${out} ${ARGN}: exit status `${status}`\n${stdout}${stderr}")
  endif()
  foreach(f IN LISTS kFiles)
    if(NOT EXISTS "${out}/${f}")
      message(FATAL_ERROR "pimhsim run ... --out ${out} ${ARGN}: no ${f}")
    endif()
  endforeach()
endfunction()

# Fails unless the two files are byte-identical.
function(require_same a b)
  file(SHA256 "${a}" ha)
  file(SHA256 "${b}" hb)
  if(NOT ha STREQUAL hb)
    message(FATAL_ERROR "${a}\nand\n${b}\ndiffer; they must be byte-identical")
  endif()
endfunction()

function(require_different a b)
  file(SHA256 "${a}" ha)
  file(SHA256 "${b}" hb)
  if(ha STREQUAL hb)
    message(FATAL_ERROR "${a}\nand\n${b}\nare identical; they must differ")
  endif()
endfunction()

# manifest.json without the lines that may differ between runs of the same work.
function(manifest_core file out_var)
  file(READ "${file}" text)
  string(REGEX REPLACE "\n *\"(wall_seconds|threads|command_line)\": [^\n]*" "" text "${text}")
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

if(CHECK STREQUAL "threads")
  foreach(n 1 2 7)
    run_into("${WORK_DIR}/threads_${n}" --threads ${n})
    file(READ "${WORK_DIR}/threads_${n}/manifest.json" manifest)
    if(NOT manifest MATCHES "\"threads\": ${n}[,\n]")
      message(FATAL_ERROR "threads_${n}/manifest.json does not record ${n} threads:\n${manifest}")
    endif()
  endforeach()
  foreach(n 2 7)
    foreach(f summary.json results.csv scenario.resolved.yaml frontier.csv)
      require_same("${WORK_DIR}/threads_1/${f}" "${WORK_DIR}/threads_${n}/${f}")
    endforeach()
    manifest_core("${WORK_DIR}/threads_1/manifest.json" m1)
    manifest_core("${WORK_DIR}/threads_${n}/manifest.json" mn)
    if(NOT m1 STREQUAL mn)
      message(FATAL_ERROR "manifest.json differs between --threads 1 and --threads ${n} beyond "
                          "wall_seconds, threads and command_line:\n${m1}\n---\n${mn}")
    endif()
  endforeach()

elseif(CHECK STREQUAL "replace")
  set(out "${WORK_DIR}/out")
  run_into("${out}" --threads 2 --seed 1)
  file(COPY_FILE "${out}/summary.json" "${WORK_DIR}/first_summary.json")
  file(WRITE "${out}/stray.txt" "left by someone else\n")
  file(MAKE_DIRECTORY "${out}/stray_dir")
  file(WRITE "${out}/stray_dir/file.txt" "left by someone else\n")
  run_into("${out}" --threads 2 --seed 2)
  run_into("${WORK_DIR}/fresh" --threads 2 --seed 2)
  file(GLOB left RELATIVE "${out}" LIST_DIRECTORIES true "${out}/*" "${out}/.*")
  list(SORT left)
  set(expected_files ${kFiles})
  list(SORT expected_files)
  if(NOT left STREQUAL expected_files)
    message(FATAL_ERROR "after a second run, ${out} holds `${left}`; expected exactly `${expected_files}`")
  endif()
  foreach(f summary.json results.csv scenario.resolved.yaml)
    require_same("${out}/${f}" "${WORK_DIR}/fresh/${f}")
  endforeach()
  require_different("${WORK_DIR}/first_summary.json" "${out}/summary.json")
  file(GLOB staging LIST_DIRECTORIES true "${WORK_DIR}/.out*")
  if(staging)
    message(FATAL_ERROR "staging directories left behind: ${staging}")
  endif()

elseif(CHECK STREQUAL "seed")
  run_into("${WORK_DIR}/seed_option" --threads 2 --seed 12345)
  run_into("${WORK_DIR}/set_seed" --threads 2 --set run.seed=12345)
  run_into("${WORK_DIR}/scenario_seed" --threads 2)
  foreach(f summary.json results.csv scenario.resolved.yaml)
    require_same("${WORK_DIR}/seed_option/${f}" "${WORK_DIR}/set_seed/${f}")
  endforeach()
  foreach(f summary.json results.csv)
    require_different("${WORK_DIR}/seed_option/${f}" "${WORK_DIR}/scenario_seed/${f}")
  endforeach()
  file(READ "${WORK_DIR}/seed_option/manifest.json" manifest)
  if(NOT manifest MATCHES "\"seed\": 12345[,\n]")
    message(FATAL_ERROR "manifest.json does not record seed 12345:\n${manifest}")
  endif()

elseif(CHECK STREQUAL "out_dir")
  # The tree the refusals must leave as it is: every file with its hash, every directory.
  function(snapshot out_var)
    file(GLOB_RECURSE entries LIST_DIRECTORIES true RELATIVE "${WORK_DIR}" "${WORK_DIR}/*")
    list(SORT entries)
    set(text "")
    foreach(e IN LISTS entries)
      if(IS_DIRECTORY "${WORK_DIR}/${e}")
        string(APPEND text "${e}/\n")
      else()
        file(SHA256 "${WORK_DIR}/${e}" h)
        string(APPEND text "${e} ${h}\n")
      endif()
    endforeach()
    set(${out_var} "${text}" PARENT_SCOPE)
  endfunction()
  # `pimhsim ARGN` (run in WORK_DIR/cwd) must exit 2 with EXPECT on stderr, print nothing on stdout
  # and change nothing below WORK_DIR.
  function(refused expect)
    snapshot(before)
    execute_process(COMMAND "${PIMHSIM_EXE}" ${ARGN}
                    WORKING_DIRECTORY "${WORK_DIR}/cwd" TIMEOUT 120
                    RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
    snapshot(after)
    string(FIND "${stderr}" "${expect}" at)
    if(NOT status STREQUAL "2" OR at EQUAL -1 OR NOT stdout STREQUAL "" OR NOT before STREQUAL after)
      message(FATAL_ERROR "pimhsim ${ARGN}\n  exit status `${status}` (expected 2)\n  stderr: ${stderr}\n"
                          "  expected on stderr: ${expect}\n  stdout: ${stdout}\n"
                          "  tree before:\n${before}\n  tree after:\n${after}")
    endif()
  endfunction()

  set(england "${SOURCE_DIR}/scenarios/england.yaml")
  set(small_england --set run.scale=0.05 --set run.horizon=1 --set "areas.include=[E06000047]")
  file(MAKE_DIRECTORY "${WORK_DIR}/cwd")
  # A directory of someone else's files.
  file(WRITE "${WORK_DIR}/theirs/notes.txt" "someone else's\n")
  file(WRITE "${WORK_DIR}/theirs/more/data.csv" "a,b\n")
  set(not_results "`${WORK_DIR}/theirs` is not empty (`more`, `notes.txt`) and has no manifest.json written by PIMHsim")
  refused("pimhsim run: --out ${WORK_DIR}/theirs: ${not_results}" run "${SCENARIO}" --out "${WORK_DIR}/theirs")
  refused("pimhsim psa: --out ${WORK_DIR}/theirs: ${not_results}" psa "${SCENARIO}" --out "${WORK_DIR}/theirs")
  refused("pimhsim dsa: --out ${WORK_DIR}/theirs: ${not_results}" dsa "${SCENARIO}" --out "${WORK_DIR}/theirs")
  refused("pimhsim plan: --out ${WORK_DIR}/theirs: ${not_results}"
          plan "${england}" --target "detection >= 0.5" ${small_england} --out "${WORK_DIR}/theirs")
  refused("pimhsim compare: --out ${WORK_DIR}/theirs: ${not_results}"
          compare "${SCENARIO}" "${SCENARIO}" --out "${WORK_DIR}/theirs")
  # A manifest.json that PIMHsim did not write does not make a results directory.
  file(WRITE "${WORK_DIR}/theirs/manifest.json" "{\"name\": \"my project\"}\n")
  refused("has no manifest.json written by PIMHsim" run "${SCENARIO}" --out "${WORK_DIR}/theirs")
  # The directory that holds the scenario (given relative to the working directory), or a base it
  # extends, or its table; the scenario file itself.
  file(MAKE_DIRECTORY "${WORK_DIR}/cwd/project" "${WORK_DIR}/tables")
  file(COPY_FILE "${SCENARIO}" "${WORK_DIR}/cwd/project/model.yaml")
  refused("pimhsim run: --out project: it holds `project/model.yaml`, an input of this run"
          run project/model.yaml --out project)
  refused("pimhsim run: --out ../cwd: it holds `project/model.yaml`, an input of this run"
          run project/model.yaml --out ../cwd)
  refused("pimhsim run: --out project/model.yaml: `project/model.yaml` is an input of this run"
          run project/model.yaml --out project/model.yaml)
  file(WRITE "${WORK_DIR}/cwd/variant.yaml" "extends: project/model.yaml\nname: variant\n")
  refused("pimhsim psa: --out project: it holds `project/model.yaml`, an input of this run"
          psa variant.yaml --out project)
  refused("pimhsim compare: --out project: it holds `project/model.yaml`, an input of this run"
          compare variant.yaml "${SCENARIO}" --out project)
  file(COPY_FILE "${SOURCE_DIR}/scenarios/data/england_births_by_area_2023.csv" "${WORK_DIR}/tables/births.csv")
  refused("it holds `${WORK_DIR}/tables/births.csv`, an input of this run"
          run "${england}" ${small_england} --set "areas.table=${WORK_DIR}/tables/births.csv" --out "${WORK_DIR}/tables")
  # The working directory, or a directory above it.
  refused("pimhsim run: --out ${WORK_DIR}: it holds the working directory" run "${SCENARIO}" --out "${WORK_DIR}")
  refused("pimhsim run: --out .: give the results directory by its own name" run "${SCENARIO}" --out .)
  # The default directory, results/<file name> below the working directory.
  file(WRITE "${WORK_DIR}/cwd/results/model/draft.txt" "draft\n")
  refused("pimhsim run: the default results directory results/model (choose another with --out): `results/model` is not empty"
          run project/model.yaml)
  # A file, a path below a file, an empty path.
  refused("pimhsim run: --out ${WORK_DIR}/theirs/notes.txt: `${WORK_DIR}/theirs/notes.txt` is a regular file, not a directory"
          run "${SCENARIO}" --out "${WORK_DIR}/theirs/notes.txt")
  refused("pimhsim psa: --out ${WORK_DIR}/theirs/notes.txt/x: cannot be created: `${WORK_DIR}/theirs/notes.txt` is a regular file"
          psa "${SCENARIO}" --out "${WORK_DIR}/theirs/notes.txt/x")
  # (An empty argument, which refused()'s ARGN would drop.)
  execute_process(COMMAND "${PIMHSIM_EXE}" run "${SCENARIO}" --out ""
                  WORKING_DIRECTORY "${WORK_DIR}/cwd" TIMEOUT 120 RESULT_VARIABLE status ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "2" OR NOT stderr MATCHES "pimhsim run: --out '': an empty path")
    message(FATAL_ERROR "pimhsim run ... --out '': exit status `${status}`: ${stderr}")
  endif()
  # The journal directory of psa and dsa (removed once the results are written) holding other files.
  file(WRITE "${WORK_DIR}/fresh.partial/mine.txt" "mine\n")
  refused("pimhsim psa: ${WORK_DIR}/fresh.partial (where the run keeps its journal, removed once the results are written): it holds `mine.txt`"
          psa "${SCENARIO}" --out "${WORK_DIR}/fresh")
  refused("pimhsim dsa: ${WORK_DIR}/fresh.partial (where the run keeps its journal, removed once the results are written): it holds `mine.txt`"
          dsa "${SCENARIO}" --out "${WORK_DIR}/fresh")
  # An empty directory and an earlier results directory are written to.
  file(MAKE_DIRECTORY "${WORK_DIR}/empty")
  run_into("${WORK_DIR}/empty" --threads 2)
  run_into("${WORK_DIR}/empty" --threads 2)
elseif(CHECK STREQUAL "rerun")
  set(first "${WORK_DIR}/first")
  run_into("${first}" --threads 2)
  # From another folder, with nothing but the results directory: no --set, no original scenario.
  set(elsewhere "${WORK_DIR}/elsewhere")
  file(MAKE_DIRECTORY "${elsewhere}")
  set(second "${WORK_DIR}/second")
  execute_process(COMMAND "${PIMHSIM_EXE}" run ../first/scenario.resolved.yaml --out ../second --quiet --threads 2
                  WORKING_DIRECTORY "${elsewhere}" TIMEOUT 300
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "pimhsim run ../first/scenario.resolved.yaml: exit status `${status}`\n${stdout}${stderr}")
  endif()
  file(GLOB_RECURSE files RELATIVE "${first}" "${first}/*")
  list(REMOVE_ITEM files manifest.json summary.json)
  foreach(f IN LISTS files)
    if(NOT EXISTS "${second}/${f}")
      message(FATAL_ERROR "the rerun wrote no ${f}")
    endif()
    require_same("${first}/${f}" "${second}/${f}")
  endforeach()
  foreach(f results.csv scenario.resolved.yaml)
    if(NOT "${f}" IN_LIST files)
      message(FATAL_ERROR "the first run wrote no ${f}")
    endif()
  endforeach()
  foreach(f summary.json manifest.json)
    file(READ "${first}/${f}" a)
    file(READ "${second}/${f}" b)
    foreach(text a b)
      if(f STREQUAL "manifest.json")
        # The first run's --set overrides are in the rerun's scenario.resolved.yaml instead.
        string(JSON ${text} REMOVE "${${text}}" overrides)
      endif()
      string(REGEX REPLACE "\n *\"(file|scenario_file|source|wall_seconds|threads|command_line)\" ?: [^\n]*" "" ${text} "${${text}}")
    endforeach()
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${f} of the rerun differs beyond file names, time and command line:\n${a}\n---\n${b}")
    endif()
  endforeach()
  file(READ "${second}/manifest.json" manifest)
  if(NOT manifest MATCHES "\"scenario_content_hash\": \"[0-9a-f]+\"")
    message(FATAL_ERROR "manifest.json has no content hash:\n${manifest}")
  endif()
  # The content hash is what `sha256sum scenario.resolved.yaml tables/*.csv | sha256sum` prints
  # (CMake's own SHA-256 here), and the manifest lists each file's digest as sha256sum does.
  file(READ "${first}/manifest.json" manifest)
  string(JSON hash GET "${manifest}" scenario_content_hash)
  file(SHA256 "${first}/scenario.resolved.yaml" digest)
  set(lines "${digest}  scenario.resolved.yaml\n")
  file(GLOB tables RELATIVE "${first}" "${first}/tables/*.csv")
  foreach(t IN LISTS tables)
    file(SHA256 "${first}/${t}" digest)
    string(APPEND lines "${digest}  ${t}\n")
  endforeach()
  string(SHA256 expected "${lines}")
  if(NOT hash STREQUAL expected)
    message(FATAL_ERROR "scenario_content_hash ${hash} is not the SHA-256 of sha256sum's lines:\n${lines}")
  endif()
  string(JSON sums GET "${manifest}" scenario_sha256sums)
  string(JSON first_sum GET "${manifest}" scenario_sha256sums 0)
  string(SUBSTRING "${lines}" 0 88 first_line)
  string(STRIP "${first_line}" first_line)
  if(NOT first_sum STREQUAL first_line)
    message(FATAL_ERROR "manifest.json's scenario_sha256sums: ${sums}, expected ${lines}")
  endif()
  # Overrides as data: each --set of the first run with its key and value.
  if("--set" IN_LIST kArgs)
    string(JSON key GET "${manifest}" overrides 0 key)
    string(JSON value GET "${manifest}" overrides 0 value)
    list(FIND kArgs "${key}=${value}" at)
    if(at LESS 0)
      message(FATAL_ERROR "manifest.json's first override is ${key} = ${value}; the run had ${ARGS}")
    endif()
  endif()

else()
  message(FATAL_ERROR "unknown CHECK `${CHECK}`")
endif()
