#include "pimhsim/core/tally.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

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

constexpr char kMagic[8] = {'P', 'I', 'M', 'T', 'A', 'L', 'Y', '2'};

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

// The bytes: the magic, the layout's fingerprint, then the levels, the increments and the pair
// increments, each as their number, a table of two bits per accumulator (in order, the first in
// the lowest bits of the first byte; unused bits zero) saying which of three forms it takes, and
// the accumulators in those forms:
// - empty (0): no observation, every bit of the state zero (a Moments as constructed); nothing;
// - counted (1): sums whose bits are all zero (every observation was the shift): its count and
//   shift, 16 bytes;
// - full (2): count, shift, sum and sum of squares, 32 bytes.
// Then the totals: their number, a table of one bit each (1: not +0.0) and the other totals, 8
// bytes each. Every double travels as its own bits (a sum of -0.0 or NaN makes the accumulator
// full; such a shift, counted). Most of
// a microsimulation's slots are never observed, or observed only at one value, for some of its
// units (a measure by year in the years a partition has no one to count, say): an England area's
// tally at full scale takes 130 to 138 kB, where writing every state took 386 kB.
namespace {

enum MomentsForm : unsigned { kEmpty = 0, kCounted = 1, kFull = 2 };

MomentsForm form_of(const Moments::State& st) {
  if (std::bit_cast<std::uint64_t>(st.sum) != 0 || std::bit_cast<std::uint64_t>(st.sum_sq) != 0)
    return kFull;
  return st.n == 0 && std::bit_cast<std::uint64_t>(st.shift) == 0 ? kEmpty : kCounted;
}

constexpr std::size_t kFormBytes[3] = {0, 16, 32};

std::size_t moments_bytes(const std::vector<Moments>& v) {
  std::size_t n = 8 + (v.size() + 3) / 4;
  for (const auto& m : v) n += kFormBytes[form_of(m.state())];
  return n;
}

void put_moments(std::string& out, const std::vector<Moments>& v) {
  put<std::uint64_t>(out, v.size());
  std::string table((v.size() + 3) / 4, '\0');
  for (std::size_t i = 0; i < v.size(); ++i)
    table[i / 4] = static_cast<char>(static_cast<unsigned char>(table[i / 4]) |
                                     form_of(v[i].state()) << (2 * (i % 4)));
  out += table;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const unsigned f = static_cast<unsigned char>(table[i / 4]) >> (2 * (i % 4)) & 3U;
    if (f == kEmpty) continue;
    const auto st = v[i].state();
    put(out, st.n);
    put(out, st.shift);
    if (f == kCounted) continue;
    put(out, st.sum);
    put(out, st.sum_sq);
  }
}

void take_moments(std::string_view& in, std::vector<Moments>& v) {
  if (take<std::uint64_t>(in) != v.size())
    throw std::invalid_argument("tally bytes: damaged (a count does not match the layout)");
  const std::size_t table_bytes = (v.size() + 3) / 4;
  if (in.size() < table_bytes) throw std::invalid_argument("tally bytes: truncated");
  const std::string_view table = in.substr(0, table_bytes);
  in.remove_prefix(table_bytes);
  if (v.size() % 4 != 0 && (static_cast<unsigned char>(table.back()) >> (2 * (v.size() % 4))) != 0)
    throw std::invalid_argument("tally bytes: damaged (a form table's unused bits are set)");
  for (std::size_t i = 0; i < v.size(); ++i) {
    const unsigned f = static_cast<unsigned char>(table[i / 4]) >> (2 * (i % 4)) & 3U;
    if (f == kEmpty) continue;  // v[i] is as constructed
    if (f > kFull) throw std::invalid_argument("tally bytes: damaged (an unknown form)");
    Moments::State st;
    st.n = take<std::uint64_t>(in);
    st.shift = take<double>(in);
    if (f == kFull) {
      st.sum = take<double>(in);
      st.sum_sq = take<double>(in);
    }
    // A form that its state would not take is damage too: one tally has one encoding.
    if (form_of(st) != f)
      throw std::invalid_argument("tally bytes: damaged (an accumulator in the wrong form)");
    v[i] = Moments::from_state(st);
  }
}

}  // namespace

std::string Tally::to_bytes() const {
  if (!layout_.valid()) throw std::logic_error("to_bytes of a tally without a layout");
  // One allocation: the bytes below, and 8 more, which a result sent between ranks appends (its
  // unit's index, core/ranks.cc) without a copy. A tally of a few hundred kB grown by doubling
  // was copied a dozen times.
  std::size_t size = sizeof kMagic + 8 + moments_bytes(levels_) + moments_bytes(increments_) +
                     moments_bytes(pair_increments_) + 8 + (totals_.size() + 7) / 8;
  for (const double t : totals_) size += std::bit_cast<std::uint64_t>(t) != 0 ? 8 : 0;
  std::string out;
  out.reserve(size + 8);
  out.append(kMagic, sizeof kMagic);
  put<std::uint64_t>(out, layout_.fingerprint());
  for (const auto* v : {&levels_, &increments_, &pair_increments_}) put_moments(out, *v);
  put<std::uint64_t>(out, totals_.size());
  std::string present((totals_.size() + 7) / 8, '\0');
  for (std::size_t i = 0; i < totals_.size(); ++i)
    if (std::bit_cast<std::uint64_t>(totals_[i]) != 0)
      present[i / 8] =
          static_cast<char>(static_cast<unsigned char>(present[i / 8]) | 1U << (i % 8));
  out += present;
  for (const double t : totals_)
    if (std::bit_cast<std::uint64_t>(t) != 0) put(out, t);
  return out;
}

Tally Tally::from_bytes(const TallyLayout& layout, std::string_view bytes) {
  if (bytes.size() < sizeof kMagic || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
    throw std::invalid_argument("tally bytes: not a PIMHsim tally");
  bytes.remove_prefix(sizeof kMagic);
  if (take<std::uint64_t>(bytes) != layout.fingerprint())
    throw std::invalid_argument("tally bytes: of another layout (options or measures differ)");
  Tally t(layout);
  for (auto* v : {&t.levels_, &t.increments_, &t.pair_increments_}) take_moments(bytes, *v);
  if (take<std::uint64_t>(bytes) != t.totals_.size())
    throw std::invalid_argument("tally bytes: damaged (a count does not match the layout)");
  const std::size_t present_bytes = (t.totals_.size() + 7) / 8;
  if (bytes.size() < present_bytes) throw std::invalid_argument("tally bytes: truncated");
  const std::string_view present = bytes.substr(0, present_bytes);
  bytes.remove_prefix(present_bytes);
  if (t.totals_.size() % 8 != 0 &&
      (static_cast<unsigned char>(present.back()) >> (t.totals_.size() % 8)) != 0)
    throw std::invalid_argument("tally bytes: damaged (a totals table's unused bits are set)");
  for (std::size_t i = 0; i < t.totals_.size(); ++i) {
    if (!(static_cast<unsigned char>(present[i / 8]) >> (i % 8) & 1U)) continue;  // +0.0
    t.totals_[i] = take<double>(bytes);
    if (std::bit_cast<std::uint64_t>(t.totals_[i]) == 0)
      throw std::invalid_argument("tally bytes: damaged (a total marked present is +0)");
  }
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
