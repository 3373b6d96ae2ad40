// One mother-infant dyad's record while it is alive in the simulation (120 bytes, held in
// a ring buffer per option and area; no heap allocation per dyad).
#pragma once

#include <array>
#include <cstdint>

#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {

inline constexpr std::uint8_t kNever = 255;

enum Flag : std::uint16_t {
  kIllNow = 1 << 0,
  kEverIll = 1 << 1,
  kIdentified = 1 << 2,
  kAtContact = 1 << 3,
  kHidden = 1 << 4,
  kTrainedHv = 1 << 5,  // listening visits from a trained health visitor (set when care starts)
  kChronic = 1 << 6,
  kReferred = 1 << 7,
  kWaiting = 1 << 8,
  kSpecialist = 1 << 9,
  kTimely = 1 << 10,
  kServiceStarted = 1 << 11,
};

// Who pays for care during the 1001 days: the NHS (talking therapies, perinatal mental health
// team, mother and baby unit) or the local authority (health visitors' assessments and listening
// visits, part of the public-health 0-19 service).
enum InPeriodPayer : int { kPayNhs = 0, kPayLocalAuthority = 1 };
inline constexpr int kInPeriodPayers = 2;

struct Dyad {
  int entry = 0;  // month index (from the start of the burn-in) of the first month of pregnancy
  std::uint16_t flags = 0;
  std::uint8_t condition = kWell, severity = 0, onset = 0;
  std::uint8_t service = kNoService, service_start = kNever, service_end = kNever;
  std::uint8_t detect_month = kNever, referral_month = kNever, specialist_start = kNever,
               specialist_end = kNever;
  std::uint8_t months_untreated = 0, months_treated = 0, false_positives = 0;
  std::uint8_t recovery_month = kNever;  // month of life in which the mother remitted
  // The dyad's health visitor is trained in month m when trained_u < the area's trained share
  // then: one uniform for life, so a health visitor once trained stays trained while the share
  // does not fall (and options with more training train a superset of health visitors).
  double trained_u = 1;
  double qaly_loss = 0;                                // discounted, during the 1001 days
  std::array<double, kInPeriodPayers> service_cost{};  // discounted, by payer
  // Undiscounted in-period costs by calendar year (offset from the entry's calendar year; a dyad
  // lives in at most four) and payer, for budget impact.
  std::array<std::array<double, kInPeriodPayers>, 4> service_flow{};

  // The record of a new dyad (Dyad{}), field by field in place: GCC clears a whole
  // value-initialised record with a `rep stos` whose start cost a tenth of a dyad's entry. A new
  // field is reset here too (a test fills a record with other bytes and compares it after reset()).
  void reset() {
    entry = 0;
    flags = 0;
    condition = kWell;
    severity = onset = 0;
    service = kNoService;
    service_start = service_end = detect_month = referral_month = specialist_start =
        specialist_end = kNever;
    months_untreated = months_treated = false_positives = 0;
    recovery_month = kNever;
    trained_u = 1;
    qaly_loss = 0;
    service_cost = {};
    for (auto& year : service_flow) year = {};
  }
};

}  // namespace pimhsim::models::pathway
