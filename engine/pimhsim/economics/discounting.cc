#include "pimhsim/economics/discounting.h"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

namespace pimhsim::economics {

namespace {

// Band starts in core::DiscountSchedule terms: the rate of Green Book "years 31–75" first
// applies to the step from year 30 to year 31, so that band starts at from_year = 30.
constexpr std::array<double, 6> kGreenBookFrom = {0, 30, 75, 125, 200, 300};
constexpr std::array<double, 6> kStpr = {0.035, 0.030, 0.025, 0.020, 0.015, 0.010};
constexpr double kHealthToStpr = 0.015 / 0.035;  // health rate 1.5% against STPR 3.5% in years 0–30

constexpr std::array<std::string_view, 4> kNames = {"green_book", "green_book_health", "nice",
                                                    "nice_sensitivity"};

core::DiscountSchedule green_book_scaled(double scale) {
  std::vector<core::DiscountSchedule::Band> bands;
  for (std::size_t i = 0; i < kStpr.size(); ++i)
    bands.push_back({kGreenBookFrom[i], kStpr[i] * scale});
  return core::DiscountSchedule(std::move(bands));
}

}  // namespace

core::DiscountSchedule green_book() {
  return green_book_scaled(1.0);
}

core::DiscountSchedule green_book_health() {
  return green_book_scaled(kHealthToStpr);
}

core::DiscountSchedule nice_reference() {
  return core::DiscountSchedule::constant(0.035);
}

core::DiscountSchedule nice_sensitivity() {
  return core::DiscountSchedule::constant(0.015);
}

core::DiscountSchedule from_table(std::vector<std::pair<double, double>> year_rate) {
  if (year_rate.empty())
    throw std::invalid_argument(
        "a discount table needs at least one (year, rate) row, starting at year 0");
  std::vector<core::DiscountSchedule::Band> bands;
  bands.reserve(year_rate.size());
  for (std::size_t i = 0; i < year_rate.size(); ++i) {
    const auto [year, rate] = year_rate[i];
    if (!std::isfinite(year))
      throw std::invalid_argument(
          fmt::format("discount table row {}: the year must be a finite number", i + 1));
    if (i == 0 && year != 0.0)
      throw std::invalid_argument(fmt::format(
          "discount table row 1: the first year must be 0 (the start of the analysis), not {}",
          year));
    if (i > 0 && !(year > year_rate[i - 1].first))
      throw std::invalid_argument(fmt::format(
          "discount table row {}: years must increase strictly, but year {} follows year {}", i + 1,
          year, year_rate[i - 1].first));
    if (!std::isfinite(rate) || !(rate > -1.0 && rate < 1.0))
      throw std::invalid_argument(
          fmt::format("discount table row {} (year {}): the annual rate must be a fraction in (-1, "
                      "1), e.g. 0.035 for 3.5%, not {}",
                      i + 1, year, rate));
    bands.push_back({year, rate});
  }
  return core::DiscountSchedule(std::move(bands));
}

double timing_point(int year, Timing timing) {
  if (year < 0)
    throw std::invalid_argument(fmt::format("discounting year {}: years count from 0", year));
  const double t = static_cast<double>(year);
  switch (timing) {
    case Timing::kStartOfYear:
      return t;
    case Timing::kMidYear:
      return t + 0.5;
    case Timing::kEndOfYear:
      return t + 1.0;
  }
  throw std::invalid_argument("unknown discounting timing");
}

double year_factor(const core::DiscountSchedule& schedule, int year, Timing timing) {
  return schedule.factor(timing_point(year, timing));
}

std::optional<core::DiscountSchedule> schedule_named(std::string_view name) {
  if (name == "green_book") return green_book();
  if (name == "green_book_health") return green_book_health();
  if (name == "nice") return nice_reference();
  if (name == "nice_sensitivity") return nice_sensitivity();
  return std::nullopt;
}

std::span<const std::string_view> schedule_names() {
  return kNames;
}

}  // namespace pimhsim::economics
