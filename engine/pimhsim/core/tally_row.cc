#include "pimhsim/core/tally_row.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

namespace pimhsim::core {

void TallyRow::bind(Tally& tally, std::span<const Column> columns) {
  flush();
  const TallyLayout& layout = tally.layout();
  const std::size_t k = layout.options().size(), stride = layout.slots_per_option();
  values_ = columns.size() * k;
  options_ = k;
  target_.clear();
  column_.clear();
  increments_.clear();
  minuend_.clear();
  subtrahend_.clear();
  std::size_t column = 0;
  const auto lane = [&](Moments& m) {
    target_.push_back(&m);
    column_.push_back(column);
  };
  for (const Column& c : columns) {
    if (layout.measures()[c.measure].total)
      throw std::logic_error("TallyRow: a total measure is not per individual");
    for (std::size_t o = 0; o < k; ++o)
      lane(tally.levels_[o * stride + layout.offset(c.measure) + c.period]);
    ++column;
  }
  for (std::size_t ci = 0; ci < columns.size(); ++ci) {
    const Column& c = columns[ci];
    column = ci;
    increments_.push_back(target_.size());
    const std::size_t slot = layout.offset(c.measure) + c.period;
    const auto first = static_cast<std::uint32_t>(ci * k);
    if (layout.measures()[c.measure].paired)
      for (std::size_t o = 1; o < k; ++o) {
        lane(tally.increments_[o * stride + slot]);
        minuend_.push_back(first + static_cast<std::uint32_t>(o));
        subtrahend_.push_back(first);
      }
    if (layout.measures()[c.measure].all_pairs)
      for (std::size_t i = 1, pair = 0; i < k; ++i)
        for (std::size_t j = i + 1; j < k; ++j, ++pair) {
          lane(tally.pair_increments_[pair * stride + slot]);
          minuend_.push_back(first + static_cast<std::uint32_t>(j));
          subtrahend_.push_back(first + static_cast<std::uint32_t>(i));
        }
  }
  increments_.push_back(target_.size());
  shift_.resize(target_.size());
  for (std::size_t i = 0; i < target_.size(); ++i)
    shift_[i] = target_[i]->count() > 0 ? target_[i]->state().shift
                                        : std::numeric_limits<double>::quiet_NaN();
  uniform_.assign(columns.size(), 0);
  for (std::size_t c = 0; c < columns.size(); ++c) refresh_uniform(c);
  added_.assign(target_.size(), 0);
  rows_ = 0;
  last_.assign(values_, 0.0);
  have_last_ = false;
  repeat_.clear();
  fixed_known_ = false;
}

void TallyRow::check_fixed() const {
  if (fixed_.size() != values_)
    throw std::logic_error("TallyRow: the fixed row does not fit the row's columns");
  for (std::size_t c = 0; c < uniform_.size(); ++c)
    for (std::size_t o = 1; o < options_; ++o)
      if (std::bit_cast<std::uint64_t>(fixed_[c * options_ + o]) !=
          std::bit_cast<std::uint64_t>(fixed_[c * options_]))
        throw std::logic_error("TallyRow: the fixed row is not alike under every option");
}

void TallyRow::add_fixed_except(std::span<const Change> changes) {
  for (const Change& ch : changes)
    if (ch.column >= uniform_.size())
      throw std::logic_error("TallyRow: a change to a column the row does not have");
  if (!fixed_known_) {
    check_fixed();
    with_changes_ = fixed_;
    for (const Change& ch : changes)
      for (std::size_t o = 0; o < options_; ++o) with_changes_[ch.column * options_ + o] = ch.value;
    add_alike(with_changes_);
    return;
  }
  ++rows_;
  changed_.resize(uniform_.size());
  for (const Change& ch : changes) changed_[ch.column] = 1;
  for (const Repeat& r : fixed_repeat_)
    if (!changed_[column_[r.lane]]) {
      target_[r.lane]->add(r.x);
      ++added_[r.lane];
    }
  for (const Change& ch : changes) {
    changed_[ch.column] = 0;
    alike_column(ch.column, ch.value);
  }
}

void TallyRow::first_fixed() {
  check_fixed();  // before anything is added
  ++rows_;
  fixed_repeat_.clear();
  const std::size_t k = options_;
  const auto note = [&](std::size_t lane, double x) {
    if (x != shift_[lane] && !observe(lane, x)) fixed_repeat_.push_back({lane, x});
  };
  for (std::size_t c = 0; c < uniform_.size(); ++c) {
    const double v = fixed_[c * k];
    for (std::size_t i = c * k; i < (c + 1) * k; ++i) note(i, v);
    const double x = v - v;  // as add_alike computes every increment of the row
    for (std::size_t i = increments_[c]; i < increments_[c + 1]; ++i) note(i, x);
  }
  fixed_known_ = true;
}

// A row alike under every option adds its value v to each level lane and v - v to each increment
// lane of a column. When the levels' shifts are one finite value and the increments' are zero,
// v equal to that shift is finite, so v - v = +0 equals every increment's shift too: the whole
// column is only counted.
void TallyRow::refresh_uniform(std::size_t c) {
  const std::size_t k = options_;
  const double s = shift_[c * k];
  bool uniform = std::isfinite(s);
  for (std::size_t i = c * k + 1; i < (c + 1) * k && uniform; ++i) uniform = shift_[i] == s;
  for (std::size_t i = increments_[c]; i < increments_[c + 1] && uniform; ++i)
    uniform = shift_[i] == 0.0;
  uniform_[c] = uniform ? 1 : 0;
}

void TallyRow::flush() {
  for (std::size_t i = 0; i < target_.size(); ++i) {
    // Every row not added one by one was equal to the shift (never NaN then): the slot had an
    // observation, so add_repeated keeps its shift and adds +0 to its sums.
    if (rows_ > added_[i]) target_[i]->add_repeated(shift_[i], rows_ - added_[i]);
    added_[i] = 0;
  }
  rows_ = 0;
}

}  // namespace pimhsim::core
