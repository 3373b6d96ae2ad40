// The incremental analysis over all the options of one decision, as appraisers do it: order the
// options by cost, set aside those that are dominated, strongly or extendedly, and report the ICER
// of each step along what is left (the efficiency frontier). A pure function of its input.
//
// Conventions, each chosen so that the table agrees with the net-benefit rule (at a willingness
// to pay w >= 0, choose the option with the largest w * effect - cost):
//  * Strongly dominated: some other option costs no more and is no less effective, one strictly.
//    An option whose effect equals a cheaper one's, or whose cost equals a more effective one's,
//    is therefore strongly dominated (some tools call this "weak dominance"; it loses at any w).
//  * Identical options (the same cost and effect, exactly) do not dominate each other. The first
//    in input order stands for all of them; its twins take its status, or kIdentical when it is
//    on the frontier. Input order matters for nothing else.
//  * Extendedly dominated: a mix of two other options is cheaper at the same effect, i.e. the
//    option lies strictly above the line joining its neighbours on the frontier (its ICER exceeds
//    the next one's). An option exactly on that line is kept, with the same ICER as the next step:
//    a mix only matches it, so it is not dominated (Cantor, Med Decis Making 1994;14:259), it is
//    among the best options at w equal to that ICER, and dropping it would change none of the
//    ICERs reported (each step along a straight line has that line's slope). dampack's
//    calculate_icers keeps such options too (it drops an option only when its ICER is greater).
//  * "On the line" allows a relative difference of 1e-9 between the two ICERs, because the ICERs
//    are our own floating-point quotients: costs 600, 700, 800 with effects 0.6, 0.7, 0.8 give
//    ICERs 1000.0000000000002 and 999.9999999999991, and exact comparison would call the middle
//    option dominated. Equalities of the inputs themselves (ties in cost or effect) are exact.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace pimhsim::economics {

struct FrontierInput {
  std::string name;  // unique among the options
  double cost;
  double effect;
};

enum class Status { kFrontier, kStronglyDominated, kExtendedlyDominated, kIdentical };

// The step to a frontier option from the previous (cheaper) frontier option.
struct FrontierStep {
  std::string compared_with;
  double incremental_cost;    // > 0
  double incremental_effect;  // > 0
  double icer;                // incremental_cost / incremental_effect
};

struct FrontierRow {
  std::size_t input_index;  // position of the option in the input
  std::string name;
  double cost;
  double effect;
  Status status;
  // Why the option is off the frontier:
  //  kStronglyDominated: the most effective option costing no more (the cheapest of those, then
  //                      the first in input order), which dominates it and is not itself
  //                      strongly dominated;
  //  kExtendedlyDominated: the two frontier options either side of it in effect, a mix of which
  //                      is cheaper at its effect;
  //  kIdentical: the frontier option it duplicates.
  // Empty on the frontier.
  std::vector<std::string> dominated_by;
  std::optional<FrontierStep> step;  // set for frontier options other than the cheapest
};

// One row per option, sorted by cost, then effect descending, then input order. The frontier
// rows in that order have strictly increasing costs and effects, and increasing ICERs (equal
// where options lie on one line, up to the tolerance above). An empty input gives an empty
// table. Throws std::invalid_argument for a non-finite cost or effect, or a name used twice.
std::vector<FrontierRow> incremental_analysis(const std::vector<FrontierInput>& options);

const char* status_label(Status status);

// The largest willingness to pay per unit of effect (per QALY) a scenario or a command may give:
// tens of millions of times the thresholds in use (NICE's 20,000 to 30,000 pounds per QALY, PMG36
// 2022), and small enough that wtp * effect stays finite and keeps a cost of one unit visible for
// effects up to about 9,000 QALYs per person (2^53 / 1e12). Thresholds are finite amounts from 0
// to this.
inline constexpr double kMaxWillingnessToPay = 1e12;
inline constexpr const char* kWillingnessToPayDomain = "an amount per QALY from 0 to 1e12";

// The net monetary benefit of `to` over `from` at willingness to pay `wtp`:
// wtp * (E_to - E_from) - (C_to - C_from). Computed from the differences, so that the costs are
// not lost in rounding as they are in a difference of two large products (wtp * E - C), and so
// that a large wtp gives the more effective option (+inf) rather than a tie of two infinities.
double incremental_nmb(double wtp, const FrontierInput& from, const FrontierInput& to);

// The index of the option with the largest net monetary benefit wtp * effect - cost, found by
// incremental_nmb against the best so far; ties go to the cheaper option, then to the earlier in
// input order. For wtp > 0 this is a frontier option: the cheapest for wtp below the first ICER,
// and otherwise the frontier option with the largest ICER below wtp. Throws
// std::invalid_argument for no options, a non-finite input or wtp, or a name used twice.
std::size_t optimal_at(const std::vector<FrontierInput>& options, double wtp);

}  // namespace pimhsim::economics
