#include "pimhsim/core/number_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace pimhsim::core {

std::string human_number(double x) {
  if (!std::isfinite(x)) return fmt::format("{}", x);
  const double a = std::fabs(x);
  if (a >= 1000) {
    std::string digits = fmt::format("{:.0f}", a);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return (x < 0 ? "-" : "") + out;
  }
  if (a == 0) return "0";
  const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(a))));
  return fmt::format("{:.{}f}", x, std::min(decimals, 6));
}

std::string money_text(double x) {
  if (!std::isfinite(x)) return fmt::format("{}", x);
  const double a = std::fabs(x);
  const auto scaled = [&](double unit, const char* suffix) {
    const double v = x / unit, av = a / unit;
    const int decimals = av >= 100 ? 0 : av >= 10 ? 1 : 2;
    return fmt::format("{:.{}f}{}", v, decimals, suffix);
  };
  if (a >= 999.5e6) return scaled(1e9, "bn");
  if (a >= 999.5e3) return scaled(1e6, "m");
  if (a >= 999.5) return scaled(1e3, "k");
  if (a < 0.5) return "0";
  return fmt::format("{:.0f}", x);
}

std::string listed(const std::vector<std::string>& items, const std::string& conjunction) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " " + conjunction + " " : ", ") + items[i];
  return out;
}

}  // namespace pimhsim::core
