#include "pimhsim/analysis/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/digest.h"

namespace pimhsim::analysis {

std::vector<std::string> file_labels(const std::vector<scenario::Scenario>& scenarios) {
  std::vector<std::string> labels;
  std::map<std::string, int> seen;
  for (const auto& s : scenarios) {
    std::string label = scenario_label(s);
    if (!s.variant.empty()) label += ", " + s.variant;
    if (++seen[label] > 1) label += fmt::format("#{}", seen[label]);
    labels.push_back(label);
  }
  return labels;
}

std::string random_numbers_difference(const scenario::Scenario& a, const scenario::Scenario& b) {
  if (a.run.seed != b.run.seed) return "the seeds differ";
  if (a.run.replicates != b.run.replicates) return "the numbers of replicates differ";
  return {};
}

std::string population_difference(const scenario::Scenario& a, const scenario::Scenario& b) {
  if (a.model != b.model) return "the models differ (" + a.model + ", " + b.model + ")";
  const auto &ra = a.run, &rb = b.run;
  if (ra.horizon != rb.horizon) return "the horizons differ";
  if (ra.population != rb.population) return "the populations differ";
  if (ra.scale != rb.scale) return "the population scales differ";
  if (ra.start_year != rb.start_year) return "the start years differ";
  const auto &ea = a.economics, &eb = b.economics;
  if (ea.cost_discount_name != eb.cost_discount_name ||
      ea.effect_discount_name != eb.effect_discount_name || ea.cost_discount_name == "table" ||
      eb.effect_discount_name == "table")
    return "the discount rates differ";
  if (ea.thresholds != eb.thresholds || ea.currency != eb.currency ||
      ea.quality_of_life_in_societal != eb.quality_of_life_in_societal)
    return "the economics settings differ";
  if (a.areas.has_value() != b.areas.has_value()) return "the areas differ";
  if (a.areas) {
    const auto &xa = a.areas->areas, &xb = b.areas->areas;
    if (xa.size() != xb.size()) return "the areas differ";
    for (std::size_t i = 0; i < xa.size(); ++i)
      if (xa[i].code != xb[i].code || xa[i].values != xb[i].values)
        return "the areas differ (" + xa[i].code + ")";
  }
  // The comparator's parameters that shape the population must agree too.
  if (const auto* spec = models::spec_of(a.model))
    for (const auto& name : spec->population_parameters) {
      const auto* pa = a.options.front().parameters.find(name);
      const auto* pb = b.options.front().parameters.find(name);
      if (pa && pb && pa->value != pb->value) return fmt::format("`{}` differs", name);
    }
  return {};
}

std::string scenario_label(const scenario::Scenario& s) {
  return s.name.empty() ? std::filesystem::path(s.file).stem().string() : s.name;
}

Comparison compare(const std::vector<scenario::Scenario>& scenarios, core::ExecutorRef executor,
                   const RunScenario& run_one) {
  const auto run_it = [&](const scenario::Scenario& s) {
    return run_one ? run_one(s) : run(s, executor);
  };
  Comparison c;
  const auto labels = file_labels(scenarios);
  std::vector<std::size_t> file_of;  // the scenario of each compared option
  for (std::size_t i = 1; i < scenarios.size() && c.why_unpaired.empty(); ++i) {
    if (auto why = population_difference(scenarios[0], scenarios[i]); !why.empty()) {
      c.why_unpaired = fmt::format("{} and {}: {}", labels[0], labels[i], why);
      c.same_population = false;
    } else if (auto rn = random_numbers_difference(scenarios[0], scenarios[i]); !rn.empty()) {
      c.why_unpaired = fmt::format("{} and {}: {}", labels[0], labels[i], rn);
    }
  }
  c.paired = c.why_unpaired.empty();
  std::vector<std::string> own_names;  // each compared option's name in its scenario
  if (c.paired) {
    scenario::Scenario combined = scenarios[0];
    combined.options.clear();
    combined.name = "Comparison of " + fmt::format("{}", fmt::join(labels, ", "));
    combined.resolved_yaml.clear();
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      for (auto option : scenarios[i].options) {
        own_names.push_back(option.name);
        option.name = labels[i] + ": " + option.name;
        combined.options.push_back(option);
        c.labels.push_back(labels[i]);
        file_of.push_back(i);
      }
      combined.resolved_yaml += fmt::format("# --- {} ({})\n{}", labels[i], scenarios[i].file,
                                            scenarios[i].resolved_yaml);
    }
    // The scenarios' own hashes, which cover their tables as well as their YAML.
    std::string hashes;
    for (std::size_t i = 0; i < scenarios.size(); ++i)
      hashes += fmt::format("{}\n{}\n", labels[i], scenarios[i].content_hash);
    combined.content_hash = scenario::sha256_hex(hashes);
    c.scenarios.push_back(std::move(combined));
    c.runs.push_back(run_it(c.scenarios.back()));
  } else {
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      c.scenarios.push_back(scenarios[i]);
      c.runs.push_back(run_it(scenarios[i]));
      for (std::size_t o = 0; o < scenarios[i].options.size(); ++o) {
        own_names.push_back(scenarios[i].options[o].name);
        c.labels.push_back(labels[i]);
        file_of.push_back(i);
      }
    }
  }
  if (!c.runs.empty() && !c.runs[0].model) return c;  // a rank that only served the runs
  // Every option, with its cost and effect.
  for (std::size_t r = 0, k = 0; r < c.runs.size(); ++r) {
    const auto& outcome = c.runs[r];
    const auto& names = outcome.tally.layout().options();
    for (std::size_t o = 0; o < names.size(); ++o, ++k) {
      const auto& s = scenarios[file_of[k]];
      c.options.push_back({c.labels[k], scenario_label(s), s.variant,
                           c.paired ? names[o] : c.labels[k] + ": " + names[o], own_names[k],
                           outcome.model->cost_effect(outcome.tally, o)});
    }
  }
  c.thresholds = scenarios[0].economics.thresholds;
  return c;
}

std::optional<core::Model::CostEffectStep> Comparison::step(std::size_t from,
                                                            std::size_t to) const {
  // Paired files are one run, whose rows are its options in order.
  if (!paired || runs.size() != 1) return std::nullopt;
  return runs[0].model->cost_effect_step(runs[0].tally, from, to);
}

std::string compare_problem(const std::vector<scenario::Scenario>& scenarios,
                            bool unpaired_populations) {
  if (scenarios.size() < 2) return "give at least two scenario files";
  for (const auto& s : scenarios)
    if (s.model != scenarios[0].model)
      return fmt::format(
          "{}:1:1: error: model: `{}` cannot be compared with `{}` ({}) (scenarios of one model)",
          s.file, s.model, scenarios[0].model, scenarios[0].file);
  if (!unpaired_populations)
    for (const auto& s : scenarios)
      if (const auto why = population_difference(scenarios[0], s); !why.empty())
        return fmt::format(
            "{}:1:1: error: its population is not {}'s: {}. Options of different populations "
            "cannot share one frontier (expected scenarios of one population, or "
            "`unpaired_populations` to set each file's options side by side, each file with its "
            "own frontier)",
            s.file, scenarios[0].file, why);
  return {};
}

namespace {
// The override that names a variant: `variant` as a YAML double-quoted string, so that any name
// (a colon, a hash, a quote) is read back as written.
std::string variant_set(const std::string& name) {
  std::string quoted = "variant=\"";
  for (char ch : name) {
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  return quoted + '"';
}
}  // namespace

core::Expected<std::vector<Variant>> parse_variants(const std::vector<std::string>& texts) {
  std::vector<Variant> variants;
  for (const auto& v : texts) {
    const auto colon = v.find(':');
    if (colon == std::string::npos || colon == 0 || v.find('=', colon) == std::string::npos)
      return core::Status::bad_input(
          fmt::format("`variant` `{}`: expected NAME:KEY=VALUE, as "
                      "'low detection:parameters.detection.hidden_share.value=0.5'",
                      v));
    const std::string name = v.substr(0, colon);
    auto it = std::find_if(variants.begin(), variants.end(),
                           [&](const Variant& x) { return x.name == name; });
    if (it == variants.end()) it = variants.insert(variants.end(), Variant{name, {}});
    it->sets.push_back(v.substr(colon + 1));
  }
  for (auto& v : variants) v.sets.push_back(variant_set(v.name));
  return variants;
}

core::Expected<std::vector<Variant>> grid_variants(const std::vector<std::string>& grids) {
  if (grids.size() > 2)
    return core::Status::bad_input(
        fmt::format("`grid`: {} grids given; a sweep takes one or two (their product is compared)",
                    grids.size()));
  std::vector<std::vector<std::string>> axes;  // each grid's KEY=VALUE settings
  for (const auto& g : grids) {
    const auto eq = g.find('=');
    const auto bad = [&](const std::string& why) {
      return core::Status::bad_input(
          fmt::format("`grid` `{}`: {} (expected KEY=FROM:TO:STEP with FROM <= TO and STEP > 0, as "
                      "'parameters.specialist.caseload_per_clinical_wte.value=15:40:5')",
                      g, why));
    };
    if (eq == std::string::npos || eq == 0) return bad("no KEY=");
    const std::string key = g.substr(0, eq), range = g.substr(eq + 1);
    double from = 0, to = 0, step = 0;
    char tail = 0;
    if (std::sscanf(range.c_str(), "%lf:%lf:%lf%c", &from, &to, &step, &tail) != 3)
      return bad("not three numbers FROM:TO:STEP");
    if (!std::isfinite(from) || !std::isfinite(to) || !std::isfinite(step) || from > to ||
        !(step > 0))
      return bad("not an increasing range with a positive step");
    const double points = std::floor((to - from) / step + 1e-6) + 1;
    if (points > static_cast<double>(kMaxGridVariants))
      return bad(fmt::format("{} points, more than {}", points, kMaxGridVariants));
    std::vector<std::string> axis;
    for (double k = 0; k < points; ++k) {
      const double x = from + k * step;
      axis.push_back(fmt::format("{}={}", key, std::abs(x) < 1e-12 * step ? 0.0 : x));
    }
    axes.push_back(std::move(axis));
  }
  std::vector<Variant> variants{Variant{}};
  for (const auto& axis : axes) {
    std::vector<Variant> next;
    for (const auto& v : variants)
      for (const auto& set : axis) {
        Variant w = v;
        w.name += (w.name.empty() ? "" : ", ") + set;
        w.sets.push_back(set);
        next.push_back(std::move(w));
      }
    variants = std::move(next);
  }
  if (axes.empty()) variants.clear();
  if (variants.size() > kMaxGridVariants)
    return core::Status::bad_input(
        fmt::format("`grid`: {} points in all, more than {}", variants.size(), kMaxGridVariants));
  for (auto& v : variants) v.sets.push_back(variant_set(v.name));
  return variants;
}

}  // namespace pimhsim::analysis
