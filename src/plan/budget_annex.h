#pragma once

#include <span>
#include <string>
#include <vector>

#include "io/vector_io.h"

namespace solimob::plan {

// One budget line of an action, with the labels the annex groups by.
struct budget_row {
  std::string direction_;  // owner direction of the spending
  std::string objective_;  // the action's objective ("" = none)
  std::string action_;
  int year_{0};
  std::string nature_;  // "investissement" or "fonctionnement"
  double planned_{0.0};
  double voted_{0.0};
  double spent_{0.0};
};

// The "jaune budgétaire": what every direction spends on the solidarity mobility policy, by year.
// Sheets (French, as the annex goes to elected officials):
//   "Par direction"  direction x year x nature, planned / voted / spent, execution rate, totals
//   "Par objectif"   objective x year, same amounts, totals
//   "Détail"         every line
// Each sheet ends with a "Total" row; rows are sorted so the file is identical for identical data.
std::vector<io::table> budget_annex(std::span<budget_row const>);

}  // namespace solimob::plan
