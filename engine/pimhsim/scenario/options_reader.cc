#include "pimhsim/scenario/options_reader.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>

#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/scenario/reader.h"

namespace pimhsim::scenario {
namespace {

std::optional<core::SwitchValue> read_switch_value(const core::SwitchSpec& spec, const Node& n,
                                                   const std::string& path, Diagnostics& d) {
  if (spec.choices.empty()) {
    if (auto b = read_bool(n, path, d)) return *b;
    return std::nullopt;
  }
  const std::string expected = "one of: " + fmt::format("{}", fmt::join(spec.choices, ", "));
  const auto text = n.is_scalar() ? std::optional<std::string>(n.scalar) : std::nullopt;
  if (text && std::find(spec.choices.begin(), spec.choices.end(), *text) != spec.choices.end())
    return *text;
  std::string message = "found " + n.describe();
  if (text)
    if (const auto s = nearest(*text, spec.choices)) message += "; did you mean `" + *s + "`?";
  d.error(n.where, path, message, expected);
  return std::nullopt;
}

const core::SwitchSpec* find_switch(const core::ModelSpec& spec, const std::string& name) {
  for (const auto& s : spec.switches)
    if (s.name == name) return &s;
  return nullptr;
}

const core::ParameterSpec* find_parameter(const core::ModelSpec& spec, const std::string& name) {
  for (const auto& s : spec.parameters)
    if (s.name == name) return &s;
  return nullptr;
}

void apply_option_override(const core::ModelSpec& spec, const Node::Entry& e,
                           const std::string& path, Option& option, Diagnostics& d) {
  const std::string& key = e.key;
  auto unknown = [&](const std::string& what, const std::string& name,
                     std::vector<std::string> known) {
    std::string message = "unknown " + what + " `" + name + "`";
    if (const auto s = nearest(name, known)) message += "; did you mean `" + *s + "`?";
    d.error(e.key_where, path, message, "a " + what + " of model `" + spec.name + "`");
  };
  if (key.starts_with("switches.")) {
    const std::string name = key.substr(9);
    const auto* s = find_switch(spec, name);
    if (s == nullptr) {
      std::vector<std::string> known;
      for (const auto& x : spec.switches) known.push_back(x.name);
      return unknown("switch", name, known);
    }
    if (auto v = read_switch_value(*s, e.value, path, d)) {
      option.switches.set(name, *v);
      option.overrides.push_back(key + " = " + core::to_string(*v));
    }
  } else if (key.starts_with("parameters.")) {
    const std::string name = key.substr(11);
    const auto* ps = find_parameter(spec, name);
    core::Parameter* p = option.parameters.find(name);  // null if the baseline's had errors
    if (ps == nullptr) {
      std::vector<std::string> known;
      for (const auto& x : spec.parameters) known.push_back(x.name);
      return unknown("parameter", name, known);
    }
    if (ps->domain == core::Domain::kShares) {
      d.error(e.value.where, path, "an option cannot yet override shares", "a number parameter");
      return;
    }
    const auto v = read_number(e.value, path, d);
    if (!v) return;
    if (!core::in_domain(ps->domain, *v)) {
      d.error(e.value.where, path, fmt::format("{:g} is out of range", *v),
              core::domain_description(ps->domain));
      return;
    }
    if (p == nullptr) return;  // checked; the baseline's error is reported already
    // An option's setting is a decision, not an uncertain quantity: it is fixed.
    p->value = *v;
    p->distribution = core::Distribution::fixed(*v);
    p->low.reset();
    p->high.reset();
    option.overrides.push_back(fmt::format("{} = {:g}", key, *v));
  } else {
    d.error(e.key_where, path, "an option cannot set `" + key + "`",
            "`parameters.NAME: value` or `switches.NAME: value`");
  }
}

// `preset: NAME` or `preset: {name: NAME, ARGUMENT: value, ...}`: the preset's parameter
// settings, fixed like any option setting.
void apply_preset(const core::ModelSpec& spec, const Node& node, const std::string& path,
                  Option& option, Diagnostics& d) {
  std::vector<std::string> known;
  for (const auto& p : spec.presets) known.push_back(p.name);
  const std::string expected =
      known.empty() ? std::string("no preset: model `") + spec.name + "` has none"
                    : fmt::format("one of {} (as `preset: NAME` or `preset: {{name: NAME, ...}}`)",
                                  fmt::join(known, ", "));
  const Node* name_node = &node;
  std::string name_path = path;
  std::optional<MapReader> r;
  if (node.is_map()) {
    r.emplace(node, path, d);
    name_node = r->required("name", expected);
    name_path = r->path_of("name");
    if (name_node == nullptr) return r->finish();
  }
  const auto name = read_text(*name_node, name_path, d);
  if (!name) return;
  const core::PresetSpec* preset = nullptr;
  for (const auto& p : spec.presets)
    if (p.name == *name) preset = &p;
  if (preset == nullptr) {
    std::string message = "unknown preset `" + *name + "`";
    if (const auto near = nearest(*name, known)) message += "; did you mean `" + *near + "`?";
    d.error(name_node->where, name_path, message, expected);
    if (r) r->finish();
    return;
  }
  std::vector<double> args;
  std::vector<std::string> shown;
  bool ok = true;
  for (const auto& a : preset->arguments) {
    double v = a.default_value;
    if (r) {
      if (const Node* n = r->optional(a.name)) {
        const auto x = read_number(*n, r->path_of(a.name), d);
        if (!x) {
          ok = false;
        } else if (!core::in_domain(a.domain, *x)) {
          d.error(n->where, r->path_of(a.name), fmt::format("{:g} is out of range", *x),
                  fmt::format("{} ({})", a.description, core::domain_description(a.domain)));
          ok = false;
        } else {
          v = *x;
        }
      }
    }
    args.push_back(v);
    shown.push_back(fmt::format("{}={:g}", a.name, v));
  }
  if (r) r->finish();
  if (!ok) return;
  for (const auto& [parameter, value] : preset->settings(args)) {
    core::Parameter* p = option.parameters.find(parameter);
    if (p == nullptr) continue;  // the baseline's error is reported already
    p->value = value;
    p->distribution = core::Distribution::fixed(value);
    p->low.reset();
    p->high.reset();
  }
  option.overrides.push_back(fmt::format("preset {}({})", preset->name, fmt::join(shown, ", ")));
  if (option.description.empty()) option.description = preset->description;
}

}  // namespace

void read_switches(const Node* node, const Location& top_where, const core::ModelSpec& spec,
                   core::SwitchSet& out, Diagnostics& d) {
  if (spec.switches.empty() && node == nullptr) return;
  if (node == nullptr) {
    d.error(top_where, "switches", "missing", "a mapping of the model's switches");
    return;
  }
  MapReader r(*node, "switches", d);
  if (!r.ok()) return;
  for (const auto& s : spec.switches) {
    const std::string expected =
        s.description + "; " +
        (s.choices.empty() ? "true or false"
                           : "one of: " + fmt::format("{}", fmt::join(s.choices, ", ")));
    const Node* n = s.default_choice.empty() ? r.required(s.name, expected) : r.optional(s.name);
    if (n == nullptr && !s.default_choice.empty()) out.set(s.name, s.default_choice);
    if (n != nullptr)
      if (auto v = read_switch_value(s, *n, r.path_of(s.name), d)) out.set(s.name, *v);
  }
  r.finish();
}

void read_options(const Node* node, const Location& top_where, const core::ModelSpec& spec,
                  const Scenario& base, std::vector<Option>& out, Diagnostics& d) {
  if (node == nullptr) return;
  if (!node->is_sequence() || node->items.empty()) {
    d.error(node ? node->where : top_where, "options", "found " + node->describe(),
            "a list of options, each with a `name:`; the first is the comparator");
    return;
  }
  for (std::size_t i = 0; i < node->items.size(); ++i) {
    const std::string path = fmt::format("options.{}", i);
    MapReader r(node->items[i], path, d);
    if (!r.ok()) continue;
    Option option;
    option.parameters = base.parameters;
    option.switches = base.switches;
    if (const Node* n = r.required("name", "a short unique name, e.g. `No specialist`")) {
      option.name = read_text(*n, r.path_of("name"), d).value_or("");
      for (const auto& o : out)
        if (o.name == option.name)
          d.error(n->where, r.path_of("name"), "duplicate option name `" + option.name + "`",
                  "a unique name");
      if (option.name.empty())
        d.error(n->where, r.path_of("name"), "empty name", "a short unique name");
    }
    if (const Node* n = r.optional("description"))
      option.description = read_text(*n, r.path_of("description"), d).value_or("");
    if (const Node* n = r.optional("preset"))
      apply_preset(spec, *n, r.path_of("preset"), option, d);
    if (const Node* set = r.optional("set")) {
      if (!set->is_map()) {
        d.error(set->where, r.path_of("set"), "found " + set->describe(),
                "a mapping such as `switches.treatment: true`");
      } else {
        for (const auto& e : set->entries)
          apply_option_override(spec, e, r.path_of("set") + "." + e.key, option, d);
      }
    }
    r.finish();
    out.push_back(std::move(option));
  }
}

// `correlations: {parameters: [a, b, ...], matrix: [[1, r], [r, 1]]}`: read after the parameters

}  // namespace pimhsim::scenario
