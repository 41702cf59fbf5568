// Profiles on maps drawn as text (one character = 100 m): each expected time is derived by hand
// from the profile's documented values (README, Profiles): walk 1 m/s, wheelchair 0.8 m/s, elderly
// 3.0 km/h, bike 12 km/h; street times are rounded down to whole seconds, then to whole minutes.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analysis/completeness.h"
#include "analysis/matrix.h"
#include "core/error.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "profile/edge_costs.h"
#include "profile/profile.h"
#include "support/access_setup.h"
#include "support/ascii_network.h"
#include "support/travel_params.h"

namespace solimob::test {
namespace {

constexpr std::uint16_t kNone = analysis::kUnreachedMinutes;

// The street node drawn as `c`.
node_idx node_at(ascii_network const& map, street::street_graph const& g, char c) {
  for (auto n = 0U; n != g.n_nodes(); ++n) {
    if (haversine_m(g.node_pos_[node_idx{n}], map.pos(c)) < 0.01) {
      return node_idx{n};
    }
  }
  ADD_FAILURE() << "no node " << c;
  return node_idx{0};
}

// The edge joining two drawn nodes, and whether it runs from `a` to `b`.
std::pair<edge_idx, bool> edge_between(ascii_network const& map, street::street_graph const& g, char a, char b) {
  auto const na = node_at(map, g, a), nb = node_at(map, g, b);
  for (auto e = 0U; e != g.n_edges(); ++e) {
    auto const from = g.edge_from_[edge_idx{e}], to = g.edge_to_[edge_idx{e}];
    if ((from == na && to == nb) || (from == nb && to == na)) {
      return {edge_idx{e}, from == na};
    }
  }
  ADD_FAILURE() << "no edge " << a << "-" << b;
  return {edge_idx{0}, true};
}

struct street_case {
  explicit street_case(std::string_view map) : map_{map}, streets_{map_.graph()} {}

  street::edge_attr& attr(char a, char b) { return streets_.edge_attr_[edge_between(map_, streets_, a, b).first]; }

  // Minutes from `from` to `to` on the streets only, with `profile`.
  std::uint16_t minutes(char from, char to, std::string const& profile_name,
                        profile::profile const* custom = nullptr) const {
    auto const net = network::assemble(streets_, {}, {});
    analysis::travel_time_params p;
    p.profile_ = custom != nullptr ? *custom : profile::find_profile(profile_name);
    p.mode_ = analysis::mode::kWalk;
    p.window_min_ = 1;
    p.threads_ = 1;
    std::vector<analysis::point> const o{map_.point(from)}, d{map_.point(to)};
    return analysis::compute_matrix(net, o, d, p, {50}).at(0, 0, 0);
  }

  ascii_network map_;
  street::street_graph streets_;
};

// A-B 400 m; A-C-D-B 200 + 400 + 200 = 800 m.
constexpr auto kSquare =
    "A---B\n"
    "|   |\n"
    "C---D";

TEST(profile_routing, the_wheelchair_route_avoids_steps) {
  street_case c{kSquare};
  c.attr('A', 'B').kind_ = street::edge_kind::kSteps;
  EXPECT_EQ(c.minutes('A', 'B', "walk"), 6);  // 400 s: walkers take the steps
  // reduced_mobility and wheelchair go round: 800 m at 3.0 km/h (833 mm/s) = 960 s = 16 min; at
  // 0.8 m/s (2.88 / 3.6 truncated to 799 mm/s) = 1001 s = 16 min.
  EXPECT_EQ(c.minutes('A', 'B', "reduced_mobility"), 16);
  EXPECT_EQ(c.minutes('A', 'B', "wheelchair"), 16);
  c.attr('A', 'B').flags_ = street::edge_attr::kRamp;  // ramp:wheelchair=yes: the steps are passable
  EXPECT_EQ(c.minutes('A', 'B', "wheelchair"), 8);     // 400 m / 0.799 m/s = 500 s
}

TEST(profile_routing, the_wheelchair_takes_the_elevator_escalators_only_for_reduced_mobility) {
  street_case c{kSquare};
  // A station: A-B an escalator, A-C-D-B stairs on C-D... and an elevator of 60 s on A-C.
  c.attr('A', 'B').kind_ = street::edge_kind::kEscalator;
  c.attr('C', 'D').kind_ = street::edge_kind::kSteps;
  EXPECT_EQ(c.minutes('A', 'B', "reduced_mobility"), 8);  // 400 m at 833 mm/s = 480 s on the escalator
  EXPECT_EQ(c.minutes('A', 'B', "wheelchair"), kNone);    // neither escalator nor stairs
  c.attr('C', 'D').kind_ = street::edge_kind::kElevator;
  c.attr('C', 'D').fixed_s_ = 60;  // traversal_time 60 s for a 1 m/s walker: 6000 cm of cost
  // Wheelchair: 200 + 60 (the elevator, as 60 m) + 200 = 460 m of cost at 0.799 m/s = 575 s = 9 min.
  EXPECT_EQ(c.minutes('A', 'B', "wheelchair"), 9);
}

TEST(profile_routing, a_raised_kerb_blocks_a_wheelchair_and_a_lowered_one_lets_it_pass) {
  street_case c{"A---B---E\n|       |\nC-------D"};
  auto const b = node_at(c.map_, c.streets_, 'B');
  c.streets_.node_attr_[b].kerb_ = street::kerb_tag::kRaised;
  // A-B-E 800 m; A-C-D-E 200 + 800 + 200 = 1200 m: 1200 / 0.799 = 1501 s = 25 min.
  EXPECT_EQ(c.minutes('A', 'E', "walk"), 13);  // 800 s
  EXPECT_EQ(c.minutes('A', 'E', "wheelchair"), 25);
  c.streets_.node_attr_[b].kerb_ = street::kerb_tag::kLowered;
  EXPECT_EQ(c.minutes('A', 'E', "wheelchair"), 16);  // 800 / 0.799 = 1001 s
  // An unknown kerb costs the wheelchair profile its 30 s penalty once: 1031 s = 17 min.
  c.streets_.node_attr_[b].kerb_ = street::kerb_tag::kUnknown;
  EXPECT_EQ(c.minutes('A', 'E', "wheelchair"), 17);
}

TEST(profile_routing, slope_slows_the_uphill_way_and_its_direction_matters) {
  street_case c{"A---B"};
  auto const [e, a_to_b] = edge_between(c.map_, c.streets_, 'A', 'B');
  c.streets_.edge_slope_.assign(c.streets_.n_edges(), {});
  auto& s = c.streets_.edge_slope_[e];
  // 8 % uphill from A to B: Tobler factor 1.5 uphill, 0.9 downhill (values set by hand).
  (a_to_b ? s.tobler_forward_ : s.tobler_backward_) = 1500;
  (a_to_b ? s.tobler_backward_ : s.tobler_forward_) = 900;
  (a_to_b ? s.max_up_forward_permille_ : s.max_up_backward_permille_) = 80;
  // elderly (Tobler): 400 m x 1.5 at 833 mm/s = 720 s; x 0.9 = 432 s.
  EXPECT_EQ(c.minutes('A', 'B', "elderly"), 12);
  EXPECT_EQ(c.minutes('B', 'A', "elderly"), 7);
  EXPECT_EQ(c.minutes('A', 'B', "walk"), 6);  // the plain walk ignores slope, as r5r without elevation
  // The wheelchair profile refuses 8 % both ways (limits 6 % up and down); with 10 % allowed downhill
  // only B -> A passes (400 m, no wheelchair factor set: 1001 / 2 = 500 s).
  EXPECT_EQ(c.minutes('A', 'B', "wheelchair"), kNone);
  auto chair = profile::find_profile("wheelchair");
  chair.max_downhill_pct_ = 10.0;
  EXPECT_EQ(c.minutes('A', 'B', "", &chair), kNone);
  EXPECT_EQ(c.minutes('B', 'A', "", &chair), 8);
}

TEST(profile_routing, bike_walks_edges_above_its_maximum_stress) {
  street_case c{"A---B"};
  c.attr('A', 'B').lts_ = 2;
  // 400 m at 12 km/h (3333 mm/s) = 120 s.
  EXPECT_EQ(c.minutes('A', 'B', "bike"), 2);
  c.attr('A', 'B').lts_ = 3;  // above max_lts 2: pushed at 3.6 km/h, 400 s
  EXPECT_EQ(c.minutes('A', 'B', "bike"), 6);
}

TEST(profile_routing, a_one_way_pathway_is_refused_backwards) {
  street_case c{"A---B"};
  auto const [e, a_to_b] = edge_between(c.map_, c.streets_, 'A', 'B');
  c.streets_.edge_attr_[e].flags_ = street::edge_attr::kOneWay;  // only edge_from_ -> edge_to_
  auto const from = a_to_b ? 'A' : 'B', to = a_to_b ? 'B' : 'A';
  EXPECT_EQ(c.minutes(from, to, "walk"), 6);
  EXPECT_EQ(c.minutes(to, from, "walk"), kNone);
}

// A to E 1600 m, beyond every walking leg: only the bus joins them.
constexpr auto kLine = "A---B---C---D---E";

struct transit_case {
  transit_case() : map_{kLine} {
    auto f = base_feed(map_, {{"SA", 'A'}, {"SE", 'E'}});
    f["routes.txt"] = "route_id,route_short_name,route_type\nR,1,3\n";
    f["trips.txt"] = "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n";
    f["stop_times.txt"] =
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        "T1,08:10:00,08:10:00,SA,1\nT1,08:15:00,08:15:00,SE,2\n"
        "T2,08:30:00,08:30:00,SA,1\nT2,08:35:00,08:35:00,SE,2\n";
    net_ = network::assemble(map_.graph(), {load_feed(f)}, {});
  }

  std::uint16_t minutes(std::string const& profile_name, profile::accessibility_bound bound) const {
    auto p = one_minute_params(profile_name);
    p.bound_ = bound;
    std::vector<analysis::point> const o{map_.point('A')}, d{map_.point('E')};
    return analysis::compute_matrix(net_, o, d, p, {50}).at(0, 0, 0);
  }

  ascii_network map_;
  network::network net_;
};

TEST(profile_routing, an_inaccessible_trip_forces_a_later_one_and_unknown_data_give_two_bounds) {
  transit_case c;
  auto const strict = profile::accessibility_bound::kStrict, optimistic = profile::accessibility_bound::kOptimistic;
  // Trip indices follow trips.txt: T1 then T2. T1's accessibility unknown, T2 accessible.
  c.net_.transit_.trip_wheelchair_ = {0, 1};
  c.net_.transit_.stop_wheelchair_ = {1, 1};
  EXPECT_EQ(c.minutes("walk", strict), 15);  // T1: 08:10 -> 08:15; the bound is for wheelchairs only
  EXPECT_EQ(c.minutes("wheelchair", optimistic), 15);
  EXPECT_EQ(c.minutes("wheelchair", strict), 35);  // T2: 08:30 -> 08:35
  c.net_.transit_.trip_wheelchair_ = {2, 1};       // T1 known inaccessible: both bounds take T2
  EXPECT_EQ(c.minutes("wheelchair", optimistic), 35);
  c.net_.transit_.stop_wheelchair_ = {1, 2};  // SE has no step-free boarding: no alighting there
  EXPECT_EQ(c.minutes("wheelchair", optimistic), kNone);
  EXPECT_EQ(c.minutes("walk", optimistic), 15);
}

// On kLine (four edges of 400 m): A-B wheelchair=yes, B-C surface=asphalt (paved), C-D untagged, D-E
// wheelchair=yes, and D a crossing without kerb=*. T1's wheelchair_accessible unknown, T2 accessible,
// both stops accessible.
void tag_for_completeness(transit_case& c) {
  auto& g = c.net_.streets_;
  g.edge_attr_[edge_between(c.map_, g, 'A', 'B').first].wheelchair_ = street::wheelchair_tag::kYes;
  g.edge_attr_[edge_between(c.map_, g, 'B', 'C').first].surface_ = street::surface_class::kPaved;
  g.edge_attr_[edge_between(c.map_, g, 'D', 'E').first].wheelchair_ = street::wheelchair_tag::kYes;
  g.node_attr_[node_at(c.map_, g, 'D')].kerb_ = street::kerb_tag::kUnknown;
  c.net_.transit_.trip_wheelchair_ = {0, 1};
  c.net_.transit_.stop_wheelchair_ = {1, 1};
}

TEST(profile_completeness, shares_of_unknown_stops_trips_and_street_length) {
  transit_case c;
  tag_for_completeness(c);
  // Wheelchair: C-D has neither wheelchair=* nor surface=*, C-D and D-E end at D's unknown kerb: 800 of
  // 1600 m. Stops: none unknown of 2; trips: T1 of 2.
  auto const chair = analysis::measure_completeness(c.net_, profile::find_profile("wheelchair"));
  EXPECT_EQ(chair.stops_, 2U);
  EXPECT_EQ(chair.stops_unknown_, 0U);
  EXPECT_EQ(chair.trips_, 2U);
  EXPECT_EQ(chair.trips_unknown_, 1U);
  EXPECT_NEAR(chair.street_m_, 1600.0, 1.0);
  EXPECT_NEAR(chair.street_unknown_pct(), 50.0, 0.1);
  // reduced_mobility reads surfaces (rough x1.2, unpaved x1.5), not kerbs: A-B, C-D, D-E lack surface=*.
  auto const reduced = analysis::measure_completeness(c.net_, profile::find_profile("reduced_mobility"));
  EXPECT_NEAR(reduced.street_unknown_pct(), 75.0, 0.1);
  // The plain walk reads no street tag.
  EXPECT_EQ(analysis::measure_completeness(c.net_, profile::find_profile("walk")).street_unknown_m_, 0.0);
}

// access with --unknown-accessibility both, from A to 5 jobs at E, cutoff 20 min, departure 08:00:
//   walk and elderly take T1 (08:10 -> 08:15): 15 min, 5 jobs.
//   wheelchair optimistic takes T1 too (its accessibility unknown): 5; strict waits for T2 (08:35): 0.
// Two publics on elderly and one on walk reuse the runs already made: 4 runs (walk, elderly,
// wheelchair strict, wheelchair optimistic) for 6 column sets, with identical values.
TEST(profile_access, both_bounds_as_columns_and_one_run_per_profile_and_bound) {
  transit_case c;
  tag_for_completeness(c);
  temp_dir dir;
  auto const ll = [&](char p) {
    std::ostringstream s;
    s.precision(10);
    s << c.map_.pos(p).lng_ << ',' << c.map_.pos(p).lat_;
    return s.str();
  };
  dir.file("o.csv", "id,lon,lat,population\na," + ll('A') + ",100\n");
  dir.file("d.csv", "id,lon,lat,jobs\nje," + ll('E') + ",5\n");
  auto job = access_job_on(c.net_, dir.path_, {"population"});
  job.opportunity_fields_ = {"jobs"};
  auto const dt = parse_date_time("2026-11-24 08:00");
  job.params_.travel_.day_ = dt->day_;
  job.params_.travel_.departure_ = dt->time_;
  job.params_.travel_.window_min_ = 1;
  job.params_.travel_.threads_ = 1;
  job.params_.cutoffs_min_ = {20};
  job.both_bounds_ = true;
  for (auto const* spec : {"fauteuil=population:wheelchair", "seniors=population:elderly", "aines=population:elderly",
                           "tous=population:walk"}) {
    job.publics_.push_back(jobs::parse_public(spec, ""));
  }
  job.out_ = (dir.path_ / "access.gpkg").string();
  std::ostringstream log;
  jobs::run(job, log);
  EXPECT_NE(log.str().find("routing runs: 4 for 6 column sets"), std::string::npos) << log.str();

  io::read_options oopt;
  oopt.layer_ = "origins";
  oopt.numeric_fields_ = {"jobs_step_20_p50",
                          "fauteuil_strict_jobs_step_20_p50",
                          "fauteuil_strict_gap_jobs_step_20_p50",
                          "fauteuil_optimistic_jobs_step_20_p50",
                          "fauteuil_optimistic_gap_jobs_step_20_p50",
                          "seniors_jobs_step_20_p50",
                          "aines_jobs_step_20_p50",
                          "tous_jobs_step_20_p50",
                          "tous_gap_jobs_step_20_p50"};
  auto const o = io::read_layer(job.out_, oopt);
  std::vector<double> row;
  for (auto const& col : o.numeric_) {
    row.push_back(col[0]);
  }
  EXPECT_EQ(row, (std::vector<double>{5, 0, -5, 5, 0, 5, 5, 5, 0}));

  // The wheelchair profile's completeness, as in profile_completeness above; elderly reads surfaces
  // (its rough and unpaved factors), so it has a row too.
  io::read_options ropt;
  ropt.id_field_ = "profile";
  ropt.layer_ = "run_info";
  ropt.numeric_fields_ = {"stops", "stops_unknown_pct", "trips", "trips_unknown_pct", "street_unknown_pct"};
  ropt.require_positions_ = false;
  auto const info = io::read_layer(job.out_, ropt);
  ASSERT_EQ(info.ids_, (std::vector<std::string>{"wheelchair", "elderly"}));
  EXPECT_EQ(info.numeric_[0][0], 2.0);
  EXPECT_EQ(info.numeric_[1][0], 0.0);
  EXPECT_EQ(info.numeric_[2][0], 2.0);
  EXPECT_EQ(info.numeric_[3][0], 50.0);
  EXPECT_NEAR(info.numeric_[4][0], 50.0, 0.1);

  // The whole population's run has one bound: a wheelchair profile there cannot take both.
  job.params_.travel_.profile_ = profile::find_profile("wheelchair");
  EXPECT_THROW(jobs::run(job, log), input_error);
}

TEST(profile_file, defines_and_overrides_profiles_and_names_bad_fields) {
  temp_dir dir;
  auto const write = [&](std::string const& text) { return dir.file("p.json", text); };
  auto const file = write(R"({"profiles": [
      {"name": "wheelchair", "speed_kmh": 4.0},
      {"name": "fauteuil_electrique", "base": "wheelchair", "speed_kmh": 6.0, "max_leg_m": 1500}]})");
  auto const chair = profile::find_profile("wheelchair", file);
  EXPECT_EQ(chair.speed_kmh_, 4.0);
  EXPECT_FALSE(chair.stairs_);  // the built-in values not overridden stay
  auto const electric = profile::find_profile("fauteuil_electrique", file);
  EXPECT_EQ(electric.speed_kmh_, 6.0);
  EXPECT_EQ(electric.max_leg_m_, 1500.0);
  EXPECT_TRUE(electric.wheelchair_);
  EXPECT_EQ(profile::find_profile("wheelchair").speed_kmh_, 2.88);  // built-in untouched without the file

  auto const message = [&](std::string const& text, std::string const& name) {
    try {
      profile::find_profile(name, write(text));
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{"no error"};
  };
  EXPECT_NE(message(R"({"profiles": [{"name": "x", "speed": 3}]})", "x").find("speed"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"name": "x", "speed_kmh": -3}]})", "x").find("speed_kmh"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"name": "x", "slope": "steep"}]})", "x").find("tobler"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": [{"name": "x", "base": "nope"}]})", "x").find("base"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": [)", "x").find("JSON"), std::string::npos);
  EXPECT_NE(message(R"({"profiles": []})", "bus").find("known: walk, elderly"), std::string::npos);
  // Over 1 MB (valid JSON padded with spaces): refused before it is read.
  EXPECT_NE(message(R"({"profiles": []})" + std::string(1'000'001, ' '), "walk").find("larger than 1 MB"),
            std::string::npos);
}

TEST(profile_file, follows_its_documented_schema) {
  // docs/profile.schema.json is written by hand from the README: every field it lists with an example
  // is accepted, values past its bounds or outside its enums are refused naming the field, and a field
  // it does not list is refused.
  std::ifstream in{std::filesystem::path{SOLIMOB_DOCS_DIR} / "profile.schema.json"};
  auto const schema = nlohmann::json::parse(in);
  auto const& fields = schema["properties"]["profiles"]["items"]["properties"];
  ASSERT_GE(fields.size(), 20U);
  temp_dir dir;
  auto const error_of = [&](nlohmann::json const& entry) {
    auto const file = dir.file("p.json", nlohmann::json{{"profiles", {entry}}}.dump());
    try {
      profile::find_profile("x", file);
    } catch (input_error const& e) {
      return std::string{e.what()};
    }
    return std::string{};
  };
  for (auto const& [key, spec] : fields.items()) {
    if (key == "name" || key == "base") {
      continue;  // the other tests cover names and bases
    }
    nlohmann::json entry{{"name", "x"}, {key, spec["examples"][0]}};
    EXPECT_EQ(error_of(entry), "") << key;
    if (spec.contains("maximum")) {
      entry[key] = spec["maximum"];
      EXPECT_EQ(error_of(entry), "") << key;
      entry[key] = spec["minimum"];
      EXPECT_EQ(error_of(entry), "") << key;
      entry[key] = spec["maximum"].get<double>() + 0.5;
      EXPECT_NE(error_of(entry).find(key), std::string::npos) << key;
      entry[key] = spec["minimum"].get<double>() - 0.5;
      EXPECT_NE(error_of(entry).find(key), std::string::npos) << key;
    }
    if (spec.contains("enum")) {
      entry[key] = "not_a_value";
      EXPECT_NE(error_of(entry).find(key), std::string::npos) << key;
    }
    if (spec.value("type", "") == "integer") {
      entry[key] = spec["examples"][0].get<double>() + 0.5;
      EXPECT_NE(error_of(entry).find(key), std::string::npos) << key;
    }
    if (spec.value("type", "") == "boolean") {
      entry[key] = "yes";
      EXPECT_NE(error_of(entry).find(key), std::string::npos) << key;
    }
  }
  EXPECT_NE(error_of({{"name", "x"}, {"max_walk_m", 500}}).find("max_walk_m"), std::string::npos);
}

TEST(profile_costs, the_plain_walk_costs_lengths_and_stricter_profiles_never_cost_less) {
  street_case c{kSquare};
  c.attr('A', 'B').surface_ = street::surface_class::kRough;
  auto const walk =
      profile::make_edge_costs(c.streets_, profile::find_profile("walk"), profile::accessibility_bound::kOptimistic);
  EXPECT_EQ(walk.forward_,
            std::vector<std::uint32_t>(begin(c.streets_.edge_length_cm_), end(c.streets_.edge_length_cm_)));
  auto const chair = profile::make_edge_costs(c.streets_, profile::find_profile("wheelchair"),
                                              profile::accessibility_bound::kOptimistic);
  auto const [e, fwd] = edge_between(c.map_, c.streets_, 'A', 'B');
  EXPECT_EQ(chair.forward_[e.v()], static_cast<std::uint32_t>(std::lround(c.streets_.edge_length_cm_[e] * 1.5)));
}

}  // namespace
}  // namespace solimob::test

namespace solimob::test {
namespace {

TEST(public_option, reads_name_field_and_profile_and_names_what_is_wrong) {
  auto const pub = jobs::parse_public("fauteuil=pop_wheelchair:wheelchair", "");
  EXPECT_EQ(pub.name_, "fauteuil");
  EXPECT_EQ(pub.field_, "pop_wheelchair");
  EXPECT_EQ(pub.profile_.name_, "wheelchair");
  EXPECT_TRUE(pub.profile_.wheelchair_);
  for (auto const* bad : {"fauteuil", "=pop:walk", "x=:walk", "x=pop:", "Seniors=pop:elderly"}) {
    EXPECT_THROW(jobs::parse_public(bad, ""), input_error) << bad;
  }
  try {
    jobs::parse_public("x=pop:tram", "");
    ADD_FAILURE();
  } catch (input_error const& e) {
    EXPECT_NE(std::string{e.what()}.find("unknown profile 'tram'"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace solimob::test
