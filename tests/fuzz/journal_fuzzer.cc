// libFuzzer harness: the journals of `psa` and `dsa` as `--resume` reads them. Each line of the
// input is read as a PSA line (analysis::parse_journal_line, a layout of 2 options x 3 figures
// and 2 sampled parameters) and as a DSA line (analysis::parse_dsa_journal_line, 2 compared
// options), first as it is and then with a valid checksum (analysis::checksummed_line), so that
// the fields behind the checksum are reached. A line that parses must write back to itself.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/analysis/psa.h"

namespace {

const pimhsim::analysis::PsaLayout& layout() {
  static const pimhsim::analysis::PsaLayout l = [] {
    pimhsim::analysis::PsaLayout x;
    x.figures = {{"cost", "", false, ""}, {"qalys", "", false, ""}, {"delta_cost", "", true, ""}};
    x.cost = 0;
    x.effect = 1;
    x.options = {"usual_care", "enhanced"};
    x.parameters = {"p_a", "c_b"};
    return x;
  }();
  return l;
}

void read_line(std::string_view line) {
  if (const auto it = pimhsim::analysis::parse_journal_line(line, layout())) {
    const std::string again = pimhsim::analysis::journal_line(*it);
    const auto back = pimhsim::analysis::parse_journal_line(again, layout());
    if (!back || back->iteration != it->iteration || back->value.size() != it->value.size() ||
        back->parameters.size() != it->parameters.size())
      __builtin_trap();
  }
  if (const auto e = pimhsim::analysis::parse_dsa_journal_line(line, 2)) {
    const std::string again = pimhsim::analysis::dsa_journal_line(e->first, e->second);
    const auto back = pimhsim::analysis::parse_dsa_journal_line(again, 2);
    if (!back || back->first != e->first || back->second.size() != e->second.size())
      __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    read_line(line);
    read_line(pimhsim::analysis::checksummed_line(line));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return 0;
}
