#pragma once

// Lists typed as text ("Personnes âgées, demandeurs d'emploi ; PMR"): an action's publics, a
// benchmarked measure's, a survey's multiple-choice answers.

#include <string>
#include <string_view>
#include <vector>

namespace solimob::server::routes {

// `s` without its leading and trailing spaces and tabs.
std::string trimmed(std::string_view s);

// The items of `text` split at any of `separators`, trimmed, empty ones left out, in order.
std::vector<std::string> split_list(std::string_view text, std::string_view separators);

}  // namespace solimob::server::routes
