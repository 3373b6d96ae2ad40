#include "pimhsim/core/tally.h"

#include <cstring>
#include <stdexcept>

namespace pimhsim::core {

TallyLayout::TallyLayout(std::vector<std::string> options, std::vector<MeasureSpec> measures) {
  auto d = std::make_shared<Data>();
  d->options = std::move(options);
  d->measures = std::move(measures);
  for (const auto& m : d->measures) {
    if (m.periods == 0) throw std::invalid_argument("measure " + m.name + " has no period");
    d->offsets.push_back(d->slots_per_option);
    d->slots_per_option += m.periods;
  }
  d_ = std::move(d);
}

std::size_t TallyLayout::measure_index(const std::string& name) const {
  for (std::size_t i = 0; i < measures().size(); ++i)
    if (measures()[i].name == name) return i;
  throw std::out_of_range("no measure named " + name);
}

namespace {

constexpr char kMagic[8] = {'P', 'I', 'M', 'T', 'A', 'L', 'Y', '1'};

void fnv(std::uint64_t& h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  h ^= 0xff;  // a separator, so that ("ab", "c") and ("a", "bc") differ
  h *= 1099511628211ull;
}

template <typename T>
void put(std::string& out, T value) {
  char raw[sizeof(T)];
  std::memcpy(raw, &value, sizeof(T));
  out.append(raw, sizeof(T));
}

template <typename T>
T take(std::string_view& in) {
  if (in.size() < sizeof(T)) throw std::invalid_argument("tally bytes: truncated");
  T value;
  std::memcpy(&value, in.data(), sizeof(T));
  in.remove_prefix(sizeof(T));
  return value;
}

}  // namespace

std::uint64_t TallyLayout::fingerprint() const {
  std::uint64_t h = 14695981039346656037ull;
  for (const auto& o : options()) fnv(h, o);
  for (const auto& m : measures()) {
    fnv(h, m.name);
    const std::string shape = std::to_string(m.periods) + (m.paired ? "p" : "-") +
                              (m.total ? "t" : "-") + (m.summable ? "s" : "-") +
                              (m.all_pairs ? "a" : "-");
    fnv(h, shape);
  }
  return h;
}

std::string Tally::to_bytes() const {
  if (!layout_.valid()) throw std::logic_error("to_bytes of a tally without a layout");
  // One allocation: the bytes below, and 8 more, which a result sent between ranks appends (its
  // unit's index, core/ranks.cc) without a copy. A tally of a few hundred kB grown by doubling
  // was copied a dozen times.
  const std::size_t moments = levels_.size() + increments_.size() + pair_increments_.size();
  std::string out;
  out.reserve(sizeof kMagic + 8 + 3 * 8 + moments * sizeof(Moments::State) + 8 +
              totals_.size() * 8 + 8);
  out.append(kMagic, sizeof kMagic);
  put<std::uint64_t>(out, layout_.fingerprint());
  for (const auto* v : {&levels_, &increments_, &pair_increments_}) {
    put<std::uint64_t>(out, v->size());
    for (const auto& m : *v) {
      const auto st = m.state();
      put(out, st.n);
      put(out, st.shift);
      put(out, st.sum);
      put(out, st.sum_sq);
    }
  }
  put<std::uint64_t>(out, totals_.size());
  for (const double t : totals_) put(out, t);
  return out;
}

Tally Tally::from_bytes(const TallyLayout& layout, std::string_view bytes) {
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw std::invalid_argument("tally bytes: not a PIMHsim tally");
  bytes.remove_prefix(sizeof kMagic);
  if (take<std::uint64_t>(bytes) != layout.fingerprint())
    throw std::invalid_argument("tally bytes: of another layout (options or measures differ)");
  Tally t(layout);
  for (auto* v : {&t.levels_, &t.increments_, &t.pair_increments_}) {
    if (take<std::uint64_t>(bytes) != v->size())
      throw std::invalid_argument("tally bytes: damaged (a count does not match the layout)");
    for (auto& m : *v) {
      Moments::State st;
      st.n = take<std::uint64_t>(bytes);
      st.shift = take<double>(bytes);
      st.sum = take<double>(bytes);
      st.sum_sq = take<double>(bytes);
      m = Moments::from_state(st);
    }
  }
  if (take<std::uint64_t>(bytes) != t.totals_.size())
    throw std::invalid_argument("tally bytes: damaged (a count does not match the layout)");
  for (auto& x : t.totals_) x = take<double>(bytes);
  if (!bytes.empty()) throw std::invalid_argument("tally bytes: damaged (trailing bytes)");
  return t;
}

Tally::Tally(const TallyLayout& layout)
    : layout_(layout),
      levels_(layout.options().size() * layout.slots_per_option()),
      increments_(layout.options().size() * layout.slots_per_option()),
      pair_increments_(layout.options().size() < 3
                           ? 0
                           : (layout.options().size() - 1) * (layout.options().size() - 2) / 2 *
                                 layout.slots_per_option()),
      totals_(layout.options().size() * layout.slots_per_option(), 0.0) {}

void Tally::merge(const Tally& other) {
  if (!other.layout_.valid()) return;
  if (!layout_.valid()) {
    *this = other;
    return;
  }
  for (std::size_t i = 0; i < levels_.size(); ++i) levels_[i].merge(other.levels_[i]);
  for (std::size_t i = 0; i < increments_.size(); ++i) increments_[i].merge(other.increments_[i]);
  for (std::size_t i = 0; i < pair_increments_.size(); ++i)
    pair_increments_[i].merge(other.pair_increments_[i]);
  for (std::size_t i = 0; i < totals_.size(); ++i) totals_[i] += other.totals_[i];
}

const Moments& Tally::level(std::size_t option, std::size_t measure, std::size_t period) const {
  return levels_.at(option * layout_.slots_per_option() + layout_.offset(measure) + period);
}

const Moments& Tally::increment(std::size_t option, std::size_t measure, std::size_t period) const {
  if (option == 0 || !layout_.measures()[measure].paired)
    throw std::logic_error("no increment for option 0 or an unpaired measure");
  return increments_.at(option * layout_.slots_per_option() + layout_.offset(measure) + period);
}

const Moments& Tally::increment_between(std::size_t from, std::size_t to, std::size_t measure,
                                        std::size_t period) const {
  if (from == 0) return increment(to, measure, period);
  const std::size_t k = layout_.options().size();
  if (!(from < to && to < k) || !layout_.measures()[measure].all_pairs)
    throw std::logic_error("no increment between these options for this measure");
  // Pairs (i, j), 1 <= i < j < k, are numbered row by row: those with i' < from come first.
  std::size_t pair = 0;
  for (std::size_t i = 1; i < from; ++i) pair += k - 1 - i;
  pair += to - from - 1;
  return pair_increments_.at(pair * layout_.slots_per_option() + layout_.offset(measure) + period);
}

}  // namespace pimhsim::core
