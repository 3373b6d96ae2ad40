// The charts of a DSA's report (report_kinds.h): the tornado of each option, the two-way map and
// the threshold lines.
#pragma once

#include <string>
#include <vector>

#include "pimhsim/output/report_charts.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {

// One bar of a tornado: the outcome with the parameter at its low and at its high value.
struct TornadoBar {
  std::string parameter;
  double low = 0, high = 0;                  // the parameter's range
  double at_low = 0, at_high = 0, base = 0;  // the outcome
  double swing = 0;                          // |at_high - at_low|
  double rank = 0;                           // tornado.csv's (1: the first bar)
};

// An outcome's value as the report shows it: money above 1,000 as money, else four significant
// digits; 0 for what is left of rounding between two equal outcomes.
std::string dsa_value_text(double x);

// The options of tornado.csv, in its order.
std::vector<std::string> tornado_options(const DsaResults& r);
// `option`'s bars by tornado.csv's rank: widest swing first, as in a tornado diagram
// (dampack's owsa_tornado; Briggs, Claxton and Sculpher 2006, ch. 4), after the rows whose
// outcome is not defined at an end (an ICER where no QALY is gained), whose swing is not a number.
std::vector<TornadoBar> tornado_bars(const DsaResults& r, const std::string& option);

// The outcome's unit for an axis: the currency for money, "QALYs", or "ratio".
std::string outcome_unit(const DsaResults& r);

std::vector<ReportChart> dsa_charts(const DsaResults& r);

}  // namespace pimhsim::output
