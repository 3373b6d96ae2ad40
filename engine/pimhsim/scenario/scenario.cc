#include "pimhsim/scenario/scenario.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <utility>

#include "pimhsim/core/correlation.h"
#include "pimhsim/economics/discounting.h"
#include "pimhsim/economics/frontier.h"
#include "pimhsim/scenario/compose.h"
#include "pimhsim/scenario/digest.h"
#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/scenario/options_reader.h"
#include "pimhsim/scenario/parameters_reader.h"
#include "pimhsim/scenario/population_checks.h"
#include "pimhsim/scenario/reader.h"

namespace pimhsim::scenario {
namespace {

std::string names_of(std::span<const core::ModelSpec* const> models) {
  std::string s;
  for (const auto* m : models) s += (s.empty() ? "" : ", ") + m->name;
  return s;
}

const core::ModelSpec* read_model(MapReader& top, std::span<const core::ModelSpec* const> models,
                                  Diagnostics& d) {
  const std::string expected = "one of: " + names_of(models);
  const Node* n = top.required("model", expected);
  if (n == nullptr) return nullptr;
  const auto name = read_text(*n, "model", d);
  if (!name) return nullptr;
  std::vector<std::string> known;
  for (const auto* m : models) {
    if (m->name == *name) return m;
    known.push_back(m->name);
  }
  std::string message = "unknown model `" + *name + "`";
  if (const auto s = nearest(*name, known)) message += "; did you mean `" + *s + "`?";
  d.error(n->where, "model", message, expected);
  return nullptr;
}

void read_run(const Node& node, const core::ModelSpec* spec, RunSettings& run, Diagnostics& d) {
  MapReader r(node, "run", d);
  if (!r.ok()) return;
  constexpr auto kMaxU32 = static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max());
  if (const Node* n = r.required("seed", "a whole number from 0 to 2^64 - 1"))
    run.seed = read_seed(*n, "run.seed", d).value_or(0);
  if (const Node* n = r.required("replicates", "the number of independent replicates, at least 1"))
    run.replicates =
        static_cast<std::uint32_t>(read_integer(*n, "run.replicates", d, 1, 1'000'000).value_or(1));
  if (const Node* n = r.required(
          "horizon", fmt::format("the number of {} to simulate, at least 1",
                                 spec != nullptr ? spec->horizon_unit : std::string("cycles"))))
    run.horizon =
        static_cast<std::uint32_t>(read_integer(*n, "run.horizon", d, 1, kMaxHorizon).value_or(1));
  if (spec == nullptr || spec->needs_population) {
    if (const Node* n = r.required("population", "the number of individuals per replicate"))
      run.population =
          static_cast<std::uint64_t>(read_integer(*n, "run.population", d, 1, kMaxU32).value_or(1));
  }
  if (spec != nullptr && spec->needs_areas) {
    if (const Node* n = r.optional("scale")) {
      // Whether the scale leaves every area some births is checked once the areas are read.
      const std::string expected = "a share of the population in (0, 1]";
      if (const auto v = read_number(*n, "run.scale", d)) {
        if (!(*v > 0 && *v <= 1))
          d.error(n->where, "run.scale", fmt::format("value {} is out of range", n->scalar),
                  expected);
        else if (!std::isfinite(1 / *v))
          d.error(
              n->where, "run.scale",
              fmt::format("value {} is too small: 1 / scale, which scales totals back, overflows",
                          n->scalar),
              expected);
        else
          run.scale = *v;
      }
    }
    if (const Node* n = r.required("start_year", "the calendar year the horizon starts, e.g. 2026"))
      run.start_year =
          static_cast<int>(read_integer(*n, "run.start_year", d, 1900, 2200).value_or(2026));
  }
  r.finish();
}

// economics.discount.costs / effects: a rate, a schedule's name, or a table of rates by year.
void read_discount(const Node& n, const std::string& path, Diagnostics& d,
                   core::DiscountSchedule& out, std::string& name) {
  const std::string expected =
      "an annual rate in [0, 1), a schedule (green_book, green_book_health, nice, "
      "nice_sensitivity), or `table: [[year, rate], ...]`";
  if (n.is_scalar() && n.plain && parse_number(n.scalar, nullptr)) {
    if (const auto rate = read_number_in(n, path, d, 0, 0.999999, "an annual rate in [0, 1)")) {
      out = core::DiscountSchedule::constant(*rate);
      name = fmt::format("{:g}", *rate);
    }
    return;
  }
  if (n.is_scalar()) {
    if (const auto s = economics::schedule_named(n.scalar)) {
      out = *s;
      name = n.scalar;
      return;
    }
    std::vector<std::string> known;
    for (const auto k : economics::schedule_names()) known.emplace_back(k);
    std::string message = "unknown discount schedule `" + n.scalar + "`";
    if (const auto s = nearest(n.scalar, known)) message += "; did you mean `" + *s + "`?";
    d.error(n.where, path, message, expected);
    return;
  }
  MapReader r(n, path, d);
  if (!r.ok()) return;
  const Node* table = r.required("table", "a list of [year, rate] pairs starting at year 0");
  r.finish();
  if (table == nullptr) return;
  if (!table->is_sequence() || table->items.empty()) {
    d.error(table->where, path + ".table", "found " + table->describe(),
            "a list of [year, rate] pairs starting at year 0");
    return;
  }
  std::vector<std::pair<double, double>> rows;
  for (std::size_t i = 0; i < table->items.size(); ++i) {
    const Node& row = table->items[i];
    const std::string row_path = fmt::format("{}.table.{}", path, i);
    if (!row.is_sequence() || row.items.size() != 2) {
      d.error(row.where, row_path, "found " + row.describe(), "a pair [year, rate]");
      return;
    }
    const auto year = read_number(row.items[0], row_path, d);
    const auto rate = read_number(row.items[1], row_path, d);
    if (!year || !rate) return;
    rows.emplace_back(*year, *rate);
  }
  try {
    out = economics::from_table(rows);
    name = "table";
  } catch (const std::invalid_argument& ex) {
    d.error(table->where, path + ".table", ex.what(),
            "years from 0 upwards, each with a rate in (-1, 1)");
  }
}

// Converts money parameters with a `price_year` to the scenario's price year, then checks the
// converted value, bounds and distribution against the parameter's domain again.
void apply_price_years(const EconomicsSettings& e, const core::ModelSpec& spec,
                       core::ParameterSet& params, const ParameterLocations& where,
                       const Node* parameters, Diagnostics& d) {
  for (const auto& original : params.all()) {
    if (!original.price_year) continue;
    const std::string path = "parameters." + original.name + ".price_year";
    const Node* definition = parameter_definition(parameters, original.name);
    const Node::Entry* key =
        definition != nullptr && definition->is_map() ? definition->entry("price_year") : nullptr;
    const Location at = key != nullptr               ? key->key_where
                        : where.count(original.name) ? where.at(original.name)
                                                     : Location{};
    if (!e.price_year) {
      d.error(at, path, "a price year is given but economics.price_year is not",
              "economics.price_year and economics.inflation_index to convert prices");
      continue;
    }
    if (*original.price_year == *e.price_year) continue;
    const auto from = e.inflation_index.find(*original.price_year),
               to = e.inflation_index.find(*e.price_year);
    if (from == e.inflation_index.end() || to == e.inflation_index.end()) {
      d.error(at, path,
              fmt::format("no inflation index for {} and {}", *original.price_year, *e.price_year),
              "economics.inflation_index values for both years");
      continue;
    }
    const double k = to->second / from->second;
    core::Parameter p = original;
    if (p.is_shares()) {
      d.error(at, path, "shares have no price", "a price year on money parameters only");
      continue;
    }
    const auto scaled = p.distribution.scaled(k);
    if (!scaled) {
      d.error(at, path, "a beta distribution cannot be converted to other prices",
              "a gamma, lognormal or other scalable family");
      continue;
    }
    p.value *= k;
    p.distribution = *scaled;
    if (p.low) *p.low *= k;
    if (p.high) *p.high *= k;
    p.price_year = e.price_year;
    // The converted parameter must still be in its domain (a huge value can overflow, say).
    for (const auto& declared : spec.parameters) {
      if (declared.name != p.name) continue;
      Diagnostics local;
      if (!check_domain(declared, p, at, "parameters." + p.name, local, definition))
        for (const auto& problem : local.sorted())
          d.error(problem.where, problem.path,
                  fmt::format("converted from {} to {} prices (x {:g}), {}", *original.price_year,
                              *e.price_year, k, problem.message),
                  problem.expected);
    }
    params.set(std::move(p));
  }
}

void read_economics(const Node& node, EconomicsSettings& e, Diagnostics& d) {
  MapReader r(node, "economics", d);
  if (!r.ok()) return;
  if (const Node* n = r.required("discount", "a mapping with `costs:` and `effects:`")) {
    MapReader dr(*n, "economics.discount", d);
    const std::string expected =
        "an annual rate such as 0.035, a schedule (green_book, green_book_health, nice, "
        "nice_sensitivity), or `table: [[year, rate], ...]`";
    if (const Node* c = dr.required("costs", expected))
      read_discount(*c, "economics.discount.costs", d, e.cost_discount, e.cost_discount_name);
    if (const Node* c = dr.required("effects", expected))
      read_discount(*c, "economics.discount.effects", d, e.effect_discount, e.effect_discount_name);
    dr.finish();
  }
  if (const Node* n =
          r.required("thresholds", "willingness-to-pay values per QALY, e.g. [20000, 30000]")) {
    if (!n->is_sequence() || n->items.empty()) {
      d.error(n->where, "economics.thresholds", "found " + n->describe(),
              "a list of amounts per QALY");
    } else {
      for (std::size_t i = 0; i < n->items.size(); ++i)
        if (auto v = read_number_in(n->items[i], fmt::format("economics.thresholds.{}", i), d, 0,
                                    economics::kMaxWillingnessToPay,
                                    economics::kWillingnessToPayDomain)) {
          // Each threshold names its columns (nmb_20000, ...): one given twice would give two.
          if (std::find(e.thresholds.begin(), e.thresholds.end(), *v) != e.thresholds.end())
            d.error(n->items[i].where, fmt::format("economics.thresholds.{}", i),
                    fmt::format("{} again", n->items[i].describe()), "each amount once");
          else
            e.thresholds.push_back(*v);
        }
    }
  }
  if (const Node* n = r.optional("currency"))
    e.currency = read_text(*n, "economics.currency", d).value_or("GBP");
  if (const Node* n = r.optional("price_year"))
    if (const auto y = read_integer(*n, "economics.price_year", d, 1900, 2200))
      e.price_year = static_cast<int>(*y);
  if (const Node* n = r.optional("inflation_index")) {
    MapReader ir(*n, "economics.inflation_index", d);
    if (ir.ok())
      for (const auto& entry : n->entries) {
        ir.allow(entry.key);
        const std::string path = "economics.inflation_index." + entry.key;
        const auto year = parse_number(entry.key, nullptr);
        if (!year || *year != std::floor(*year) || *year < 1900 || *year > 2200) {
          d.error(entry.key_where, path, "`" + entry.key + "` is not a year",
                  "years from 1900 to 2200 mapped to index values");
          continue;
        }
        if (const auto v = read_number_in(entry.value, path, d, 1e-12,
                                          std::numeric_limits<double>::max(), "an index value > 0"))
          e.inflation_index[static_cast<int>(*year)] = *v;
      }
    ir.finish();
  }
  if (const Node* n = r.optional("quality_of_life_in_societal"))
    e.quality_of_life_in_societal =
        read_bool(*n, "economics.quality_of_life_in_societal", d).value_or(true);
  r.finish();
}

// and options, and checked by the sampler's own rules (core::correlation_problem).
void read_correlations(const Node& node, Scenario& s, const Node* options, Diagnostics& d) {
  MapReader r(node, "correlations", d);
  if (!r.ok()) return;
  const std::string expected_names =
      "a list of the names of two or more uncertain number parameters";
  const std::string expected_matrix =
      "a square list of rows [[1, r], [r, 1]], one row and column per parameter";
  const Node* names = r.required("parameters", expected_names);
  const Node* matrix = r.required("matrix", expected_matrix);
  r.finish();
  if (names == nullptr || matrix == nullptr) return;
  CorrelationSettings c;
  if (!names->is_sequence() || names->items.size() < 2) {
    d.error(names->where, "correlations.parameters", "found " + names->describe(), expected_names);
    return;
  }
  for (std::size_t i = 0; i < names->items.size(); ++i)
    if (const auto n = read_text(names->items[i], fmt::format("correlations.parameters.{}", i), d))
      c.parameters.push_back(*n);
  if (c.parameters.size() != names->items.size()) return;
  const std::size_t n = c.parameters.size();
  if (!matrix->is_sequence() || matrix->items.size() != n) {
    d.error(
        matrix->where, "correlations.matrix",
        fmt::format("found {}", matrix->is_sequence() ? fmt::format("{} rows", matrix->items.size())
                                                      : matrix->describe()),
        fmt::format("{} rows of {} numbers (one per parameter)", n, n));
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const Node& row = matrix->items[i];
    const std::string path = fmt::format("correlations.matrix.{}", i);
    if (!row.is_sequence() || row.items.size() != n) {
      d.error(row.where, path,
              fmt::format("found {}", row.is_sequence()
                                          ? fmt::format("a row of {} numbers", row.items.size())
                                          : row.describe()),
              fmt::format("a row of {} numbers", n));
      return;
    }
    std::vector<double> values;
    for (std::size_t j = 0; j < n; ++j)
      if (const auto v = read_number(row.items[j], fmt::format("{}.{}", path, j), d))
        values.push_back(*v);
    if (values.size() != n) return;
    c.matrix.push_back(std::move(values));
  }
  core::Correlation check{c.parameters, Eigen::MatrixXd(n, n)};
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      check.matrix(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = c.matrix[i][j];
  if (const auto problem = core::correlation_problem(s.parameters, check); !problem.empty()) {
    d.error(node.where, "correlations", problem,
            "distinct uncertain number parameters and a symmetric, positive definite matrix with 1 "
            "on the diagonal");
    return;
  }
  // An option's setting is fixed, so it cannot take part in a correlation: the others' draws
  // would then differ between options and lose their pairing.
  for (std::size_t o = 0; o < s.options.size(); ++o)
    for (const auto& name : c.parameters) {
      const core::Parameter* p = s.options[o].parameters.find(name);
      if (p != nullptr && p->distribution.family() == core::Family::kFixed)
        d.error(
            options != nullptr && o < options->items.size() ? options->items[o].where : node.where,
            fmt::format("options.{}", o),
            fmt::format("sets parameters.{}, which `correlations` correlates", name),
            "no setting of a correlated parameter in an option; or remove it from "
            "correlations.parameters");
    }
  s.correlations = std::move(c);
}

}  // namespace

std::string fnv1a64_hex(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", h);
}

std::string content_sha256sums(const std::string& resolved_yaml,
                               const std::vector<InputTable>& tables) {
  std::string lines = sha256sum_line(resolved_yaml, "scenario.resolved.yaml");
  for (const auto& t : tables) lines += sha256sum_line(t.content, t.copy);
  return lines;
}

std::string content_hash_of(const std::string& resolved_yaml,
                            const std::vector<InputTable>& tables) {
  return sha256_hex(content_sha256sums(resolved_yaml, tables));
}

std::optional<Scenario> load_scenario(const std::string& path, const std::vector<std::string>& sets,
                                      std::span<const core::ModelSpec* const> models,
                                      Diagnostics& d) {
  std::vector<std::string> inputs;
  auto root = load_composed(path, d, &inputs);
  if (!root) return std::nullopt;
  apply_overrides(*root, sets, d);
  if (!d.empty()) return std::nullopt;

  Scenario s;
  s.file = path;
  s.sets = sets;
  s.inputs = std::move(inputs);
  MapReader top(*root, "", d);
  if (!top.ok()) return std::nullopt;
  top.allow("extends");
  const core::ModelSpec* spec = read_model(top, models, d);
  if (const Node* n = top.required("name", "a title for reports"))
    s.name = read_text(*n, "name", d).value_or("");
  if (const Node* n = top.optional("description"))
    s.description = read_text(*n, "description", d).value_or("");
  if (const Node* n = top.optional("variant")) s.variant = read_text(*n, "variant", d).value_or("");
  if (const Node* n = top.required("run", "a mapping with seed, replicates and horizon"))
    read_run(*n, spec, s.run, d);
  if (const Node* n = top.required("economics", "a mapping with discount rates and thresholds"))
    read_economics(*n, s.economics, d);
  const Node* params =
      top.required("parameters", "the model's parameters, each with value, unit and source");
  const Node* switches = top.optional("switches");
  const Node* areas =
      spec != nullptr && spec->needs_areas
          ? top.required("areas", "a mapping with `table:` (a CSV of areas and births)")
          : nullptr;
  const Node* options = top.required("options", "a list of options; the first is the comparator");
  const Node* correlations = top.optional("correlations");
  top.finish();
  if (spec == nullptr) return std::nullopt;
  s.model = spec->name;
  ParameterLocations where;
  if (params) {
    read_parameters(*params, "parameters", s.parameters, where, d, spec);
    const Node::Entry* e = root->entry("parameters");
    check_against_model(*spec, s.parameters, where, e ? e->key_where : root->where, d, params);
    // Centring is checked on the values as written, before any change of price year.
    if (d.empty()) check_centred(s.parameters, where, params, d);
    if (d.empty()) apply_price_years(s.economics, *spec, s.parameters, where, params, d);
  }
  read_switches(switches, root->where, *spec, s.switches, d);
  if (areas != nullptr) s.areas = read_areas(*areas, "", spec->area_columns, d);
  if (s.areas) s.inputs.push_back(s.areas->table);
  if (s.areas) check_scale(s.run, *s.areas, spec->area_columns, *root, d);
  // Options are read even when the baseline has errors, so that every error is reported at once.
  const bool baseline_ok = d.empty();
  read_options(options, root->where, *spec, s, s.options, d);
  if (baseline_ok && spec->check != nullptr) {
    const Node* params_node = root->get("parameters");
    auto locate = [&](const std::string& name) {
      const Node* n = params_node;
      std::size_t start = 0;
      while (n != nullptr && start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const Node::Entry* e = n->is_map() ? n->entry(name.substr(start, dot - start)) : nullptr;
        if (e == nullptr) break;
        if (dot == name.size()) return e->key_where;
        n = &e->value;
        start = dot + 1;
      }
      return root->where;
    };
    for (const auto& p : spec->check(s.parameters, s.switches))
      d.error(locate(p.parameter), "parameters." + p.parameter, p.message, p.expected);
  }
  if (!d.empty()) return std::nullopt;
  if (spec->check != nullptr) {
    for (std::size_t i = 0; i < s.options.size(); ++i)
      for (const auto& p : spec->check(s.options[i].parameters, s.options[i].switches))
        d.error(options->items[i].where, fmt::format("options.{}", i),
                "with this option's settings, parameters." + p.parameter + ": " + p.message,
                p.expected);
  }
  if (!d.empty()) return std::nullopt;
  if (s.areas) check_growth(s, spec->area_columns, where, params, options, d);
  if (s.areas) check_switch_columns(s, spec->area_columns, options, d);
  if (!d.empty()) return std::nullopt;
  if (correlations != nullptr) read_correlations(*correlations, s, options, d);
  if (!d.empty()) return std::nullopt;
  if (s.areas) {
    // The resolved scenario names the table's copy, which goes beside it in a results directory,
    // so that it runs from there and its text (and hash) does not depend on where the table was.
    InputTable t{"areas.table", s.areas->table,
                 "tables/" + std::filesystem::path(s.areas->table).filename().string(),
                 std::move(s.areas->table_content)};
    Node* table = root->get("areas")->get("table");
    table->scalar = t.copy;
    table->plain = true;
    s.tables.push_back(std::move(t));
  }
  s.resolved_yaml = to_yaml(*root);
  s.content_hash = content_hash_of(s.resolved_yaml, s.tables);
  s.warnings = d.warnings();
  return s;
}

}  // namespace pimhsim::scenario
