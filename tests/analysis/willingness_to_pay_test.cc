// A willingness to pay given on the command line has the scenario's domain, a finite amount per
// QALY from 0 to economics::kMaxWillingnessToPay (1e12): the PSA's grid (`wtp`), the DSA's value
// (`wtp`) and a plan's `MEASURE@THRESHOLD`.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/analysis/plan.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/core/settings.h"

namespace an = pimhsim::analysis;
using pimhsim::core::SettingSpec;
using pimhsim::core::SettingValues;

namespace {

// The settings as a front end collects them when none is given: each default, switches off.
SettingValues defaults(const std::vector<SettingSpec>& specs) {
  SettingValues v;
  for (const auto& spec : specs) {
    if (spec.default_value)
      v.set(spec.name, *spec.default_value, false);
    else if (spec.kind == SettingSpec::Kind::kSwitch)
      v.set(spec.name, false, false);
  }
  return v;
}

}  // namespace

TEST_CASE("psa: a threshold grid runs from 0 to 1e12 per QALY") {
  std::string why;
  CHECK(an::parse_threshold_grid("0,20000,1e12", why) == std::vector<double>{0, 20000, 1e12});
  CHECK(an::parse_threshold_grid("0:1e12:1e11", why)->size() == 11);
  for (const char* bad : {"20000,1e308", "1.5e12", "0:1e308:1e304", "0:2e12:1e11"}) {
    CAPTURE(bad);
    why.clear();
    CHECK_FALSE(an::parse_threshold_grid(bad, why));
    CHECK(why.find("1e12") != std::string::npos);
  }
}

TEST_CASE("dsa: a willingness to pay above 1e12 per QALY is refused, naming the setting") {
  an::DsaRequest request;
  an::DsaOutcome outcome;
  SettingValues v = defaults(an::dsa_setting_specs());
  v.set("wtp", 1e12);
  CHECK(an::dsa_request(v, request, outcome).ok());
  v.set("wtp", 1e308);
  const auto st = an::dsa_request(v, request, outcome);
  CHECK(st.code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(st.message() == "`wtp`: 1e+308 is out of range (an amount per QALY from 0 to 1e12)");
  v.set("wtp", -1.0);
  CHECK_FALSE(an::dsa_request(v, request, outcome).ok());
}

TEST_CASE("plan: a target threshold is a positive amount per QALY of at most 1e12") {
  std::string why;
  CHECK(an::parse_target("max nmb@1e12", &why));
  CHECK_FALSE(an::parse_target("max nmb@1e308", &why));
  CHECK(why.find("at most 1e12") != std::string::npos);
}
