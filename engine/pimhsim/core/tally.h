// A Tally accumulates per-individual outcomes by option, measure and period, and the paired
// increments of every option over the first (the comparator) on common random numbers.
//
// Models describe what they measure once (a TallyLayout); the core then reduces, reports and
// writes the tally without knowing what the measures mean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/core/statistics.h"

namespace pimhsim::core {

struct MeasureSpec {
  std::string name;         // machine name, e.g. "cost"
  std::string description;  // what one observation is, for docs and JSON
  std::string unit;         // e.g. "GBP (discounted)", "QALY", "share"
  std::size_t periods = 1;  // 1 for a whole-horizon measure; otherwise one slot per period
  // What a period means for this measure, one word (results.csv's basis column): "cycle"; for
  // a calendar year, "exit" (the year an individual's follow-up ended) or "calendar" (the year
  // an amount fell in). Empty when periods == 1.
  std::string period_name;
  bool paired = true;  // also accumulate increments over the first option
  // A total rather than a per-individual mean: the model adds amounts (staff cost of an
  // area-month, say) with add_total(); only sums are kept, without a standard error.
  bool total = false;
  // Whether totals over individuals mean something (a count, a cost); false for a mean such as
  // waiting weeks, whose outputs then carry no total.
  bool summable = true;
  // Also accumulate the paired increments between every two options other than the comparator
  // (option j over option i, 1 <= i < j), for the steps of an incremental analysis: for the few
  // measures that define cost and effect.
  bool all_pairs = false;
};

// The shape of a tally. A layout is an immutable value whose copies share one description, so
// a Tally keeps its own copy and can never outlive the layout it was made with.
class TallyLayout {
 public:
  TallyLayout() = default;  // none: valid() is false
  TallyLayout(std::vector<std::string> options, std::vector<MeasureSpec> measures);

  bool valid() const { return d_ != nullptr; }
  const std::vector<std::string>& options() const { return d_->options; }
  const std::vector<MeasureSpec>& measures() const { return d_->measures; }
  std::size_t measure_index(const std::string& name) const;  // throws if unknown
  std::size_t slots_per_option() const { return d_->slots_per_option; }
  std::size_t offset(std::size_t measure) const { return d_->offsets[measure]; }
  // A fingerprint of the layout (FNV-1a 64 of its options, measures, periods and flags): equal
  // layouts, in any process, have equal fingerprints.
  std::uint64_t fingerprint() const;

 private:
  struct Data {
    std::vector<std::string> options;
    std::vector<MeasureSpec> measures;
    std::vector<std::size_t> offsets;
    std::size_t slots_per_option = 0;
  };
  std::shared_ptr<const Data> d_;
};

class Tally {
 public:
  Tally() = default;
  explicit Tally(const TallyLayout& layout);

  // One individual's value of a measure in a period, for every option (in option order).
  void add(std::size_t measure, std::size_t period, std::span<const double> per_option) {
    const std::size_t slot = layout_.offset(measure) + period;
    const std::size_t stride = layout_.slots_per_option();
    for (std::size_t o = 0; o < per_option.size(); ++o)
      levels_[o * stride + slot].add(per_option[o]);
    if (layout_.measures()[measure].paired)
      for (std::size_t o = 1; o < per_option.size(); ++o)
        increments_[o * stride + slot].add(per_option[o] - per_option[0]);
    if (layout_.measures()[measure].all_pairs)
      for (std::size_t i = 1, pair = 0; i < per_option.size(); ++i)
        for (std::size_t j = i + 1; j < per_option.size(); ++j, ++pair)
          pair_increments_[pair * stride + slot].add(per_option[j] - per_option[i]);
  }

  // `count` individuals with the same values, in one step (see Moments::add_repeated): exact in
  // value, and bit-identical to `count` add() calls where every value equals its slot's first
  // observation (the Moments' shift) or the values are 0/1 indicators.
  void add_many(std::size_t measure, std::size_t period, std::span<const double> per_option,
                std::uint64_t count) {
    const std::size_t slot = layout_.offset(measure) + period;
    const std::size_t stride = layout_.slots_per_option();
    for (std::size_t o = 0; o < per_option.size(); ++o)
      levels_[o * stride + slot].add_repeated(per_option[o], count);
    if (layout_.measures()[measure].paired)
      for (std::size_t o = 1; o < per_option.size(); ++o)
        increments_[o * stride + slot].add_repeated(per_option[o] - per_option[0], count);
    if (layout_.measures()[measure].all_pairs)
      for (std::size_t i = 1, pair = 0; i < per_option.size(); ++i)
        for (std::size_t j = i + 1; j < per_option.size(); ++j, ++pair)
          pair_increments_[pair * stride + slot].add_repeated(per_option[j] - per_option[i], count);
  }

  // One individual's value for one option only, for measures defined on a subset that differs
  // between options (waiting time of those who waited, say). Unpaired measures only.
  void add_one(std::size_t option, std::size_t measure, std::size_t period, double value) {
    levels_[option * layout_.slots_per_option() + layout_.offset(measure) + period].add(value);
  }

  // `count` individuals' equal value for one option, in one step: see Moments::add_repeated,
  // exact (bit-identical to `count` add_one calls) for 0/1 indicators. Unpaired measures only.
  void add_repeated(std::size_t option, std::size_t measure, std::size_t period, double value,
                    std::uint64_t count) {
    levels_[option * layout_.slots_per_option() + layout_.offset(measure) + period].add_repeated(
        value, count);
  }

  // Adds an amount to a total measure.
  void add_total(std::size_t option, std::size_t measure, std::size_t period, double amount) {
    totals_[option * layout_.slots_per_option() + layout_.offset(measure) + period] += amount;
  }
  double total(std::size_t option, std::size_t measure, std::size_t period = 0) const {
    return totals_.at(option * layout_.slots_per_option() + layout_.offset(measure) + period);
  }

  // Adds another tally of the same layout. Merge in a fixed order for reproducible results.
  void merge(const Tally& other);

  // The tally as bytes, to send to another process or store: a header that identifies the
  // layout (its options, measures, periods and flags), then every accumulator's exact state,
  // those never observed in two bits and those observed only at their shift in 16 bytes
  // (tally.cc has the format).
  // from_bytes rebuilds a tally bit for bit on an equal layout, so that a tally merged from bytes
  // equals one merged in memory; it throws std::invalid_argument for bytes of another layout,
  // truncated or damaged.
  std::string to_bytes() const;
  static Tally from_bytes(const TallyLayout& layout, std::string_view bytes);

  const TallyLayout& layout() const { return layout_; }
  const Moments& level(std::size_t option, std::size_t measure, std::size_t period = 0) const;
  // Increment of `option` over option 0; option must be >= 1 and the measure paired.
  const Moments& increment(std::size_t option, std::size_t measure, std::size_t period = 0) const;
  // Increment of option `to` over option `from` (from < to): increment(to) when from is 0,
  // otherwise kept only for measures with all_pairs (std::logic_error for others).
  const Moments& increment_between(std::size_t from, std::size_t to, std::size_t measure,
                                   std::size_t period = 0) const;

 private:
  friend class TallyRow;  // adds rows of per-individual slots in place (tally_row.h)
  TallyLayout layout_;
  std::vector<Moments> levels_;
  std::vector<Moments> increments_;
  std::vector<Moments> pair_increments_;  // [pair of non-comparator options][slot]
  std::vector<double> totals_;
};

}  // namespace pimhsim::core
