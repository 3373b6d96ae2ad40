// The workforce inside the pathway: stock-flow conservation of specialist posts in every area and
// option, the cascade's trained share in its closed form, caseload places from the effective
// clinical WTE, and detection that responds to the cascade (and only to it).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/staffing.h"
#include "pimhsim/workforce/cascade.h"

using namespace pathway_test;

namespace {

const std::vector<std::string> kThreeAreas = {"run.scale=0.1",
                                              "areas.include=[E08000035, E06000047, E09000012]"};

}  // namespace

TEST_CASE(
    "pathway workforce: in post = last month's + hires - leavers in every area, option and month") {
  const auto s = england(kThreeAreas);
  const pw::Model model(s);
  REQUIRE(model.areas().size() == 3);
  int checked = 0;
  for (std::size_t a = 0; a < model.areas().size(); ++a)
    for (std::size_t o = 0; o < 3; ++o) {
      const auto staffing = model.staffing(a);
      const auto& st = staffing[o];
      CAPTURE(a);
      CAPTURE(o);
      const double start = model.funded()[0][a];  // the comparator's staffing, in post at the start
      double stock = start;
      for (std::size_t m = 0; m < st.in_post.size(); ++m) {
        stock += st.hires[m] - st.leavers[m];
        CHECK(st.in_post[m] == doctest::Approx(stock).epsilon(1e-12));
        CHECK(st.effective[m] <= st.in_post[m] + 1e-12);
        CHECK(st.in_post[m] <= std::max(st.funded[m], st.in_post[m > 0 ? m - 1 : 0]) + 1e-12);
        ++checked;
      }
      // Funded from the first month of the horizon; the burn-in runs the comparator's staffing.
      CHECK(st.funded[pw::kLifeMonths] ==
            doctest::Approx(model.options()[o].specialist_wte(model.areas()[a].births)));
      CHECK(st.funded[0] == doctest::Approx(start));
    }
  CHECK(checked == 3 * 3 * (pw::kLifeMonths + 120));
}

// With posts filled at once and no attrition, the training WTE is constant from the horizon's
// start, and the trained share follows s(t) = s* + (s0 - s*) q^t with q = 1 - (r + b + tau)/12,
// s* = (r + b)/(r + b + tau): r from the training WTE, b the other routes that hold s0 steady.
TEST_CASE(
    "pathway workforce: the trained share follows the cascade's closed form from the current "
    "coverage") {
  auto sets = kThreeAreas;
  for (const char* p : {"recruitment_months", "competence_months", "attrition_per_year"})
    sets.push_back(fmt::format("parameters.supply.{}={{value: 0, unit: x, source: test}}", p));
  const auto s = england(sets);
  const pw::Model model(s);
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t o = 0; o < 3; ++o) {
      const auto& in = model.options()[o];
      const auto staffing = model.staffing(a);
      const auto& st = staffing[o];
      CAPTURE(a);
      CAPTURE(o);
      const double s0 = in.initial_trained_share, tau = in.hv_turnover;
      const double b = tau * s0 / (1 - s0);
      CHECK(st.other_training_per_year == doctest::Approx(b));
      const double training_wte = model.funded()[o][a] * in.training_share;
      const double r = training_wte * in.awt_hours / in.specialist_hours_per_hv / st.hv_wte;
      const double star = (r + b) / (r + b + tau), q = 1 - (r + b + tau) / 12;
      for (int m = 0; m < pw::kLifeMonths; ++m)
        CHECK(st.trained_share[m] == doctest::Approx(s0).epsilon(1e-12));
      for (int t = 0; t < 120; ++t)
        CHECK(st.trained_share[pw::kLifeMonths + t] ==
              doctest::Approx(star + (s0 - star) * std::pow(q, t)).epsilon(1e-12));
      if (o > 0) CHECK(st.trained_share.back() > s0 + 0.2);
    }
}

// Specialists change detection only through the cascade (their caseload takes dyads already
// identified). With no training time the identified share is the same dyad by dyad in every
// option (paired increments exactly 0); with the default time split it rises, far beyond noise.
TEST_CASE("pathway workforce: detection responds to the training cascade, and only to it") {
  SUBCASE("no training time: identical detection") {
    auto sets = kThreeAreas;
    sets.push_back(
        "parameters.specialist.time_split={value: {clinical: 0.75, training: 0, "
        "service_development: 0.25}, unit: share, source: test}");
    const auto s = england(sets);
    const auto r = pimhsim::analysis::run(s, 2);
    for (std::size_t o = 1; o < 3; ++o) {
      pimhsim::core::Moments inc;
      for (std::size_t y = 0; y < 10; ++y) inc.merge(r.tally.increment(o, pw::kDetected, y));
      CHECK(inc.mean() == 0.0);
      CHECK(inc.standard_error() == 0.0);
    }
  }
  SUBCASE("default time split: more detection") {
    const auto s = england(kThreeAreas);
    const auto r = pimhsim::analysis::run(s, 2);
    for (std::size_t o = 1; o < 3; ++o) {
      pimhsim::core::Moments inc;
      for (std::size_t y = 0; y < 10; ++y) inc.merge(r.tally.increment(o, pw::kDetected, y));
      CAPTURE(o);
      CHECK(inc.mean() > 5 * inc.standard_error());
    }
  }
}

// Places each month: the effective clinical WTE x caseload per clinical WTE x scale, rounded
// with the area's one uniform; summed over the horizon they are the tally's place-months.
TEST_CASE(
    "pathway workforce: caseload capacity = effective clinical WTE x caseload per clinical WTE") {
  const auto s = england(kThreeAreas);
  const pw::Model model(s);
  const auto r = pimhsim::analysis::run(s, 1);
  for (std::size_t a = 0; a < 3; ++a)
    for (std::size_t o = 1; o < 3; ++o) {
      const auto& in = model.options()[o];
      const auto staffing = model.staffing(a);
      const auto& st = staffing[o];
      double expected_clinical = 0, real_places = 0;
      for (int t = 0; t < 120; ++t) {
        const std::size_t m = static_cast<std::size_t>(pw::kLifeMonths + t);
        CHECK(st.clinical(m) == doctest::Approx(st.effective[m] * in.clinical_share));
        expected_clinical += st.clinical(m);
        real_places += st.clinical(m) * in.caseload_per_clinical_wte;
      }
      double clinical = 0, places = 0;
      for (std::size_t y = 0; y < 10; ++y) {
        clinical += r.partitions[a].total(o, pw::kClinicalWteMonths, y);
        places += r.partitions[a].total(o, pw::kSpecialistSlotMonths, y);
      }
      CAPTURE(a);
      CAPTURE(o);
      CHECK(clinical == doctest::Approx(expected_clinical).epsilon(1e-12));
      // Whole places: each month within one place (at the 10% sample, 10 in population terms).
      CHECK(std::abs(places - real_places) <= 120 * 1.0 / s.run.scale);
    }
}

// Without a national training limit each area's staffing is planned when the area is simulated;
// with one, the coupled plan of every area is made once. A limit that never binds must give the
// same plan and the same run, bit for bit; one that binds must slow the options' hiring.
TEST_CASE(
    "pathway workforce: areas planned one at a time equal the coupled plan when the national limit "
    "never binds") {
  const auto per_area = england(kThreeAreas);
  auto sets = kThreeAreas;
  sets.push_back(
      "parameters.supply.national_hires_per_year={value: 1000000, unit: WTE a year, source: test}");
  const auto never_binds = england(sets);
  sets.back() =
      "parameters.supply.national_hires_per_year={value: 1, unit: WTE a year, source: test}";
  const auto binds = england(sets);
  const pw::Model a(per_area), b(never_binds), c(binds);
  for (std::size_t area = 0; area < 3; ++area) {
    const auto sa = a.staffing(area), sb = b.staffing(area), sc = c.staffing(area);
    for (std::size_t o = 0; o < 3; ++o) {
      CAPTURE(area);
      CAPTURE(o);
      CHECK(sa[o].effective == sb[o].effective);
      CHECK(sa[o].in_post == sb[o].in_post);
      CHECK(sa[o].hires == sb[o].hires);
      CHECK(sa[o].leavers == sb[o].leavers);
      CHECK(sa[o].funded == sb[o].funded);
      CHECK(sa[o].hvs_trained == sb[o].hvs_trained);
      CHECK(sa[o].trained_share == sb[o].trained_share);
      if (o > 0) {  // the comparator funds nothing new, so only the options hire at the limit
        const std::size_t first = static_cast<std::size_t>(pw::kLifeMonths);
        CHECK(sc[o].hires[first] < sa[o].hires[first]);
      }
    }
  }
  const auto ra = pimhsim::analysis::run(per_area, 2), rb = pimhsim::analysis::run(never_binds, 2);
  for (std::size_t o = 0; o < 3; ++o)
    for (std::size_t y = 0; y < 10; ++y) {
      CHECK(ra.tally.level(o, pw::kDetected, y).mean() ==
            rb.tally.level(o, pw::kDetected, y).mean());
      CHECK(ra.tally.total(o, pw::kStaffCost, y) == rb.tally.total(o, pw::kStaffCost, y));
    }
}

TEST_CASE(
    "pathway workforce: an option with staffing_rule area_table funds each area its own row") {
  // The formula for every option but one, whose areas fund what the areas table says; the
  // formula's parameters are not read under area_table.
  const auto s = england(kThreeAreas);
  std::vector<pw::Inputs> options = {inputs(s, 0), inputs(s, 1)};
  options[1].wte_from_area_table = true;
  options[1].minimum_wte = 9;
  const std::vector<pw::AreaWorkforce> areas = {
      {8000, -1, -1, 2.5}, {5000, -1, -1, 0}, {3000, -1, -1, 1.25}};
  const auto funded = pw::funded_by_rule(options, areas);
  for (std::size_t a = 0; a < areas.size(); ++a) {
    CHECK(funded[0][a] == options[0].specialist_wte(areas[a].births));
    CHECK(funded[1][a] == areas[a].specialist_wte);
  }
  // One area simulated on its own takes its staffing from its own row too.
  pw::AreaInput area;
  area.births = 8000;
  area.specialist_wte = 2.5;
  pw::Timeline tl;
  tl.horizon_months = 24;
  const auto staffing = pw::area_staffing(options, area, tl);
  REQUIRE(staffing.size() == 2);
  CHECK(staffing[1].funded.back() == 2.5);
  CHECK(staffing[0].funded.back() == options[0].specialist_wte(8000));
}
