// A report's page printed to PDF by headless Chromium (Debian's `chromium`, its --print-to-pdf),
// run as a child process with a fresh profile and no network use; the page's own print style
// (A4, the summary on the first page) lays it out.
#pragma once

#include <filesystem>

#include "pimhsim/core/status.h"

namespace pimhsim::output {

// Prints `html` to the file beside it with the extension .pdf and returns its path; a failed
// status saying why if chromium is not on the PATH or does not write the file.
core::Expected<std::filesystem::path> print_pdf(const std::filesystem::path& html);

}  // namespace pimhsim::output
