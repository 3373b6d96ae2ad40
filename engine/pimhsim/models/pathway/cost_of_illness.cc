#include "pimhsim/models/pathway/cost_of_illness.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/outcomes.h"

namespace pimhsim::models::pathway {
namespace {

constexpr int kBases = 3;
constexpr std::array<const char*, kBases> kBasisNames = {"undiscounted", "present_value_at_birth",
                                                         "discounted_to_horizon_start"};

struct Amounts {
  std::array<double, kBases> by_basis{};
  void operator+=(const Amounts& o) {
    for (int b = 0; b < kBases; ++b) by_basis[b] += o.by_basis[b];
  }
};

double count(const core::Tally& t, std::size_t measure, double f) {
  double n = 0;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y) {
    const auto& m = t.level(0, measure, y);
    n += m.mean() * static_cast<double>(m.count());
  }
  return n * f;
}

}  // namespace

std::string cost_of_illness_csv(const core::Tally& t, const Inputs& in,
                                const core::DiscountSchedule& costs, double dyad_factor,
                                double total_factor) {
  const double births = count(t, kDyads, dyad_factor);
  std::array<double, kConditions> cases{};
  double all_cases = 0;
  for (int c = 0; c < kConditions; ++c)
    all_cases += cases[c] = count(t, kIllByCondition + c, dyad_factor);

  core::CsvTable table({"option", "condition", "person", "line", "payer", "basis", "cases",
                        "births", "total", "per_case", "per_birth"});
  const std::string option = t.layout().options()[0];
  // Pounds to the penny, counts to the whole person.
  const auto pence = [](double x) { return std::round(x * 100) / 100; };
  auto row = [&](const std::string& condition, const std::string& person, const std::string& line,
                 const std::string& payer, double n, const Amounts& a) {
    for (int b = 0; b < kBases; ++b) {
      const double total = a.by_basis[b];
      auto r = table.row();
      r.text(option).text(condition).text(person).text(line).text(payer).text(kBasisNames[b]);
      r.integer(std::llround(n)).integer(std::llround(births)).number(pence(total));
      if (n > 0)
        r.number(pence(total / n));
      else
        r.empty();
      if (births > 0)
        r.number(pence(total / births));
      else
        r.empty();
      r.end();
    }
  };
  // Present value at the birth, at the scenario's rate, per undiscounted unit of each line.
  std::array<std::array<double, kLines>, 2> pv_at_birth{};
  for (int p = 0; p < 2; ++p)
    for (int l = 0; l < kLines; ++l)
      pv_at_birth[p][l] =
          profile_present_value(costs, 0, in.years[p][l][0], in.years[p][l][1]) /
          (in.undiscounted_per_pv[p][l] *
           profile_present_value(in.source_discount, 0, in.years[p][l][0], in.years[p][l][1]));

  std::array<std::array<Amounts, kLines>, 2> all_conditions{};
  Amounts everything;
  for (int c = 0; c < kConditions; ++c) {
    Amounts condition_total;
    for (int p = 0; p < 2; ++p) {
      Amounts person_total;
      for (int l = 0; l < kLines; ++l) {
        const std::size_t slot = cost_of_illness_slot(c, p, l);
        const double undiscounted = t.total(0, kCostOfIllnessUndiscounted + slot) * total_factor;
        const Amounts a{{undiscounted, undiscounted * pv_at_birth[p][l],
                         t.total(0, kCostOfIllnessDiscounted + slot) * total_factor}};
        const int payer = kLinePayer[l];
        row(kConditionNames[c], kPersons[p], kLineNames[l], payer < 0 ? "none" : kPayerNames[payer],
            cases[c], a);
        person_total += a;
        all_conditions[p][l] += a;
      }
      row(kConditionNames[c], kPersons[p], "all", "all", cases[c], person_total);
      condition_total += person_total;
    }
    row(kConditionNames[c], "both", "all", "all", cases[c], condition_total);
    everything += condition_total;
  }
  for (int p = 0; p < 2; ++p)
    for (int l = 0; l < kLines; ++l) {
      const int payer = kLinePayer[l];
      row("all", kPersons[p], kLineNames[l], payer < 0 ? "none" : kPayerNames[payer], all_cases,
          all_conditions[p][l]);
    }
  row("all", "both", "all", "all", all_cases, everything);
  return table.text();
}

}  // namespace pimhsim::models::pathway
