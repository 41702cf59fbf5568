#pragma once

#include <string>

#include "scenario/scenario.h"

// One line per modification for `solimob scenario check`: its type and what it touches.
namespace solimob::scenario {

// "add-trips", "remove-on-demand-zone"...: the type name of the scenario file.
char const* type_name(modification const&);

// What the modification touches, e.g. "12 stops (2 new), 4 periods, both directions".
std::string describe(modification const&);

}  // namespace solimob::scenario
