// The pathway's ready scenario for one local authority: it extends England's, names the area and
// its births, simulates every birth, and compares no specialist with one, two, and one plus one per
// 2,500 births WTE.
#pragma once

#include "pimhsim/models/area_scenario.h"

namespace pimhsim::models::pathway {

AreaScenario area_scenario(const AreaScenarioRequest& request);

}  // namespace pimhsim::models::pathway
