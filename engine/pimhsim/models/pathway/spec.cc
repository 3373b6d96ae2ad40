#include "pimhsim/models/pathway/spec.h"

#include <fmt/format.h>

#include <cmath>
#include <vector>

namespace pimhsim::models::pathway {
namespace {

using core::Domain;

std::vector<std::string> names(const auto& array) {
  return {array.begin(), array.end()};
}

// A contact's, service's, condition's or cost line's name in a description: its words.
std::string words(std::string name) {
  if (name == "mbu") return "a mother and baby unit";
  if (name == "ptsd") return "PTSD";
  if (name == "comorbid") return "comorbid depression and anxiety";
  if (name == "specialist_pmh") return "specialist perinatal mental health care";
  if (name == "band_6" || name == "band_7") return "Band " + name.substr(5);
  for (auto& c : name)
    if (c == '_') c = ' ';
  return name;
}

std::vector<core::ModelProblem> check(const core::ParameterSet& p, const core::SwitchSet&) {
  std::vector<core::ModelProblem> problems;
  double total = 0;
  for (const char* c : kConditionNames) total += p.value(std::string("prevalence.") + c);
  if (total > 1)
    problems.push_back({"prevalence.depression", fmt::format("the prevalences sum to {:g}", total),
                        "mutually exclusive conditions whose prevalences sum to at most 1"});
  for (const char* c : kContactNames) {
    const std::string name = std::string("contacts.") + c + ".month";
    const double m = p.value(name);
    if (m != std::floor(m) || m < -kBirthMonth || m > kLifeMonths - kBirthMonth - 1)
      problems.push_back({name, fmt::format("{:g} is not a month of the dyad's life", m),
                          fmt::format("a whole month of child age from {} (early pregnancy) to {}",
                                      -kBirthMonth, kLifeMonths - kBirthMonth - 1)});
  }
  for (const char* s : kServiceNames) {
    const std::string name = std::string("services.") + s + ".wait_months";
    if (p.value(name) != std::floor(p.value(name)))
      problems.push_back({name, "not a whole number of months", "a whole number of months"});
  }
  if (p.value("hv.workforce_change") <= -1)
    problems.push_back(
        {"hv.workforce_change", "a change of -100% or less", "a relative change above -1"});
  if (p.value("cascade.initial_share") >= 1)
    problems.push_back(
        {"cascade.initial_share", "every health visitor already trained", "a share below 1"});
  if (p.value("supply.attrition_per_year") >= 1)
    problems.push_back({"supply.attrition_per_year", "every specialist leaves within the year",
                        "a share below 1"});
  if (p.value("wisn.specialist.target_trained_share") >= 1)
    problems.push_back({"wisn.specialist.target_trained_share",
                        "a target of every health visitor trained", "a share below 1"});
  {
    const double days = p.value("wisn.working_days"),
                 absent = p.value("wisn.annual_leave_days") + p.value("wisn.public_holiday_days");
    if (absent >= days)
      problems.push_back({"wisn.annual_leave_days",
                          "leave and public holidays take every working day",
                          "fewer days of leave than working days"});
    else if ((days - absent) * (1 - p.value("wisn.sickness_share")) -
                 p.value("wisn.training_days") <=
             0)
      problems.push_back({"wisn.training_days", "no working time is left after absences",
                          "absences that leave working time"});
  }
  for (const char* person : kPersons)
    for (const char* line : kLineNames) {
      const std::string base = fmt::format("long_term.years.{}.{}", person, line);
      if (p.value(base + ".end") < p.value(base + ".start"))
        problems.push_back({base + ".end", "ends before it starts", "end >= start"});
    }
  return problems;
}

std::vector<core::ParameterSpec> parameters() {
  std::vector<core::ParameterSpec> v;
  auto add = [&](std::string name, Domain d, std::string description,
                 std::vector<std::string> components = {}) {
    v.push_back({std::move(name), d, std::move(description), std::move(components), false});
  };
  // An amount of money (>= 0), which may be given in another year's prices (`price_year`).
  auto add_money = [&](std::string name, std::string description) {
    v.push_back({std::move(name), Domain::kNonNegative, std::move(description), {}, true});
  };
  add("births.annual_trend", Domain::kAnnualChange,
      "annual growth rate of births (e.g. -0.01 for 1% fewer a year)");
  for (const char* c : kConditionNames) {
    add(fmt::format("prevalence.{}", c), Domain::kProbability,
        fmt::format("perinatal period prevalence of {} (mutually exclusive conditions)", words(c)));
    add(fmt::format("onset.{}", c), Domain::kShares,
        fmt::format("onset of {} by period of pregnancy and postnatal month", words(c)),
        names(kOnsetBandNames));
    add(fmt::format("severity.{}", c), Domain::kShares, fmt::format("severity mix of {}", words(c)),
        names(kSeverityNames));
  }
  for (const char* c : kContactNames) {
    add(fmt::format("contacts.{}.month", c), Domain::kReal,
        fmt::format("month of child age in which the {} contact falls (negative: pregnancy)",
                    words(c)));
    add(fmt::format("contacts.{}.coverage", c), Domain::kProbability,
        fmt::format("probability that the {} contact is delivered", words(c)));
  }
  for (const char* t : {"untrained", "trained"}) {
    const std::string who = std::string(t) == "untrained" ? "an untrained" : "a trained";
    add(fmt::format("detection.sensitivity.{}", t), Domain::kProbability,
        fmt::format(
            "probability that {} health visitor identifies a detectable ill mother at a contact",
            who));
    add(fmt::format("detection.specificity.{}", t), Domain::kProbability,
        fmt::format("probability that {} health visitor does not flag a well mother at a contact",
                    who));
  }
  add("detection.hidden_share", Domain::kProbability,
      "share of ill mothers who are not identified at any health-visitor contact");
  for (const char* s : kSeverityNames)
    add(fmt::format("detection.other_monthly.{}", s), Domain::kProbability,
        fmt::format("monthly probability that a GP or midwife identifies an undetected {} case",
                    s));
  for (const char* s : kSeverityNames)
    add(fmt::format("routing.{}", s), Domain::kShares,
        fmt::format("first-line care of a detected {} case (not psychosis)", s),
        {"none", "listening_visits", "talking_therapies", "specialist_pmh"});
  add("routing.psychosis", Domain::kShares, "first-line care of detected postpartum psychosis",
      {"specialist_pmh", "mbu"});
  for (const char* s : kSeverityNames)
    add(fmt::format("routing.specialist_hv.{}", s), Domain::kProbability,
        fmt::format("probability that a detected {} case is referred to the specialist health "
                    "visitor, where there is one",
                    s));
  for (const char* s : kServiceNames) {
    add(fmt::format("services.{}.wait_months", s), Domain::kNonNegative,
        fmt::format("months from referral to the start of {}", words(s)));
    add(fmt::format("services.{}.course_months", s), Domain::kPositive,
        fmt::format("length of a course of {} in months", words(s)));
    add_money(fmt::format("services.{}.cost", s), fmt::format("cost of a course of {}", words(s)));
  }
  add_money("assessment.cost", "cost of assessing a mother who screens positive (true or false)");
  add("recovery.chronic_share", Domain::kProbability,
      "share of the mothers ill at the six-to-eight-week contact whose episode does not remit "
      "without treatment");
  add("recovery.untreated.recovered", Domain::kProbability,
      "share of an untreated arm recovered after recovery.untreated.months");
  add("recovery.untreated.months", Domain::kPositive, "follow-up of the untreated arm, months");
  add("recovery.untreated.start_age_months", Domain::kNonNegative,
      "child age (months) at which the untreated arm was identified");
  add("recovery.usual_hv.persistent", Domain::kProbability,
      "share of mothers ill at the six-to-eight-week contact still ill after "
      "recovery.usual_hv.months of usual health-visitor care");
  add("recovery.usual_hv.months", Domain::kPositive, "follow-up of the usual-care arm, months");
  add("recovery.trained_hv.odds_ratio", Domain::kPositive,
      "odds ratio of still being ill, trained health visitors' care against usual care, over the "
      "same follow-up");
  add("recovery.trained_hv.holden_recovered", Domain::kProbability,
      "share recovered after recovery.untreated.months of listening visits (used with "
      "trained_hv_evidence: holden)");
  for (const char* s : kServiceNames)
    if (std::string(s) != "listening_visits")
      add(fmt::format("recovery.monthly.{}", s), Domain::kProbability,
          fmt::format("monthly remission that compounds over a course of {} to its share recovered "
                      "by the course's end",
                      s));
  for (const char* c : kConditionNames)
    add(fmt::format("recovery.condition_factor.{}", c), Domain::kPositive,
        fmt::format("remission hazard ratio for {}", words(c)));
  for (const char* s : kSeverityNames)
    add(fmt::format("recovery.severity_factor.{}", s), Domain::kPositive,
        fmt::format("remission hazard ratio for a {} case", s));
  add("specialist.recovery_hazard_ratio", Domain::kPositive,
      "remission hazard ratio while on the specialist health visitor's caseload");
  add("specialist.episode_months", Domain::kPositive,
      "months a dyad stays on the specialist's caseload");
  add("specialist.caseload_per_clinical_wte", Domain::kPositive,
      "dyads on the caseload of one clinical WTE at a time");
  add("specialist.time_split", Domain::kShares, "how a specialist post's time is spent",
      {"clinical", "training", "service_development"});
  for (const char* band : {"band_6", "band_7"})
    for (const char* point : {"entry", "middle", "top"})
      add_money(
          fmt::format("pay.{}.{}", band, point),
          fmt::format("Agenda for Change annual salary, {}, {} pay point", words(band), point));
  add("investment.employer_ni_rate", Domain::kProbability,
      "employer's National Insurance rate on salary above the threshold");
  add_money("investment.ni_threshold",
            "annual salary above which employer's National Insurance is due");
  add("investment.pension_rate.employer_direct", Domain::kProbability,
      "employer's pension contribution an NHS body pays itself, share of salary (switch "
      "pension_basis: employer_direct)");
  add("investment.pension_rate.full", Domain::kProbability,
      "the whole employer's pension contribution, with the part paid centrally for NHS bodies and "
      "the administration levy, "
      "share of salary (switch pension_basis: full)");
  add("investment.apprenticeship_levy_rate", Domain::kProbability,
      "apprenticeship levy, share of salary");
  add("investment.overhead_rate", Domain::kNonNegative,
      "overheads (management, premises, supervision), share of salary");
  add_money("investment.training_cost_per_post", "one-off cost of training a new specialist");
  add_money("investment.hv_hourly_cost", "cost of an hour of a generic health visitor's time");
  add("specialist.timely_weeks", Domain::kPositive,
      "weeks from referral within which specialist care counts as timely");
  add("staffing.wte_per_area", Domain::kNonNegative, "specialist WTE funded in every area");
  add("staffing.wte_per_1000_births", Domain::kNonNegative,
      "further specialist WTE per 1,000 births a year");
  add("staffing.minimum_wte", Domain::kNonNegative, "least specialist WTE funded in any area");
  add("supply.recruitment_months", Domain::kNonNegative,
      "mean months to fill a vacant specialist post");
  add("supply.competence_months", Domain::kNonNegative,
      "months from starting in post to full competence");
  add("supply.starting_capacity", Domain::kProbability,
      "capacity of a new specialist, rising linearly to 1 at competence");
  add("supply.attrition_per_year", Domain::kProbability,
      "share of specialists leaving their post in a year");
  add("supply.national_hires_per_year", Domain::kNonNegative,
      "most specialists that can be trained and start in England in a year (0: no limit)");
  add("cascade.initial_share", Domain::kProbability,
      "share of health visitors with PIMH training now (champions), for areas whose table gives "
      "none");
  add("cascade.specialist_hours_per_hv_trained", Domain::kPositive,
      "specialist hours (preparing, teaching, consultation) per generic health visitor trained");
  add("cascade.hv_hours_per_training", Domain::kNonNegative,
      "hours of a generic health visitor's time spent being trained");
  add("hv.wte_per_1000_births", Domain::kPositive,
      "generic health-visitor WTE per 1,000 births a year, for areas whose table gives none");
  add("hv.workforce_change", Domain::kReal,
      "relative change of every area's generic health-visitor WTE under the option (0: as now)");
  add("hv.turnover_per_year", Domain::kProbability,
      "share of generic health visitors leaving a year (trained staff lost to the area)");
  add("hv.caseload_age_years", Domain::kPositive,
      "years of birth cohorts on a health visitor's caseload (children under 5)");
  add("hv.caseload_standard", Domain::kPositive, "recommended children per health-visitor WTE");
  add("hv.coverage_elasticity", Domain::kNonNegative,
      "elasticity of contact coverage to children per health-visitor WTE, when coverage responds "
      "to caseload");
  add("wisn.working_days", Domain::kPositive, "contracted working days a year per WTE");
  add("wisn.hours_per_day", Domain::kPositive, "contracted hours a working day");
  add("wisn.annual_leave_days", Domain::kNonNegative, "annual leave days a year");
  add("wisn.public_holiday_days", Domain::kNonNegative, "public holidays a year");
  add("wisn.sickness_share", Domain::kProbability,
      "sickness absence, share of the days due at work");
  add("wisn.training_days", Domain::kNonNegative, "days a year of the staff member's own training");
  add("wisn.specialist.hours_per_episode", Domain::kPositive,
      "specialist hours per dyad taken on the caseload (WISN activity standard)");
  add("wisn.specialist.support_hours", Domain::kNonNegative,
      "specialist hours a year per WTE of supervision, meetings and other support work (category "
      "allowance)");
  add("wisn.specialist.service_development_hours", Domain::kNonNegative,
      "hours a year of pathway development and leadership per area (individual allowance)");
  add("wisn.specialist.target_trained_share", Domain::kProbability,
      "trained share of health visitors the specialists' training should sustain");
  add("wisn.hv.hours_per_contact", Domain::kNonNegative,
      "health-visitor hours per mandated contact delivered");
  add("wisn.hv.hours_per_assessment", Domain::kNonNegative,
      "health-visitor hours per mental health assessment after a positive screen");
  add("wisn.hv.hours_per_listening_course", Domain::kNonNegative,
      "health-visitor hours per course of listening visits");
  add("wisn.hv.other_hours_per_child", Domain::kNonNegative,
      "health-visitor hours a year per child on the caseload for all other work");
  add("wisn.hv.support_hours", Domain::kNonNegative,
      "health-visitor hours a year per WTE of supervision, meetings and other support work "
      "(category allowance)");
  for (const char* c : kCostedNames)
    for (const char* person : kPersons) {
      add_money(
          fmt::format("long_term.cost.{}.{}", c, person),
          fmt::format("lifetime cost to the {} per case of {}: present value at the birth, at "
                      "long_term.source_discount_rate, of the average case under current care",
                      person, c));
      add(fmt::format("long_term.lines.{}.{}", c, person), Domain::kShares,
          fmt::format("split of the {}'s lifetime cost per case of {} by service line", person, c),
          names(kLineNames));
    }
  add("long_term.comorbid_factor", Domain::kNonNegative,
      "per-case costs of comorbid depression and anxiety, as a multiple of depression's");
  add("long_term.ptsd_factor", Domain::kNonNegative,
      "per-case costs of PTSD, as a multiple of anxiety's");
  for (const char* person : kPersons)
    for (const char* line : kLineNames) {
      add(fmt::format("long_term.years.{}.{}.start", person, line), Domain::kNonNegative,
          fmt::format("first year after birth over which the {}'s {} cost falls", person,
                      words(line)));
      add(fmt::format("long_term.years.{}.{}.end", person, line), Domain::kNonNegative,
          fmt::format("last year after birth over which the {}'s {} cost falls", person,
                      words(line)));
    }
  for (const char* person : kPersons)
    add(fmt::format("long_term.avoidable_fraction.{}", person), Domain::kProbability,
        fmt::format("share of the {}'s per-case cost that scales with the mother's exposure to "
                    "illness",
                    person));
  add("long_term.source_discount_rate", Domain::kNonNegative,
      "annual rate at which the per-case costs and child QALY losses are present values at the "
      "birth (their source's rate)");
  add("long_term.treated_exposure_weight", Domain::kProbability,
      "weight of a month ill while in care, relative to an untreated month");
  add("long_term.specialist_child_effect", Domain::kProbability,
      "relative reduction of the child's long-term costs and QALY loss after specialist "
      "parent-infant work");
  for (const char* c : kCostedNames)
    add(fmt::format("long_term.qaly_loss_child.{}", c), Domain::kNonNegative,
        fmt::format("child's lifetime QALY loss per case of {}: present value at the birth, at "
                    "long_term.source_discount_rate",
                    c));
  for (const char* c : kConditionNames)
    add(fmt::format("qaly.decrement.{}", c), Domain::kProbability,
        fmt::format("mother's utility decrement while ill with {}", words(c)));
  add("qaly.post_exit_months", Domain::kNonNegative,
      "months a mother still ill at the child's second birthday stays ill afterwards");
  return v;
}

// Staffing rules as presets: funded WTE = max(minimum_wte, wte_per_area + wte_per_1000_births x
// births / 1000).
std::vector<std::pair<std::string, double>> staffing(double per_area, double per_1000,
                                                     double minimum) {
  return {{"staffing.wte_per_area", per_area},
          {"staffing.wte_per_1000_births", per_1000},
          {"staffing.minimum_wte", minimum}};
}

std::vector<core::PresetSpec> presets() {
  return {
      {"none",
       "No specialist health visitor in perinatal and infant mental health.",
       {},
       [](const std::vector<double>&) { return staffing(0, 0, 0); }},
      {"hee_minimum",
       "HEE/iHV: at least one specialist in every organisation employing health visitors, more in "
       "larger ones "
       "(minimum_wte per area plus one WTE per births_per_extra_wte births a year).",
       {{"minimum_wte", "WTE every area has", 1, Domain::kNonNegative},
        {"births_per_extra_wte",
         "births a year for each further WTE (the guidance gives no figure: an assumption)", 5000,
         Domain::kPositive}},
       [](const std::vector<double>& a) { return staffing(a[0], 1000.0 / a[1], a[0]); }},
      {"births_proportional",
       "One specialist WTE per births_per_wte births a year, with at least minimum_wte in every "
       "area.",
       {{"births_per_wte", "births a year per specialist WTE", 5000, Domain::kPositive},
        {"minimum_wte", "WTE every area has at least", 0, Domain::kNonNegative}},
       [](const std::vector<double>& a) { return staffing(0, 1000.0 / a[0], a[1]); }},
  };
}

}  // namespace

const core::ModelSpec& spec() {
  static const core::ModelSpec s{
      "pathway",
      "perinatal and infant mental health pathway: mother-infant dyads month by month, pregnancy "
      "to the child's second birthday",
      parameters(),
      {{"capacity_overflow",
        "what a referral does when the specialist caseload is full",
        {"wait", "usual_care"}},
       {"specialist_band", "the Agenda for Change band of specialist posts", {"band_6", "band_7"}},
       {"specialist_pay_point", "the pay point within the band", {"entry", "middle", "top"}},
       {"pension_basis",
        "the employer's pension contribution counted: what an NHS body pays itself "
        "(employer_direct) or the whole contribution, as a local authority employer pays and a "
        "whole-public-sector view counts (full)",
        {"employer_direct", "full"}},
       {"coverage_pressure",
        "whether contact coverage falls where health visitors have more children each than the "
        "national average",
        {"national", "caseload"}},
       {"trained_hv_evidence",
        "the trial the effect of trained health visitors' listening visits comes from",
        {"ponder", "holden"}},
       {"champion_coverage",
        "without specialists, other training keeps the trained share as it is (maintained) or it "
        "decays with turnover",
        {"maintained", "decays"}},
       {"staffing_rule",
        "how an option's specialist WTE in each area is set: by the rule of parameters.staffing "
        "(formula), or as the areas table's specialist_wte column gives it (area_table), as "
        "`pimhsim plan` writes a plan that funds each area its own WTE",
        {"formula", "area_table"},
        "formula"}},
      /*needs_population=*/false,
      /*needs_areas=*/true,
      &check,
      presets(),
      /*horizon_unit=*/"years",
      /*perspectives=*/{"nhs_pss", "public_sector", "societal"},
      /*area_columns=*/
      {{"births", "live births per year, a number >= 0", 0, 1e8, /*required=*/true,
        /*summed_on_merge=*/true, /*population=*/true, "birth", "births.annual_trend"},
       {"trained_share", "a share in [0, 1), below 1", 0, 0.999999},
       {"health_visitors", "a WTE count >= 0", 0, 1e6},
       {"specialist_wte", "specialist WTE funded in the area, a WTE count >= 0", 0, 1e4,
        /*required=*/false, /*summed_on_merge=*/false, /*population=*/false, "", "",
        "staffing_rule=area_table"}},
      // Births (and so dyads) follow the comparator's trend.
      /*population_parameters=*/{"births.annual_trend"},
  };
  return s;
}

}  // namespace pimhsim::models::pathway
