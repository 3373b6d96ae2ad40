// Where results may go, checked before anything is simulated or written.
//
// A command's results directory appears in one step and replaces whatever was there whole
// (output/atomic_directory.h). So the directory must be new, empty, or an earlier PIMHsim results
// directory: one holding the manifest.json that every command writes. It must not be, or hold,
// a file the run reads (the scenario, the files it extends, its tables) or the working
// directory, and it must be creatable. The journal directory DIR.partial of `psa` and `dsa`,
// removed when the results are written, may hold nothing but the journal and its lock file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/status.h"

namespace pimhsim::output {

// Why results cannot be written to `dir` ("LABEL: what is wrong (what is expected)"), or "" if
// they can (a path in UTF-8, core/utf8.h, among other things). `label` is how the front end
// names the directory (e.g. "--out DIR"); `inputs` are the files the run reads.
std::string results_dir_problem(const std::string& label, const std::string& dir,
                                const std::vector<std::string>& inputs);

// How a message names the results directory `dir`: given as setting `resume` or `out`, or the
// default (then saying how to choose another).
std::string results_dir_label(const std::string& dir, bool resume, bool out);

// The same for the journal directory of a resumable run (DIR.partial); `choose_other` says how
// to choose another results directory (e.g. "choose another --out").
std::string journal_dir_problem(const std::filesystem::path& partial,
                                const std::vector<std::string>& inputs,
                                const std::string& choose_other);

// The bytes of a file a results directory holds (or a file written for one); nothing, and `why`
// ("no such file", "not a regular file", "larger than 1 GiB", "cannot be read"), if it cannot
// be read whole.
std::optional<std::string> read_result_file(const std::filesystem::path& file, std::string& why);

// Writes `content` to `file` whole or not at all: into a temporary file beside it (removed on a
// signal), renamed over it; a failed status naming the file if it cannot.
core::Status write_file_whole(const std::filesystem::path& file, const std::string& content);

// Whether `dir` holds a manifest.json written by PIMHsim (a JSON object with `pimhsim_version`).
bool is_results_directory(const std::filesystem::path& dir);

}  // namespace pimhsim::output
