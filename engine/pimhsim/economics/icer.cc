#include "pimhsim/economics/icer.h"

#include <fmt/format.h>

namespace pimhsim::economics {

Icer icer(double dc, double de) {
  if (de == 0 && dc == 0) return {Icer::Kind::kNoDifference, 0};
  if (de >= 0 && dc <= 0) return {Icer::Kind::kDominant, 0};
  if (de <= 0 && dc >= 0) return {Icer::Kind::kDominated, 0};
  if (de > 0) return {Icer::Kind::kRatio, dc / de};
  return {Icer::Kind::kLessCostlyLessEffective, dc / de};
}

const char* Icer::label() const {
  switch (kind) {
    case Kind::kRatio:
      return "ratio";
    case Kind::kDominant:
      return "dominant";
    case Kind::kDominated:
      return "dominated";
    case Kind::kLessCostlyLessEffective:
      return "less costly, less effective";
    case Kind::kNoDifference:
      return "no difference";
  }
  return "?";
}

std::string Icer::describe(const std::string& currency) const {
  switch (kind) {
    case Kind::kRatio:
      return fmt::format("{:.0f} {} per QALY gained", value, currency);
    case Kind::kDominant:
      return "dominant (no more costly and no less effective)";
    case Kind::kDominated:
      return "dominated (no less costly and no more effective)";
    case Kind::kLessCostlyLessEffective:
      return fmt::format("{:.0f} {} saved per QALY lost", value, currency);
    case Kind::kNoDifference:
      return "no difference";
  }
  return "?";
}

}  // namespace pimhsim::economics
