// Plain words and numbers for people in the reports of plans and comparisons: the names of the
// pathway model's measures and headline figures as a board member would say them, a plan's
// target in words, and each figure formatted for its kind (a year as a year, a share as a
// percentage, money with its scale).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {
namespace {

bool starts(const std::string& s, const std::string& prefix) {
  return s.rfind(prefix, 0) == 0;
}

std::string perspective_words(const std::string& p) {
  if (p == "nhs_pss") return "NHS and PSS";
  if (p == "public_sector") return "public sector";
  if (p == "societal") return "society";
  return perspective_label(p);
}

// The number after `prefix` as a threshold for people: "nmb_20000" -> "20,000".
std::string threshold_after(const std::string& name, const std::string& prefix) {
  const std::string rest = name.substr(prefix.size());
  char* end = nullptr;
  const double w = std::strtod(rest.c_str(), &end);
  return end == rest.c_str() ? rest : core::human_number(w);
}

}  // namespace

std::string lower_first(std::string words) {
  if (!words.empty())
    words[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(words[0])));
  return words;
}

std::string parameter_words(const std::string& model, const std::string& name) {
  const auto* spec = models::spec_of(model);
  if (spec == nullptr) return name;
  const core::ParameterSpec* declared = nullptr;
  std::string share;
  for (const auto& p : spec->parameters) {
    if (p.name == name) {
      declared = &p;
      share.clear();
      break;
    }
    // A share of a split parameter: "severity.depression.moderate" of "severity.depression".
    if (name.size() > p.name.size() + 1 && starts(name, p.name) && name[p.name.size()] == '.' &&
        (declared == nullptr || p.name.size() > declared->name.size())) {
      declared = &p;
      share = name.substr(p.name.size() + 1);
    }
  }
  if (declared == nullptr || declared->description.empty()) return name;
  std::string words = declared->description;
  words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  if (!share.empty()) {
    std::replace(share.begin(), share.end(), '_', ' ');
    words += ": " + share;
  }
  return words;
}

std::string plain_label(const std::string& name) {
  static const std::map<std::string, std::string> kNames = {
      // plan measures (dose_response.csv, plan.json)
      {"detection", "Ill mothers identified"},
      {"timely_specialist", "Referrals seen by the specialist in time"},
      {"specialist_care", "Ill mothers with the specialist's care"},
      {"trained_share", "Health visitors trained (final year)"},
      {"incremental_qalys", "QALYs gained"},
      {"wisn_requirement", "Specialists the workload needs (WHO WISN)"},
      {"wisn_difference", "Specialists in post minus need"},
      // headline figures (headline.csv)
      {"investment", "Investment in specialists and training"},
      {"qalys", "QALYs of mother and child"},
      {"dyads", "Mother-and-baby pairs"},
      {"mothers_ill", "Mothers ill"},
      {"detected", "Ill mothers identified"},
      {"treated_any", "Ill mothers who started care"},
      {"recovered_by_exit", "Recovered by the child's second birthday"},
      {"specialist_timely", "Started the specialist's care in time"},
      {"funded_wte", "Specialist posts funded (WTE)"},
      {"wisn_gap_wte", "Specialists in post minus need (WTE)"},
      {"recovery_saturated", "Recovery targets out of reach (1: yes)"},
      {"delta_qalys", "QALYs gained"}};
  if (const auto it = kNames.find(name); it != kNames.end()) return it->second;
  if (name == "net_savings" || name == "roi" || name == "payback_year")
    return plain_label(name + "_nhs_pss");
  if (starts(name, "nmb@"))
    return "Net monetary benefit at " + threshold_after(name, "nmb@") + " per QALY";
  if (starts(name, "nmb_"))
    return "Net monetary benefit at " + threshold_after(name, "nmb_") + " per QALY";
  if (starts(name, "delta_nmb_"))
    return "Extra net monetary benefit at " + threshold_after(name, "delta_nmb_") + " per QALY";
  if (starts(name, "delta_cost_")) return "Extra cost, " + perspective_words(name.substr(11));
  if (starts(name, "cost_")) return "Cost, " + perspective_words(name.substr(5));
  if (starts(name, "net_savings_")) return "Net savings, " + perspective_words(name.substr(12));
  if (starts(name, "roi_")) return "Return per 1 invested, " + perspective_words(name.substr(4));
  if (starts(name, "payback_year_")) return "Payback year, " + perspective_words(name.substr(13));
  if (starts(name, "pair_delta_nmb_")) {
    const auto over = name.find("_over_option_");
    if (over != std::string::npos)
      return fmt::format("Extra net monetary benefit at {} per QALY over option {}",
                         threshold_after(name.substr(0, over), "pair_delta_nmb_"),
                         name.substr(over + 13));
  }
  std::string words = name;
  for (auto& c : words)
    if (c == '_') c = ' ';
  return words;
}

std::string target_words(const std::string& target) {
  const auto lower = lower_first;
  const auto space = target.find(' ');
  if (target.rfind("max ", 0) == 0) return "the highest " + lower(plain_label(target.substr(4)));
  if (target.rfind("min ", 0) == 0) return "the lowest " + lower(plain_label(target.substr(4)));
  const auto op_end = space == std::string::npos ? space : target.find(' ', space + 1);
  if (space == std::string::npos || op_end == std::string::npos) return target;
  const std::string measure = target.substr(0, space);
  const std::string op = target.substr(space + 1, op_end - space - 1);
  const std::string value = target.substr(op_end + 1);
  const char* words = op == ">=" || op == ">"   ? "at least"
                      : op == "<=" || op == "<" ? "at most"
                                                : "";
  if (*words == '\0') return target;
  const std::string label = lower(plain_label(measure));
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  const bool share = measure == "detection" || measure == "timely_specialist" ||
                     measure == "specialist_care" || measure == "trained_share";
  const std::string shown = end != value.c_str() && share ? fmt::format("{:g}%", 100 * v) : value;
  return fmt::format("{} {} {}", label, words, shown);
}

std::string figure_text(const std::string& name, double value, double se) {
  if (!std::isfinite(value)) return "–";
  const std::string bare = name.rfind("delta_", 0) == 0 ? name.substr(6) : name;
  if (starts(bare, "payback_year")) return fmt::format("{:.0f}", value);
  if (starts(bare, "roi"))
    return se > 0 ? fmt::format("{:.2f} ± {:.2f}", value, se) : fmt::format("{:.2f}", value);
  if (bare.size() > 4 && bare.substr(bare.size() - 4) == "_wte")
    return se > 0 ? fmt::format("{:.1f} ± {:.1f}", value, se) : fmt::format("{:.1f}", value);
  if (bare == "recovery_saturated") return fmt::format("{:.0f}", value);
  const bool money = starts(bare, "cost") || starts(bare, "nmb") || starts(bare, "net_savings") ||
                     bare == "investment" || starts(bare, "pair_delta_nmb");
  if (money) return money_with_se(value, se);
  // counts of people and QALYs: whole numbers with separators, or a few digits when small
  const auto count = [](double x) {
    const double a = std::fabs(x);
    return a >= 1000 ? core::human_number(x)
           : a >= 10 ? fmt::format("{:.0f}", x)
                     : fmt::format("{:.3g}", x);
  };
  return se > 0 ? count(value) + " ± " + count(se) : count(value);
}

std::vector<std::string> without_common_prefix(const std::vector<std::string>& labels,
                                               std::string& prefix) {
  prefix.clear();
  if (labels.size() < 2) return labels;
  std::size_t n = labels.front().size();
  for (const auto& l : labels) {
    std::size_t k = 0;
    while (k < n && k < l.size() && l[k] == labels.front()[k]) ++k;
    n = k;
  }
  // Cut before a separator (": " or ", ") that every label has right after the prefix.
  while (n > 0) {
    const bool separated = std::all_of(labels.begin(), labels.end(), [&](const std::string& l) {
      return l.size() > n + 2 && (l.compare(n, 2, ": ") == 0 || l.compare(n, 2, ", ") == 0);
    });
    if (separated) break;
    --n;
  }
  if (n == 0) return labels;
  prefix = labels.front().substr(0, n);
  std::vector<std::string> out;
  for (const auto& l : labels) out.push_back(l.substr(n + 2));
  return out;
}

}  // namespace pimhsim::output
