// The pathway's specialist staffing as staffing plans search it: the funded WTE of the comparator
// and a candidate in each area, and the measures of what the candidate achieves.
#pragma once

#include "pimhsim/models/staffable.h"

namespace pimhsim::models::pathway {

const Staffable& staffable();

}  // namespace pimhsim::models::pathway
