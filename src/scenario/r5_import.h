#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

// Conversion of R5's own modification JSON (what Conveyal Analysis sends its workers: the Jackson
// serialisation of com.conveyal.r5.analyst.scenario.Scenario and its Modification subclasses) into a
// solimob scenario file (README "Scenarios"). Every R5 field is either mapped or refused by name:
// nothing is dropped silently except what only labels or displays (comment-less defaults, color,
// directionId, entryId, warnings).
namespace solimob::scenario {

// R5 scopes ids by feed ("feedId:stopId"); ours by feed position ("0:stopId"). `feeds_` maps R5 feed
// ids to positions (--feed R5FEED=N). When empty and every id has the same feed id, that feed is 0.
struct r5_import_options {
  std::map<std::string, unsigned> feeds_;
};

struct r5_import_result {
  std::string json_;                // the solimob scenario file's text
  std::vector<std::string> notes_;  // what the user should know (feed guessed, modifications split)
};

// Throws input_error naming `file`, the modification (index and R5 type) and the R5 field for
// anything that cannot be expressed in a solimob scenario.
r5_import_result import_r5(std::string_view r5_json, std::string const& file, r5_import_options const&);

// "R5FEED=N" (--feed) into `o`; throws input_error on a malformed value or a feed given twice.
void add_r5_feed(r5_import_options& o, std::string const& spec);

}  // namespace solimob::scenario
