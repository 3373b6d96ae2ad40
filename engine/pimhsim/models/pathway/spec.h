// The perinatal pathway's declarations: conditions, severities, contacts, services and every
// parameter a scenario must give, with its domain.
#pragma once

#include <array>
#include <string>

#include "pimhsim/core/model.h"

namespace pimhsim::models::pathway {

inline constexpr int kConditions = 5;
inline constexpr std::array<const char*, kConditions> kConditionNames = {
    "depression", "anxiety", "comorbid", "ptsd", "psychosis"};
enum Condition : std::uint8_t { kDepression, kAnxiety, kComorbid, kPtsd, kPsychosis, kWell = 255 };

inline constexpr int kSeverities = 3;
inline constexpr std::array<const char*, kSeverities> kSeverityNames = {"mild", "moderate",
                                                                        "severe"};

// Onset bands, in months of the dyad's life (month 0 = first month of pregnancy, birth at 9).
inline constexpr int kOnsetBands = 6;
inline constexpr std::array<const char*, kOnsetBands> kOnsetBandNames = {
    "trimester_1",   "trimester_2",   "trimester_3",
    "postnatal_0_2", "postnatal_3_5", "postnatal_6_11"};
inline constexpr std::array<int, kOnsetBands + 1> kOnsetBandStart = {0, 3, 6, 9, 12, 15, 21};

inline constexpr int kBirthMonth = 9;   // month of life in which the child is born
inline constexpr int kLifeMonths = 33;  // pregnancy to the child's second birthday

inline constexpr int kContacts = 5;
inline constexpr std::array<const char*, kContacts> kContactNames = {
    "antenatal", "new_birth", "six_to_eight_weeks", "one_year", "two_year"};

// Services a detected mother can be routed to (first-line care), and the specialist health
// visitor's caseload, which runs alongside.
inline constexpr int kServices = 4;
inline constexpr std::array<const char*, kServices> kServiceNames = {
    "listening_visits", "talking_therapies", "specialist_pmh", "mbu"};
enum Service : std::uint8_t {
  kListeningVisits,
  kTalkingTherapies,
  kSpecialistPmh,
  kMbu,
  kNoService = 255
};

// Long-term cost lines (service lines), each belonging to a sector.
// Crime's costs are split as their source splits them: the criminal justice system's own costs
// (police, courts, prisons: public spending) and the costs borne by victims (harm, lost output,
// their own spending: no public budget pays them).
inline constexpr int kLines = 9;
inline constexpr std::array<const char*, kLines> kLineNames = {
    "adult_mental_health", "child_mental_health", "other_health", "social_care",    "education",
    "criminal_justice",    "victims_of_crime",    "productivity", "quality_of_life"};
// Line indices (plain integers, so that measure offsets can add them).
inline constexpr int kAdultMentalHealth = 0, kChildMentalHealth = 1, kOtherHealth = 2,
                     kSocialCare = 3, kEducationLine = 4, kCriminalJusticeLine = 5,
                     kVictimsOfCrime = 6, kProductivity = 7, kQualityOfLife = 8;
inline constexpr int kSectors = 6;
inline constexpr std::array<const char*, kSectors> kSectorNames = {
    "health_social_care", "education",    "criminal_justice",
    "victims_of_crime",   "productivity", "quality_of_life"};
inline constexpr std::array<int, kLines> kLineSector = {0, 0, 0, 0, 1, 2, 3, 4, 5};

// Conditions with their own per-case costs (Bauer et al. 2014); comorbid and PTSD are costed as
// multiples of depression and anxiety.
inline constexpr int kCostedConditions = 3;
inline constexpr std::array<const char*, kCostedConditions> kCostedNames = {"depression", "anxiety",
                                                                            "psychosis"};

inline constexpr std::array<const char*, 2> kPersons = {"mother", "child"};

const core::ModelSpec& spec();

}  // namespace pimhsim::models::pathway
