// The plan linked to the territory's analyses (issue 13), on SQLite and PostgreSQL, with a fake
// routes::analysis(): saved views and their sharing, their results, indicators fed by an analysis
// (recompute, provenance), actions' scenarios, agenda items showing a view.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/time.h"
#include "server/api_error.h"
#include "server/auth.h"
#include "server/plan_routes.h"
#include "server/routes/analysis_link.h"
#include "server/workspace_fixture.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

// Written by hand: the summary's figures are what the tests expect back (as percentages for shares).
constexpr char const* kResult = R"({
  "params": {"public": "all", "category": "sante", "scenario": "baseline"},
  "provenance": {"inputs": [{"file": "grid.csv", "modified": "2026-11-01T10:00:00Z"}],
                 "parameters": {"window": 10, "percentile": 50}, "fingerprint": "net-4f2a",
                 "version": "0.13.0", "computed_at": "2026-12-03T08:00:00Z"},
  "summary": {"population": 1000, "mean_nearest": 17.5, "share_within": {"30": 0.25, "45": 0.5},
              "white_zone_population": 125, "white_zone_share": 0.125}
})";

json territory() {
  return json::parse(R"({"name": "Test",
    "publics": [{"name": "all"}, {"name": "seniors"}],
    "categories": [{"code": "sante"}, {"code": "emplois"}],
    "scenarios": [{"id": "baseline", "name": "Réseau actuel"}, {"id": "tram_t8", "name": "Prolongement T8"}]})");
}

json field_error(httplib::Result const& r) {
  return r->status == 400 ? json(json::parse(r->body).value("field", "")) : json(r->status);
}

class plan_analyses : public workspace_test {
 protected:
  void TearDown() override {
    workspace_test::TearDown();
    routes::analysis() = routes::analysis_link{};  // the fake must not reach other tests
  }

  void load_fake_territory() {
    auto& link = routes::analysis();
    link.access_result_ = [this](json const& params) {
      asked_.push_back(params);
      return std::make_shared<std::string const>(kResult);
    };
    link.territory_ = [] { return territory(); };
  }

  std::vector<json> asked_;  // params the fake was called with (requests run one at a time here)
};

std::string id_of(httplib::Result const& r) {
  return std::to_string(json::parse(r->body)["id"].get<long long>());
}

TEST_P(plan_analyses, views_are_saved_validated_and_shared_with_partners_only) {
  auto const admin = login("admin");
  json const params = {{"public", "seniors"}, {"category", "sante"}, {"center", {2.45, 48.9}}, {"zoom", 11}};
  auto r =
      admin.post("/api/analysis/views", {{"name", "Santé des seniors"}, {"params", params}, {"shared_with", {caf_}}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const shared = id_of(r);
  EXPECT_EQ(json::parse(r->body)["params"], params);  // returned as sent
  EXPECT_EQ(json::parse(r->body)["shared_with"], json::array({caf_}));
  auto const hidden = id_of(admin.post("/api/analysis/views", {{"name", "Interne"}, {"params", json::object()}}));
  r = admin.put(
      "/api/analysis/views/" + hidden,
      {{"name", "Interne FT"}, {"description", "pour FT"}, {"params", {{"zoom", 9}}}, {"shared_with", {ft_}}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["description"], "pour FT");

  // Validation: every refusal names its field, and nothing is stored.
  EXPECT_EQ(field_error(admin.post("/api/analysis/views", {{"params", json::object()}})), "name");
  EXPECT_EQ(
      field_error(admin.post("/api/analysis/views", {{"name", std::string(201, 'x')}, {"params", json::object()}})),
      "name");
  EXPECT_EQ(field_error(admin.post("/api/analysis/views", {{"name", "x"}})), "params");
  EXPECT_EQ(field_error(admin.post("/api/analysis/views", {{"name", "x"}, {"params", json::array()}})), "params");
  EXPECT_EQ(field_error(admin.post("/api/analysis/views", {{"name", "x"}, {"params", "{}"}})), "params");
  EXPECT_EQ(field_error(admin.post("/api/analysis/views",
                                   {{"name", "x"}, {"params", json::object()}, {"shared_with", {99999}}})),
            "shared_with");
  // 16 KiB bound on the serialised params: {"k":"<s>"} is 8 bytes plus s.
  auto const sized = [](std::size_t bytes) { return json{{"k", std::string(bytes - 8, 'a')}}; };
  ASSERT_EQ(sized(16384).dump().size(), 16384U);
  EXPECT_EQ(admin.post("/api/analysis/views", {{"name", "limite"}, {"params", sized(16384)}})->status, 201);
  EXPECT_EQ(field_error(admin.post("/api/analysis/views", {{"name", "trop"}, {"params", sized(16385)}})), "params");
  auto const list = json::parse(admin.get("/api/analysis/views")->body);
  EXPECT_EQ(list.size(), 3U);  // the two views and the one at the limit

  // Read-only roles cannot write; a partner sees only what is shared with its organisation.
  auto const lecteur = login("lecteur");
  EXPECT_EQ(lecteur.post("/api/analysis/views", {{"name", "x"}, {"params", json::object()}})->status, 403);
  EXPECT_EQ(lecteur.get("/api/analysis/views/" + hidden)->status, 200);
  auto const caf = login("caf");
  EXPECT_EQ(caf.post("/api/analysis/views", {{"name", "x"}, {"params", json::object()}})->status, 403);
  EXPECT_EQ(caf.del("/api/analysis/views/" + shared)->status, 403);
  auto const seen = json::parse(caf.get("/api/analysis/views")->body);
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_EQ(seen[0]["name"], "Santé des seniors");
  EXPECT_EQ(caf.get("/api/analysis/views/" + shared)->status, 200);
  EXPECT_EQ(caf.get("/api/analysis/views/" + hidden)->status, 404);
  EXPECT_EQ(caf.get("/api/analysis/views/" + hidden + "/result")->status, 404);

  // Shared with both: the partner's answer names only its own organisation.
  admin.put("/api/analysis/views/" + shared,
            {{"name", "Santé des seniors"}, {"params", params}, {"shared_with", {caf_, ft_}}});
  EXPECT_EQ(json::parse(caf.get("/api/analysis/views/" + shared)->body)["shared_with"], json::array({caf_}));
  EXPECT_EQ(json::parse(caf.get("/api/analysis/views")->body)[0]["shared_with"], json::array({caf_}));
  EXPECT_EQ(json::parse(admin.get("/api/analysis/views/" + shared)->body)["shared_with"], json::array({caf_, ft_}));

  // Deleting takes its shares; every change is audited.
  EXPECT_EQ(admin.del("/api/analysis/views/" + hidden)->status, 204);
  EXPECT_EQ(admin.get("/api/analysis/views/" + hidden)->status, 404);
  long long shares = 0, audited = 0;
  db_->with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM analysis_view_share WHERE view_id = " + hidden, soci::into(shares);
    sql << "SELECT COUNT(*) FROM audit_log WHERE entity = 'analysis_view'", soci::into(audited);
  });
  EXPECT_EQ(shares, 0);
  EXPECT_EQ(audited, 6);  // 3 creations, 2 updates, 1 deletion (the refused ones wrote nothing)
}

TEST_P(plan_analyses, a_view_result_needs_a_territory_and_is_given_to_partners_it_is_shared_with) {
  auto const admin = login("admin");
  auto const shared =
      id_of(admin.post("/api/analysis/views", {{"name", "v"},
                                               {"params", {{"public", "seniors"}, {"category", "sante"}, {"zoom", 11}}},
                                               {"shared_with", {caf_}}}));
  auto r = admin.get("/api/analysis/views/" + shared + "/result");
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body)["code"], "conflict");

  load_fake_territory();
  auto const caf = login("caf");
  r = caf.get("/api/analysis/views/" + shared + "/result");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body), json::parse(kResult));
  ASSERT_EQ(asked_.size(), 1U);
  // Only the keys that choose a result are passed on, not the map's zoom.
  EXPECT_EQ(asked_[0], (json{{"public", "seniors"}, {"category", "sante"}}));
}

TEST_P(plan_analyses, indicators_fed_by_an_analysis_are_recomputed_with_their_provenance) {
  auto const admin = login("admin");
  json analysis = {{"public", "seniors"}, {"category", "sante"}, {"measure", "share_within"}, {"cutoff", 30}};
  auto r = admin.post("/api/indicators",
                      {{"name", "Seniors à 30 min d'un lieu de santé"}, {"unit", "%"}, {"analysis", analysis}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const fed = id_of(r);
  auto const plain = id_of(admin.post("/api/indicators", {{"name", "Trajets TAD"}, {"analysis", nullptr}}));
  // Without a territory: 409, both for a fed indicator and for one without analysis.
  EXPECT_EQ(admin.post("/api/indicators/" + fed + "/recompute", json::object())->status, 409);

  load_fake_territory();
  EXPECT_EQ(admin.post("/api/indicators/" + plain + "/recompute", json::object())->status, 409);
  EXPECT_EQ(login("lecteur").post("/api/indicators/" + fed + "/recompute", json::object())->status, 403);
  r = admin.post("/api/indicators/" + fed + "/recompute", json::object());
  ASSERT_EQ(r->status, 201) << r->body;
  auto const value = json::parse(r->body);
  EXPECT_DOUBLE_EQ(value["value"].get<double>(), 25.0);  // 100 x share_within["30"] = 100 x 0.25
  EXPECT_EQ(
      value["measured_on"],
      format_date(static_cast<day_t>(
          std::chrono::duration_cast<std::chrono::hours>(std::chrono::system_clock::now().time_since_epoch()).count() /
          24)));
  EXPECT_EQ(value["provenance"]["fingerprint"], "net-4f2a");
  EXPECT_EQ(value["provenance"]["measure"], "share_within");
  EXPECT_EQ(value["provenance"]["cutoff"], 30);
  EXPECT_EQ(value["provenance"]["scenario"], "baseline");  // the default
  EXPECT_EQ(value["provenance"]["inputs"][0]["file"], "grid.csv");
  ASSERT_EQ(asked_.size(), 1U);
  EXPECT_EQ(asked_[0], (json{{"public", "seniors"}, {"category", "sante"}, {"scenario", "baseline"}}));

  auto const list = json::parse(admin.get("/api/indicators")->body);
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0]["analysis"]["measure"], "share_within");
  EXPECT_EQ(list[0]["analysis"]["scenario"], "baseline");
  ASSERT_EQ(list[0]["values"].size(), 1U);
  EXPECT_DOUBLE_EQ(list[0]["values"][0]["value"].get<double>(), 25.0);
  EXPECT_EQ(list[0]["values"][0]["provenance"], value["provenance"]);
  EXPECT_TRUE(list[1]["analysis"].is_null());

  // The other measures: white_zone_share 0.125 -> 12.5 %, mean_nearest 17.5 min as it is.
  auto const measure = [&](json a) {
    admin.put("/api/indicators/" + fed, {{"name", "i"}, {"analysis", a}});
    auto const v = admin.post("/api/indicators/" + fed + "/recompute", json::object());
    EXPECT_EQ(v->status, 201) << v->body;
    return v->status == 201 ? json::parse(v->body)["value"].get<double>() : -1.0;
  };
  EXPECT_DOUBLE_EQ(measure({{"public", "all"}, {"category", "sante"}, {"measure", "white_zone_share"}}), 12.5);
  EXPECT_DOUBLE_EQ(
      measure({{"public", "all"}, {"category", "sante"}, {"measure", "mean_nearest"}, {"scenario", "tram_t8"}}), 17.5);
  EXPECT_EQ(asked_.back()["scenario"], "tram_t8");
  // A cutoff the result does not hold: refused, naming the available ones (30 and 45).
  analysis["cutoff"] = 60;
  admin.put("/api/indicators/" + fed, {{"name", "i"}, {"analysis", analysis}});
  r = admin.post("/api/indicators/" + fed + "/recompute", json::object());
  EXPECT_EQ(field_error(r), "analysis.cutoff");
  EXPECT_NE(json::parse(r->body)["message"].get<std::string>().find("30, 45"), std::string::npos) << r->body;
  long long values = 0, audited = 0;
  db_->with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM indicator_value", soci::into(values);
    sql << "SELECT COUNT(*) FROM audit_log WHERE action = 'recompute'", soci::into(audited);
  });
  EXPECT_EQ(values, 3);  // 25.0, 12.5, 17.5; the refused one stored nothing
  EXPECT_EQ(audited, 3);
}

TEST_P(plan_analyses, bad_analysis_definitions_are_refused_naming_the_field) {
  auto const admin = login("admin");
  auto const post = [&](json a) {
    return field_error(admin.post("/api/indicators", {{"name", "i"}, {"analysis", a}}));
  };
  json const good = {{"public", "all"}, {"category", "sante"}, {"measure", "share_within"}, {"cutoff", 30}};
  auto with = [&](char const* k, json v) {
    auto a = good;
    a[k] = std::move(v);
    return a;
  };
  auto without = [&](char const* k) {
    auto a = good;
    a.erase(k);
    return a;
  };
  EXPECT_EQ(post("share_within"), "analysis");
  EXPECT_EQ(post(without("public")), "analysis.public");
  EXPECT_EQ(post(with("category", 3)), "analysis.category");
  EXPECT_EQ(post(with("measure", "median")), "analysis.measure");
  EXPECT_EQ(post(without("measure")), "analysis.measure");
  EXPECT_EQ(post(without("cutoff")), "analysis.cutoff");  // required for share_within
  EXPECT_EQ(post(with("cutoff", 0)), "analysis.cutoff");
  EXPECT_EQ(post(with("cutoff", 121)), "analysis.cutoff");
  EXPECT_EQ(post(with("cutoff", 30.5)), "analysis.cutoff");
  // Without a territory the names are not checked...
  EXPECT_EQ(post(with("scenario", "metro_16")), json(201));
  // ...with one they must exist in it.
  load_fake_territory();
  EXPECT_EQ(post(with("scenario", "metro_16")), "analysis.scenario");
  EXPECT_EQ(post(with("public", "enfants")), "analysis.public");
  EXPECT_EQ(post(with("category", "piscine")), "analysis.category");
  EXPECT_EQ(post(with("scenario", "tram_t8")), json(201));
  long long n = 0;
  db_->with_session([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM indicator", soci::into(n); });
  EXPECT_EQ(n, 2);
}

TEST_P(plan_analyses, actions_take_a_scenario_of_the_territory) {
  auto const admin = login("admin");
  json body = {
      {"title", "Prolonger le T8"}, {"owner_direction", "DTCM"}, {"status", "proposee"}, {"scenario", "tram_t8"}};
  load_fake_territory();
  auto r = admin.post("/api/actions", body);
  ASSERT_EQ(r->status, 201) << r->body;
  auto const id = id_of(r);
  EXPECT_EQ(json::parse(r->body)["scenario"], "tram_t8");
  EXPECT_EQ(json::parse(admin.get("/api/actions/" + id)->body)["scenario"], "tram_t8");
  EXPECT_EQ(json::parse(admin.get("/api/actions")->body)["items"][0]["scenario"], "tram_t8");
  body["scenario"] = "metro_16";
  EXPECT_EQ(field_error(admin.post("/api/actions", body)), "scenario");
  body["scenario"] = 7;
  EXPECT_EQ(field_error(admin.put("/api/actions/" + id, body)), "scenario");
  body["scenario"] = nullptr;
  r = admin.put("/api/actions/" + id, body);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(json::parse(r->body)["scenario"].is_null());
}

TEST_P(plan_analyses, agenda_items_show_a_view_that_partners_see_only_when_shared) {
  auto const admin = login("admin");
  auto const shared = json::parse(
      admin
          .post("/api/analysis/views", {{"name", "Vue partagée"}, {"params", json::object()}, {"shared_with", {caf_}}})
          ->body)["id"];
  auto const internal =
      json::parse(admin.post("/api/analysis/views", {{"name", "Vue interne"}, {"params", json::object()}})->body)["id"];
  auto const meeting = id_of(
      admin.post("/api/meetings",
                 {{"type", "copil"}, {"title", "COPIL"}, {"held_on", "2026-12-10"}, {"participant_ids", {caf_}}}));
  auto r = admin.post("/api/meetings/" + meeting + "/agenda-items", {{"title", "Santé"}, {"view_id", shared}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["view_id"], shared);
  auto const second = id_of(admin.post("/api/meetings/" + meeting + "/agenda-items", {{"title", "Interne"}}));
  EXPECT_EQ(field_error(admin.post("/api/meetings/" + meeting + "/agenda-items", {{"title", "x"}, {"view_id", 9999}})),
            "view_id");
  EXPECT_EQ(admin.put("/api/agenda-items/" + second, {{"title", "Interne"}, {"view_id", internal}})->status, 200);

  auto const as_admin = json::parse(admin.get("/api/meetings/" + meeting)->body)["agenda_items"];
  ASSERT_EQ(as_admin.size(), 2U);
  EXPECT_EQ(as_admin[0]["view_name"], "Vue partagée");
  EXPECT_EQ(as_admin[1]["view_id"], internal);
  EXPECT_EQ(as_admin[1]["view_name"], "Vue interne");
  auto const as_caf = json::parse(login("caf").get("/api/meetings/" + meeting)->body)["agenda_items"];
  ASSERT_EQ(as_caf.size(), 2U);
  EXPECT_EQ(as_caf[0]["view_id"], shared);
  EXPECT_TRUE(as_caf[1]["view_id"].is_null());  // not shared with the CAF
  EXPECT_TRUE(as_caf[1]["view_name"].is_null());
  // Deleting the view leaves the item without it.
  admin.del("/api/analysis/views/" + std::to_string(internal.get<long long>()));
  EXPECT_TRUE(json::parse(admin.get("/api/meetings/" + meeting)->body)["agenda_items"][1]["view_id"].is_null());
}

INSTANTIATE_TEST_SUITE_P(backends, plan_analyses, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
