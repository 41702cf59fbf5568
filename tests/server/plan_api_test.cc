// The direction's workspace API against a real server, on SQLite and (through scripts/with-postgres)
// PostgreSQL: plan, budget annex, partners' visibility, cooperation documents, meetings, sectors.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include <stdlib.h>

#include <httplib.h>
#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/time.h"
#include "io/vector_io.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/export_runner.h"
#include "server/http_server.h"
#include "server/plan_routes.h"
#include "server/workspace_fixture.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/test_database.h"
#include "support/base64.h"
#include "support/tcp_listener.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

std::string today_plus(int days) {
  auto const now = std::chrono::duration_cast<std::chrono::hours>(std::chrono::system_clock::now().time_since_epoch());
  return format_date(static_cast<day_t>(now.count() / 24) + days);
}

class plan_api : public workspace_test {
 protected:
  long long count(std::string const& table) {
    long long n = 0;
    db_->with_session([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM " + table, soci::into(n); });
    return n;
  }
};

json action_body(std::string const& title, json partners = json::array()) {
  return {{"title", title},
          {"objective_id", nullptr},
          {"owner_direction", "DTCM"},
          {"status", "en_cours"},
          {"publics", "personnes âgées"},
          {"territory", "Plaine Commune"},
          {"start_date", "2026-01-15"},
          {"end_date", "2027-06-30"},
          {"partner_ids", partners}};
}

TEST_P(plan_api, actions_budget_lines_and_the_budget_annex) {
  auto const admin = login("admin");
  auto const obj = admin.post("/api/objectives", {{"code", "O1"}, {"title", "Accès à l'emploi"}});
  ASSERT_EQ(obj->status, 201) << obj->body;
  auto body = action_body("Navette solidaire vers France Travail", {ft_});
  body["objective_id"] = json::parse(obj->body)["id"];
  auto const created = admin.post("/api/actions", body);
  ASSERT_EQ(created->status, 201) << created->body;
  auto const id = json::parse(created->body)["id"].get<long long>();
  EXPECT_EQ(json::parse(created->body)["partner_ids"], json::array({ft_}));

  auto const line = [&](int year, char const* direction, char const* nature, double planned, double voted,
                        double spent) {
    auto const r = admin.post("/api/actions/" + std::to_string(id) + "/budget-lines", {{"year", year},
                                                                                       {"direction", direction},
                                                                                       {"nature", nature},
                                                                                       {"planned", planned},
                                                                                       {"voted", voted},
                                                                                       {"spent", spent}});
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"].get<long long>();
  };
  line(2026, "DTCM", "fonctionnement", 100000, 90000, 45000);
  line(2026, "DTCM", "investissement", 50000, 50000, 10000);
  auto const third = line(2027, "DPAS", "fonctionnement", 20000, 0, 0);

  auto const detail = json::parse(admin.get("/api/actions/" + std::to_string(id))->body);
  ASSERT_EQ(detail["budget_lines"].size(), 3U);
  EXPECT_EQ(detail["objective_id"], json::parse(obj->body)["id"]);  // a number, not a list

  auto const annex = json::parse(admin.get("/api/budget-annex")->body);
  EXPECT_DOUBLE_EQ(annex["total"]["planned"].get<double>(), 170000.0);
  EXPECT_DOUBLE_EQ(annex["total"]["voted"].get<double>(), 140000.0);
  EXPECT_DOUBLE_EQ(annex["total"]["spent"].get<double>(), 55000.0);
  ASSERT_EQ(annex["by_direction"].size(), 3U);  // DPAS 2027, DTCM 2026 x 2 natures
  EXPECT_EQ(annex["by_direction"][0]["direction"], "DPAS");
  EXPECT_EQ(annex["by_objective"][0]["objective"], "O1 Accès à l'emploi");

  auto const xlsx = admin.get("/api/budget-annex.xlsx");
  ASSERT_EQ(xlsx->status, 200);
  EXPECT_EQ(xlsx->body.substr(0, 2), "PK");  // a zip container
  auto const file = scratch_->dir() + "/annexe.xlsx";
  std::ofstream{file, std::ios::binary} << xlsx->body;
  auto const sheets = io::list_layers(file);
  ASSERT_EQ(sheets.size(), 3U);
  EXPECT_EQ(sheets[0].name_, "Par direction");
  EXPECT_EQ(sheets[0].feature_count_, 4U);  // 3 groups + Total
  EXPECT_EQ(sheets[2].feature_count_, 4U);  // 3 lines + Total

  auto const upd = admin.put("/api/budget-lines/" + std::to_string(third),
                             {{"year", 2027}, {"direction", "DPAS"}, {"nature", "fonctionnement"}, {"planned", 30000}});
  EXPECT_EQ(upd->status, 200) << upd->body;
  EXPECT_DOUBLE_EQ(json::parse(admin.get("/api/budget-annex")->body)["total"]["planned"].get<double>(), 180000.0);

  // Deleting the action takes its lines with it, and everything is in the audit log.
  EXPECT_EQ(admin.del("/api/actions/" + std::to_string(id))->status, 204);
  EXPECT_EQ(count("budget_line"), 0);
  EXPECT_EQ(admin.get("/api/actions/" + std::to_string(id))->status, 404);
  EXPECT_GE(count("audit_log"), 7);
}

TEST_P(plan_api, invalid_input_names_the_field_and_stores_nothing) {
  auto const admin = login("admin");
  auto const field_of = [](httplib::Result const& r) { return json::parse(r->body).value("field", ""); };
  auto b = action_body("x");
  b.erase("title");
  auto r = admin.post("/api/actions", b);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(field_of(r), "title");
  b = action_body("x");
  b["status"] = "finie";
  EXPECT_EQ(field_of(admin.post("/api/actions", b)), "status");
  b = action_body("x");
  b["start_date"] = "15/01/2026";
  EXPECT_EQ(field_of(admin.post("/api/actions", b)), "start_date");
  b = action_body("x");
  b["end_date"] = "2025-01-01";
  EXPECT_EQ(field_of(admin.post("/api/actions", b)), "end_date");
  EXPECT_EQ(field_of(admin.post("/api/actions", action_body("x", {999}))), "partner_ids");
  EXPECT_EQ(count("action"), 0);

  auto const ok = admin.post("/api/actions", action_body("x"));
  auto const id = std::to_string(json::parse(ok->body)["id"].get<long long>());
  r = admin.post("/api/actions/" + id + "/budget-lines", {{"year", 2026}, {"direction", "DTCM"}, {"nature", "autre"}});
  EXPECT_EQ(field_of(r), "nature");
  r = admin.post("/api/actions/" + id + "/budget-lines",
                 {{"year", 2026}, {"direction", "DTCM"}, {"nature", "investissement"}, {"planned", -5}});
  EXPECT_EQ(field_of(r), "planned");
  EXPECT_EQ(admin.get("/api/actions?limit=abc")->status, 400);
  // An injection attempt in a search is just a search that finds nothing.
  auto const search = admin.get("/api/actions?q=%27%20OR%201%3D1%20--");
  ASSERT_EQ(search->status, 200);
  EXPECT_EQ(json::parse(search->body)["total"], 0);
  EXPECT_EQ(count("action"), 1);
}

TEST_P(plan_api, partners_see_only_what_is_shared_with_them_and_read_only_roles_cannot_write) {
  auto const admin = login("admin");
  auto const shared = admin.post("/api/actions", action_body("Partagée avec la CAF", {caf_}));
  auto const other = admin.post("/api/actions", action_body("Interne", {ft_}));
  auto const shared_id = json::parse(shared->body)["id"].get<long long>();
  auto const other_id = json::parse(other->body)["id"].get<long long>();
  admin.post("/api/actions/" + std::to_string(other_id) + "/budget-lines",
             {{"year", 2026}, {"direction", "DTCM"}, {"nature", "fonctionnement"}, {"planned", 1000}});

  auto const caf = login("caf");
  auto const list = json::parse(caf.get("/api/actions")->body);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], shared_id);
  EXPECT_EQ(caf.get("/api/actions/" + std::to_string(other_id))->status, 404);
  EXPECT_DOUBLE_EQ(json::parse(caf.get("/api/budget-annex")->body)["total"]["planned"].get<double>(), 0.0);
  auto const orgs = json::parse(caf.get("/api/organisations")->body);
  ASSERT_EQ(orgs.size(), 1U);
  EXPECT_EQ(orgs[0]["id"], caf_);
  EXPECT_EQ(caf.put("/api/actions/" + std::to_string(shared_id), action_body("Modifiée"))->status, 403);
  EXPECT_EQ(caf.post("/api/actions", action_body("Nouvelle"))->status, 403);

  auto const reader = login("lecteur");
  EXPECT_EQ(json::parse(reader.get("/api/actions")->body)["total"], 2);
  EXPECT_EQ(reader.del("/api/actions/" + std::to_string(shared_id))->status, 403);
  EXPECT_EQ(reader.post("/api/objectives", {{"code", "O9"}, {"title", "t"}})->status, 403);

  auto const agent = login("agent");
  EXPECT_EQ(agent.put("/api/actions/" + std::to_string(shared_id), action_body("Modifiée", {caf_, ft_}))->status, 200);
  EXPECT_EQ(json::parse(agent.get("/api/actions/" + std::to_string(shared_id))->body)["title"], "Modifiée");
}

TEST_P(plan_api, cooperation_documents_lifecycle_and_expiry) {
  auto const admin = login("admin");
  json doc{{"type", "convention"}, {"title", "Convention mobilité CAF"}, {"status", "en_vigueur"},
           {"party_ids", {caf_}},  {"effective_on", "2025-01-01"},       {"ends_on", today_plus(30)}};
  auto r = admin.post("/api/documents", doc);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "signed_on");
  doc["signed_on"] = "2024-12-15";
  r = admin.post("/api/documents", doc);
  ASSERT_EQ(r->status, 201) << r->body;
  auto const id = std::to_string(json::parse(r->body)["id"].get<long long>());
  admin.post(
      "/api/documents",
      {{"type", "charte"}, {"title", "Charte lointaine"}, {"status", "brouillon"}, {"ends_on", today_plus(400)}});

  auto const expiring = json::parse(admin.get("/api/documents/expiring?days=60")->body);
  ASSERT_EQ(expiring.size(), 1U);
  EXPECT_EQ(expiring[0]["days_left"], 30);
  EXPECT_EQ(json::parse(admin.get("/api/dashboard")->body)["expiring_documents"].size(), 1U);

  doc["status"] = "brouillon";  // in force -> draft is not a lifecycle step
  r = admin.put("/api/documents/" + id, doc);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "status");
  doc["status"] = "renouvele";
  EXPECT_EQ(admin.put("/api/documents/" + id, doc)->status, 200);

  auto const caf = login("caf");
  EXPECT_EQ(json::parse(caf.get("/api/documents")->body).size(), 1U);  // the charter has no party
}

TEST_P(plan_api, meetings_agenda_follow_up_and_exports) {
  auto const admin = login("admin");
  auto r = admin.post("/api/meetings", {{"type", "copil"},
                                        {"title", "COPIL mobilité solidaire"},
                                        {"held_on", today_plus(7)},
                                        {"participant_ids", {caf_, ft_}}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const id = std::to_string(json::parse(r->body)["id"].get<long long>());
  EXPECT_EQ(admin
                .post("/api/meetings/" + id + "/agenda-items", {{"title", "Transport à la demande"},
                                                                {"problem_statement", "Zones blanches au nord-est"},
                                                                {"priority", 1},
                                                                {"stakes", "Accès aux agences France Travail"}})
                ->status,
            201);
  admin.post("/api/meetings/" + id + "/agenda-items", {{"title", "Budget 2027"}});
  admin.post("/api/meetings/" + id + "/decisions", {{"text", "Lancer une expérimentation de TAD"}});
  admin.post("/api/meetings/" + id + "/follow-ups",
             {{"text", "Chiffrer le TAD"}, {"owner", "DTCM"}, {"due_on", today_plus(-3)}, {"status", "a_faire"}});

  EXPECT_EQ(
      admin.put("/api/meetings/" + id + "/minutes", {{"minutes", "Les partenaires valident le diagnostic."}})->status,
      200);
  auto const m = json::parse(admin.get("/api/meetings/" + id)->body);
  EXPECT_EQ(m["minutes"], "Les partenaires valident le diagnostic.");
  ASSERT_EQ(m["agenda_items"].size(), 2U);
  EXPECT_EQ(m["agenda_items"][1]["position"], 2);
  auto const dash = json::parse(admin.get("/api/dashboard")->body);
  EXPECT_EQ(dash["overdue_follow_ups"].size(), 1U);
  EXPECT_EQ(dash["upcoming_meetings"].size(), 1U);

  auto const md = admin.get("/api/meetings/" + id + "/export?format=md");
  ASSERT_EQ(md->status, 200);
  EXPECT_NE(md->body.find("## Ordre du jour"), std::string::npos);
  EXPECT_NE(md->body.find("Problématique : Zones blanches au nord-est"), std::string::npos);
  EXPECT_NE(md->body.find("Lancer une expérimentation de TAD"), std::string::npos);
  EXPECT_NE(md->body.find("## Compte rendu"), std::string::npos);
  auto const docx = admin.get("/api/meetings/" + id + "/export?format=docx");
  ASSERT_EQ(docx->status, 200) << docx->body;
  EXPECT_EQ(docx->body.substr(0, 2), "PK");
  EXPECT_EQ(admin.get("/api/meetings/" + id + "/export?format=exe")->status, 400);
  if (std::filesystem::exists("/usr/bin/chromium")) {
    auto const pdf = admin.get("/api/meetings/" + id + "/export?format=pdf");
    ASSERT_EQ(pdf->status, 200) << pdf->body;
    EXPECT_EQ(pdf->body.substr(0, 5), "%PDF-");
  }
}

TEST_P(plan_api, meetings_are_edited_linked_to_actions_and_documents_and_deleted) {
  auto const admin = login("admin");
  auto const ids = [](httplib::Result const& r) { return std::to_string(json::parse(r->body)["id"].get<long long>()); };
  auto const meeting =
      ids(admin.post("/api/meetings", {{"type", "cotech"}, {"title", "COTECH"}, {"held_on", "2026-12-01"}}));
  auto const action = json::parse(admin.post("/api/actions", action_body("Navette Clichy-Montfermeil"))->body)["id"];
  auto const document = json::parse(admin
                                        .post("/api/documents", {{"type", "convention"},
                                                                 {"title", "Convention CAF 2026"},
                                                                 {"status", "brouillon"},
                                                                 {"party_ids", {caf_}}})
                                        ->body)["id"];
  auto r = admin.post("/api/meetings/" + meeting + "/agenda-items",
                      {{"title", "Navette"}, {"action_id", action}, {"document_id", document}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const item = ids(r);
  r = admin.post("/api/meetings/" + meeting + "/agenda-items", {{"title", "x"}, {"action_id", 9999}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "action_id");
  r = admin.post("/api/meetings/" + meeting + "/agenda-items", {{"title", "x"}, {"document_id", "12"}});
  EXPECT_EQ(json::parse(r->body)["field"], "document_id");

  auto m = json::parse(admin.get("/api/meetings/" + meeting)->body);
  ASSERT_EQ(m["agenda_items"].size(), 1U);
  EXPECT_EQ(m["agenda_items"][0]["action_title"], "Navette Clichy-Montfermeil");
  EXPECT_EQ(m["agenda_items"][0]["document_title"], "Convention CAF 2026");
  auto const md = admin.get("/api/meetings/" + meeting + "/export?format=md")->body;
  EXPECT_NE(md.find("Action du plan : Navette Clichy-Montfermeil"), std::string::npos);
  EXPECT_NE(md.find("Document de coopération : Convention CAF 2026"), std::string::npos);

  // Edit the item (priority, no more document), the meeting, a decision and a follow-up's status.
  r = admin.put("/api/agenda-items/" + item,
                {{"title", "Navette (suite)"}, {"priority", 1}, {"position", 3}, {"action_id", action}});
  ASSERT_EQ(r->status, 200) << r->body;
  r = admin.put("/api/meetings/" + meeting,
                {{"type", "copil"}, {"title", "COPIL"}, {"held_on", "2026-12-02"}, {"participant_ids", {ft_}}});
  ASSERT_EQ(r->status, 200) << r->body;
  auto const decision = ids(admin.post("/api/meetings/" + meeting + "/decisions", {{"text", "Étudier"}}));
  EXPECT_EQ(admin.put("/api/decisions/" + decision, {{"text", "Lancer"}})->status, 200);
  auto const follow =
      ids(admin.post("/api/meetings/" + meeting + "/follow-ups",
                     {{"text", "Chiffrer"}, {"owner", "DTCM"}, {"due_on", today_plus(-1)}, {"status", "a_faire"}}));
  EXPECT_EQ(json::parse(admin.get("/api/dashboard")->body)["overdue_follow_ups"].size(), 1U);
  r = admin.put("/api/follow-ups/" + follow,
                {{"text", "Chiffrer"}, {"owner", "DTCM"}, {"due_on", today_plus(-1)}, {"status", "fait"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(admin.get("/api/dashboard")->body)["overdue_follow_ups"].size(), 0U) << "done is not overdue";
  EXPECT_EQ(admin
                .put("/api/follow-ups/" + follow,
                     {{"text", "Chiffrer"}, {"owner", "DTCM"}, {"due_on", "2026-01-01"}, {"status", "perdu"}})
                ->status,
            400);
  m = json::parse(admin.get("/api/meetings/" + meeting)->body);
  EXPECT_EQ(m["type"], "copil");
  EXPECT_EQ(m["participant_ids"], json::array({ft_}));
  EXPECT_EQ(m["agenda_items"][0]["title"], "Navette (suite)");
  EXPECT_EQ(m["agenda_items"][0]["position"], 3);
  EXPECT_TRUE(m["agenda_items"][0]["document_id"].is_null());
  EXPECT_EQ(m["decisions"][0]["text"], "Lancer");
  EXPECT_EQ(m["follow_ups"][0]["status"], "fait");
  EXPECT_NE(admin.get("/api/meetings/" + meeting + "/export?format=md")->body.find("| Fait |"), std::string::npos);

  // Read-only roles cannot change anything; unknown ids are 404.
  auto const reader = login("lecteur");
  EXPECT_EQ(reader.put("/api/decisions/" + decision, {{"text", "Non"}})->status, 403);
  EXPECT_EQ(reader.del("/api/meetings/" + meeting)->status, 403);
  EXPECT_EQ(admin.del("/api/follow-ups/99999")->status, 404);
  EXPECT_EQ(admin.put("/api/agenda-items/99999", {{"title", "x"}})->status, 404);

  EXPECT_EQ(admin.del("/api/decisions/" + decision)->status, 204);
  EXPECT_EQ(admin.del("/api/agenda-items/" + item)->status, 204);
  EXPECT_EQ(count("decision"), 0);
  EXPECT_EQ(count("agenda_item"), 0);
  // Deleting the meeting takes its follow-up and participants with it; the action and document stay.
  EXPECT_EQ(admin.del("/api/meetings/" + meeting)->status, 204);
  EXPECT_EQ(admin.get("/api/meetings/" + meeting)->status, 404);
  EXPECT_EQ(count("follow_up"), 0);
  EXPECT_EQ(count("meeting_participant"), 0);
  EXPECT_EQ(count("action"), 1);
  EXPECT_EQ(count("cooperation_document"), 1);
}

// Every record of the workspace can be corrected and removed, with its audit trail; removing what
// others still refer to is a conflict that changes nothing.
TEST_P(plan_api, records_are_edited_and_deleted_and_references_are_kept) {
  auto const admin = login("admin");
  auto const id_of = [](httplib::Result const& r) {
    EXPECT_TRUE(r->status == 200 || r->status == 201) << r->body;
    return std::to_string(json::parse(r->body)["id"].get<long long>());
  };
  auto const objective = id_of(admin.post("/api/objectives", {{"code", "O1"}, {"title", "Accès à l'emploi"}}));
  auto r = admin.put("/api/objectives/" + objective, {{"code", "O1"}, {"title", "Accès à l'emploi et à la formation"}});
  ASSERT_EQ(r->status, 200) << r->body;
  auto body = action_body("Navette");
  body["objective_id"] = std::stoll(objective);
  auto const action = id_of(admin.post("/api/actions", body));
  r = admin.del("/api/objectives/" + objective);
  EXPECT_EQ(r->status, 409) << "an action still belongs to it";
  EXPECT_EQ(json::parse(r->body)["code"], "conflict");
  EXPECT_EQ(count("objective"), 1);

  auto const indicator =
      id_of(admin.post("/api/indicators", {{"name", "Part de la population à 30 min"}, {"unit", "%"}}));
  r = admin.put("/api/indicators/" + indicator,
                {{"name", "Part à 30 min"}, {"unit", "%"}, {"target", 80}, {"objective_id", std::stoll(objective)}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["target"], 80.0);
  auto const value =
      id_of(admin.post("/api/indicators/" + indicator + "/values", {{"measured_on", "2026-06-30"}, {"value", 61.5}}));
  EXPECT_EQ(admin.del("/api/indicator-values/" + value)->status, 204);
  EXPECT_EQ(count("indicator_value"), 0);
  EXPECT_EQ(admin.put("/api/indicators/" + indicator, {{"unit", "%"}})->status, 400) << "name required";

  auto const evaluation =
      id_of(admin.post("/api/evaluations", {{"title", "TAD Est ensemble"}, {"beneficiaries", 100}, {"cost", 50000}}));
  r = admin.put("/api/evaluations/" + evaluation,
                {{"title", "TAD Est ensemble"}, {"beneficiaries", 250}, {"cost", 50000}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["cost_per_beneficiary"], 200.0);
  auto const section = id_of(admin.post("/api/plan-sections", {{"kind", "diagnostic"}, {"title", "Constats"}}));

  auto const org = id_of(admin.post("/api/organisations", {{"name", "CCAS de Bobigny"}, {"type", "ccas"}}));
  r = admin.put("/api/organisations/" + org, {{"name", "CCAS de Bobigny"}, {"type", "ccas"}, {"territory", "Bobigny"}});
  ASSERT_EQ(r->status, 200) << r->body;
  auto const contact = id_of(admin.post("/api/organisations/" + org + "/contacts",
                                        {{"name", "M. Martin"}, {"purpose", "Comité de pilotage"}}));
  r = admin.put("/api/contacts/" + contact,
                {{"name", "M. Martin"}, {"purpose", "Comité de pilotage"}, {"email", "m@x.fr"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["email"], "m@x.fr");
  EXPECT_EQ(admin.put("/api/contacts/" + contact, {{"name", "M. Martin"}})->status, 400)
      << "the purpose stays required";
  auto const document = id_of(admin.post(
      "/api/documents",
      {{"type", "protocole"}, {"title", "Protocole CCAS"}, {"status", "brouillon"}, {"party_ids", {std::stoll(org)}}}));
  auto const file =
      id_of(admin.post("/api/documents/" + document + "/files",
                       {{"name", "protocole.txt"}, {"content_type", "text/plain"}, {"content_base64", "QUJD"}}));
  EXPECT_EQ(admin.del("/api/organisations/" + org)->status, 409) << "a document still names it";

  auto const square =
      json{{"type", "Polygon"},
           {"coordinates", {{{2.35, 48.90}, {2.40, 48.90}, {2.40, 48.95}, {2.35, 48.95}, {2.35, 48.90}}}}};
  ASSERT_EQ(
      admin.post("/api/sectors", {{"type", "Feature"}, {"properties", {{"name", "Secteur A"}}}, {"geometry", square}})
          ->status,
      201);
  auto const sector =
      std::to_string(json::parse(admin.get("/api/sectors")->body)["features"][0]["properties"]["id"].get<long long>());
  r = admin.put("/api/sectors/" + sector, {{"name", "Secteur Canal"}, {"description", "Bords du canal de l'Ourcq"}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(admin.get("/api/sectors")->body)["features"][0]["properties"]["name"], "Secteur Canal");
  auto const project =
      id_of(admin.post("/api/sectors/" + sector + "/projects", {{"title", "Passerelle"}, {"status", "idee"}}));
  r = admin.put("/api/sector-projects/" + project,
                {{"title", "Passerelle"}, {"status", "etude"}, {"partner_id", std::stoll(org)}});
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(admin.get("/api/sectors/" + sector + "/projects")->body)[0]["status"], "etude");

  // Partners and readers change nothing.
  for (auto const* who : {"caf", "lecteur"}) {
    auto const user = login(who);
    EXPECT_EQ(user.del("/api/contacts/" + contact)->status, 403) << who;
    EXPECT_EQ(user.put("/api/objectives/" + objective, {{"code", "O1"}, {"title", "x"}})->status, 403) << who;
  }
  EXPECT_EQ(admin.del("/api/contacts/424242")->status, 404);
  EXPECT_EQ(admin.put("/api/sector-projects/424242", {{"title", "x"}, {"status", "idee"}})->status, 404);

  // Deletions, children first where the schema keeps references.
  for (auto const& path : {"/api/sector-projects/" + project, "/api/sectors/" + sector, "/api/document-files/" + file,
                           "/api/documents/" + document, "/api/contacts/" + contact, "/api/organisations/" + org,
                           "/api/evaluations/" + evaluation, "/api/indicators/" + indicator,
                           "/api/plan-sections/" + section, "/api/actions/" + action, "/api/objectives/" + objective}) {
    EXPECT_EQ(admin.del(path)->status, 204) << path;
    EXPECT_EQ(admin.del(path)->status, 404) << path << " twice";
  }
  for (auto const* table : {"objective", "action", "indicator", "evaluation", "plan_section", "contact",
                            "cooperation_document", "document_file", "sector", "sector_project"}) {
    EXPECT_EQ(count(table), 0) << table;
  }
  long long audited = 0;
  db_->with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM audit_log WHERE action = 'delete'", soci::into(audited);
  });
  EXPECT_EQ(audited, 12) << "each deletion is in the audit log (with the indicator value)";
}

TEST_P(plan_api, action_search_finds_titles_containing_the_text_whatever_the_case) {
  auto const admin = login("admin");
  for (auto const* t : {"Navette de Clichy", "Tarification solidaire", "Navette \"Montfermeil\"", "Aide au permis"}) {
    ASSERT_EQ(admin.post("/api/actions", action_body(t))->status, 201);
  }
  auto const titles = [&](std::string const& q) {
    auto const r = admin.get("/api/actions?q=" + httplib::detail::encode_query_param(q));
    EXPECT_EQ(r->status, 200) << r->body;
    auto const j = json::parse(r->body);
    std::vector<std::string> out;
    for (auto const& a : j["items"]) {
      out.push_back(a["title"]);
    }
    EXPECT_EQ(j["total"], out.size());
    return out;
  };
  using v = std::vector<std::string>;
  EXPECT_EQ(titles("navette"), (v{"Navette de Clichy", "Navette \"Montfermeil\""}));
  EXPECT_EQ(titles("NAVETTE DE"), (v{"Navette de Clichy"}));
  EXPECT_EQ(titles("ette de cl"), (v{"Navette de Clichy"})) << "inside words";
  EXPECT_EQ(titles("\"Montfermeil\""), (v{"Navette \"Montfermeil\""})) << "quotes are text";
  EXPECT_EQ(titles("CL"), (v{"Navette de Clichy"})) << "shorter than a trigram";
  EXPECT_EQ(titles("Clichy Navette"), v{}) << "the text as typed, not its words in any order";
  EXPECT_EQ(titles("100%"), v{});
  EXPECT_EQ(titles("a_"), v{}) << "no LIKE wildcards";

  // The index follows renames and deletions.
  auto const list = json::parse(admin.get("/api/actions?q=permis")->body);
  auto const id = std::to_string(list["items"][0]["id"].get<long long>());
  auto body = action_body("Garage solidaire");
  ASSERT_EQ(admin.put("/api/actions/" + id, body)->status, 200);
  EXPECT_EQ(titles("permis"), v{});
  EXPECT_EQ(titles("garage"), (v{"Garage solidaire"}));
  ASSERT_EQ(admin.del("/api/actions/" + id)->status, 204);
  EXPECT_EQ(titles("garage"), v{});
}

TEST_P(plan_api, sectors_import_as_geojson_and_refuse_projected_coordinates) {
  auto const admin = login("admin");
  json const square{{"type", "Polygon"},
                    {"coordinates", {{{2.35, 48.90}, {2.40, 48.90}, {2.40, 48.95}, {2.35, 48.95}, {2.35, 48.90}}}}};
  auto r = admin.post(
      "/api/sectors",
      {{"type", "FeatureCollection"},
       {"features", {{{"type", "Feature"}, {"properties", {{"nom", "Secteur Plaine"}}}, {"geometry", square}}}}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const fc = json::parse(admin.get("/api/sectors")->body);
  ASSERT_EQ(fc["features"].size(), 1U);
  EXPECT_EQ(fc["features"][0]["properties"]["name"], "Secteur Plaine");
  EXPECT_EQ(fc["features"][0]["geometry"], square);

  json const lambert{{"type", "Polygon"},
                     {"coordinates", {{{652000, 6862000}, {653000, 6862000}, {653000, 6863000}, {652000, 6862000}}}}};
  r = admin.post("/api/sectors", {{"type", "Feature"}, {"properties", json::object()}, {"geometry", lambert}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "features[0].geometry");
  EXPECT_EQ(count("sector"), 1);
}

TEST_P(plan_api, plan_sections_indicators_evaluations_and_contacts) {
  auto const admin = login("admin");
  auto r =
      admin.post("/api/plan-sections", {{"kind", "diagnostic"}, {"title", "Constats"}, {"body", "Zones blanches"}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const section = std::to_string(json::parse(r->body)["id"].get<long long>());
  admin.post("/api/plan-sections", {{"kind", "doctrine"}, {"title", "Principes"}});
  EXPECT_EQ(admin.put("/api/plan-sections/" + section, {{"kind", "diagnostic"}, {"title", "Constats 2026"}})->status,
            200);
  auto const sections = json::parse(admin.get("/api/plan-sections")->body);
  ASSERT_EQ(sections.size(), 2U);
  EXPECT_EQ(sections[0]["title"], "Constats 2026");
  EXPECT_EQ(json::parse(admin.post("/api/plan-sections", {{"kind", "annexe"}, {"title", "x"}})->body)["field"], "kind");

  r = admin.post("/api/indicators", {{"name", "Part des 65+ à moins de 30 min d'un centre de santé"},
                                     {"unit", "%"},
                                     {"baseline", 62.5},
                                     {"target", 80}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const ind = std::to_string(json::parse(r->body)["id"].get<long long>());
  EXPECT_EQ(admin.post("/api/indicators/" + ind + "/values", {{"measured_on", "2026-06-30"}, {"value", 66.0}})->status,
            201);
  EXPECT_EQ(admin.post("/api/indicators/" + ind + "/values", {{"measured_on", "2025-12-31"}, {"value", 64.0}})->status,
            201);
  EXPECT_EQ(
      json::parse(admin.post("/api/indicators/" + ind + "/values", {{"measured_on", "2026-07-01"}})->body)["field"],
      "value");
  auto const indicators = json::parse(admin.get("/api/indicators")->body);
  ASSERT_EQ(indicators[0]["values"].size(), 2U);
  EXPECT_EQ(indicators[0]["values"][0]["measured_on"], "2025-12-31");  // in date order
  EXPECT_DOUBLE_EQ(indicators[0]["baseline"].get<double>(), 62.5);

  r = admin.post("/api/evaluations", {{"title", "Garage solidaire"},
                                      {"beneficiaries", 48},
                                      {"cost", 12000},
                                      {"indicator_label", "Taux de retour à l'emploi"},
                                      {"value_before", 0.2},
                                      {"value_after", 0.35},
                                      {"period_start", "2025-01-01"},
                                      {"period_end", "2025-12-31"}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_DOUBLE_EQ(json::parse(r->body)["cost_per_beneficiary"].get<double>(), 250.0);
  r = admin.post("/api/evaluations", {{"title", "Sans bénéficiaire"}, {"cost", 100}});
  EXPECT_TRUE(json::parse(r->body)["cost_per_beneficiary"].is_null());

  r = admin.post("/api/organisations/" + std::to_string(caf_) + "/contacts",
                 {{"name", "M. Martin"}, {"role", "chargé de mission"}, {"email", "martin@example.org"}});
  EXPECT_EQ(json::parse(r->body)["field"], "purpose");  // GDPR: why the contact is kept
  r = admin.post("/api/organisations/" + std::to_string(caf_) + "/contacts",
                 {{"name", "M. Martin"}, {"email", "martin@example.org"}, {"purpose", "suivi de la convention"}});
  EXPECT_EQ(r->status, 201) << r->body;
  auto const caf = login("caf");
  EXPECT_EQ(json::parse(caf.get("/api/organisations/" + std::to_string(caf_) + "/contacts")->body).size(), 1U);
  EXPECT_EQ(caf.get("/api/organisations/" + std::to_string(ft_) + "/contacts")->status, 404);
  EXPECT_EQ(caf.post("/api/indicators", {{"name", "x"}})->status, 403);
}

TEST_P(plan_api, sector_projects_and_document_files) {
  auto const admin = login("admin");
  json const square{{"type", "Polygon"},
                    {"coordinates", {{{2.35, 48.90}, {2.40, 48.90}, {2.40, 48.95}, {2.35, 48.95}, {2.35, 48.90}}}}};
  admin.post("/api/sectors", {{"type", "Feature"}, {"properties", {{"name", "Plaine"}}}, {"geometry", square}});
  auto const sector = json::parse(admin.get("/api/sectors")->body)["features"][0]["properties"]["id"].get<long long>();
  auto r = admin.post("/api/sectors/" + std::to_string(sector) + "/projects", {{"title", "Pôle d'échanges Pleyel"},
                                                                               {"direction", "DTCM"},
                                                                               {"partner_id", caf_},
                                                                               {"horizon", "2030"},
                                                                               {"status", "etude"}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const projects = json::parse(admin.get("/api/sectors/" + std::to_string(sector) + "/projects")->body);
  ASSERT_EQ(projects.size(), 1U);
  EXPECT_EQ(projects[0]["partner_id"], caf_);
  EXPECT_EQ(admin.post("/api/sectors/999/projects", {{"title", "x"}, {"status", "idee"}})->status, 404);

  r = admin.post("/api/documents", {{"type", "charte"}, {"title", "Charte"}, {"status", "brouillon"}});
  auto const doc = std::to_string(json::parse(r->body)["id"].get<long long>());
  // "Bonjour\n" in base64; the name is only shown, a path is refused.
  r = admin.post("/api/documents/" + doc + "/files",
                 {{"name", "../../etc/passwd"}, {"content_type", "text/plain"}, {"content_base64", "Qm9uam91cgo="}});
  EXPECT_EQ(json::parse(r->body)["field"], "name");
  r = admin.post("/api/documents/" + doc + "/files",
                 {{"name", "charte signée.txt"}, {"content_type", "text/plain"}, {"content_base64", "Qm9uam91cgo="}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const file = std::to_string(json::parse(r->body)["id"].get<long long>());
  EXPECT_EQ(json::parse(r->body)["size"], 8);
  EXPECT_EQ(json::parse(admin.get("/api/documents/" + doc + "/files")->body).size(), 1U);
  auto const download = admin.get("/api/document-files/" + file);
  ASSERT_EQ(download->status, 200);
  EXPECT_EQ(download->body, "Bonjour\n");
  EXPECT_NE(download->get_header_value("Content-Disposition").find("attachment"), std::string::npos);
  auto const caf = login("caf");  // not a party to the charter
  EXPECT_EQ(caf.get("/api/document-files/" + file)->status, 404);
  EXPECT_EQ(caf.get("/api/documents/" + doc + "/files")->status, 404);
}

using test::base64;

TEST_P(plan_api, sectors_import_from_geopackage_and_projected_geojson) {
  auto const admin = login("admin");
  // A GeoPackage written with GDAL: one square with a "nom".
  io::table t{"secteurs", {{"nom", io::column::type::kText}}, {{std::string{"Secteur Est"}}}, {}};
  std::string wkb(1 + 4 + 4 + 4 + 5 * 16, '\0');
  wkb[0] = 1;
  std::uint32_t const polygon = 3, rings = 1, points = 5;
  std::memcpy(wkb.data() + 1, &polygon, 4);
  std::memcpy(wkb.data() + 5, &rings, 4);
  std::memcpy(wkb.data() + 9, &points, 4);
  double const xy[10] = {2.45, 48.90, 2.50, 48.90, 2.50, 48.95, 2.45, 48.95, 2.45, 48.90};
  std::memcpy(wkb.data() + 13, xy, sizeof(xy));
  t.geometry_wkb_ = {wkb};
  auto const gpkg = scratch_->dir() + "/secteurs.gpkg";
  io::write_tables(gpkg, {t});
  std::ifstream in{gpkg, std::ios::binary};
  std::string bytes{std::istreambuf_iterator<char>{in}, {}};
  auto r = admin.post("/api/sectors/import-file", {{"name", "secteurs.gpkg"}, {"content_base64", base64(bytes)}});
  ASSERT_EQ(r->status, 201) << r->body;
  EXPECT_EQ(json::parse(r->body)["created"], 1);

  // GeoJSON in Lambert-93 (declared): reprojected to longitude/latitude.
  std::string const lambert =
      R"({"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},)"
      R"("features":[{"type":"Feature","properties":{"name":"Secteur Lambert"},"geometry":{"type":"Polygon",)"
      R"("coordinates":[[[652000,6862000],[653000,6862000],[653000,6863000],[652000,6863000],[652000,6862000]]]}}]})";
  r = admin.post("/api/sectors/import-file", {{"name", "lambert.geojson"}, {"content_base64", base64(lambert)}});
  ASSERT_EQ(r->status, 201) << r->body;
  auto const fc = json::parse(admin.get("/api/sectors")->body);
  ASSERT_EQ(fc["features"].size(), 2U);
  EXPECT_EQ(fc["features"][0]["properties"]["name"], "Secteur Est");
  EXPECT_EQ(fc["features"][1]["properties"]["name"], "Secteur Lambert");
  auto const lon = fc["features"][1]["geometry"]["coordinates"][0][0][0].get<double>();
  EXPECT_NEAR(lon, 2.35, 0.02);  // Paris area

  r = admin.post("/api/sectors/import-file", {{"name", "secteurs.exe"}, {"content_base64", base64("x")}});
  EXPECT_EQ(json::parse(r->body)["field"], "name");
  r = admin.post("/api/sectors/import-file", {{"name", "bad.gpkg"}, {"content_base64", base64("not a geopackage")}});
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(json::parse(r->body)["field"], "content_base64");
  EXPECT_EQ(json::parse(admin.get("/api/sectors")->body)["features"].size(), 2U);
}

// A sector file is read only with the driver of its extension: a VRT named .gpkg (which would read
// the database or any file), a file that is really another format, references to archives, other
// files or URLs: each refused (400 on content_base64) without GDAL's text, and nothing stored.
TEST_P(plan_api, sector_files_cannot_reach_other_files_or_the_network) {
  auto const admin = login("admin");
  test::tcp_listener const listener;
  auto const url = "http://127.0.0.1:" + std::to_string(listener.port());
  auto const secret = scratch_->dir() + "/secret.csv";
  std::ofstream{secret} << "name,wkt\nTOPSECRET42,\"POLYGON((2 48,3 48,3 49,2 48))\"\n";
  auto const vrt = [](std::string const& source) {
    return "<OGRVRTDataSource><OGRVRTLayer name=\"secret\"><SrcDataSource>" + source +
           "</SrcDataSource><GeometryField encoding=\"WKT\" field=\"wkt\"/></OGRVRTLayer></OGRVRTDataSource>";
  };
  std::string const square = R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"a"},)"
                             R"("geometry":{"type":"Polygon","coordinates":[[[2,48],[3,48],[3,49],[2,48]]]}}]})";
  std::vector<std::pair<std::string, std::string>> const files{
      {"secteurs.gpkg", vrt(secret)},
      {"secteurs.gml", vrt(secret)},
      {"secteurs.gpkg", vrt("/vsizip/" + scratch_->dir() + "/a.zip/secret.csv")},
      {"secteurs.gpkg", vrt("/vsicurl/" + url + "/secret.csv")},
      {"secteurs.gpkg", square},  // a GeoJSON file: not a GeoPackage
      {"secteurs.kml", square},
      {"lien.geojson",
       R"({"type":"FeatureCollection","crs":{"type":"link","properties":{"href":")" + url +
           R"(/crs","type":"proj4"}},"features":[{"type":"Feature","properties":{"name":"a"},"geometry":{"type":"Polygon",)"
           R"("coordinates":[[[2,48],[3,48],[3,49],[2,48]]]}}]})"},
  };
  for (auto const& [name, content] : files) {
    SCOPED_TRACE(name + ": " + content.substr(0, 120));
    auto const r = admin.post("/api/sectors/import-file", {{"name", name}, {"content_base64", base64(content)}});
    if (name == "lien.geojson" && r->status == 201) {
      // Read without its coordinate system (the URL is not fetched): the square is in lon/lat anyway.
      admin.del("/api/sectors/" +
                std::to_string(json::parse(admin.get("/api/sectors")->body)["features"][0]["id"].get<long long>()));
      continue;
    }
    ASSERT_EQ(r->status, 400) << r->body;
    EXPECT_EQ(json::parse(r->body)["field"], "content_base64");
    for (auto const* gdal_text : {"TOPSECRET", "not recognized", "secret.csv", "127.0.0.1", "/tmp", "ERROR"}) {
      EXPECT_EQ(r->body.find(gdal_text), std::string::npos) << r->body;
    }
  }
  EXPECT_EQ(count("sector"), 0);
  EXPECT_EQ(listener.connections(), 0);
}

// An agent's minutes and agenda items cannot make an export embed a server file or fetch a URL:
// every format holds the text as typed and nothing else (see also tests/server/export_test.cc).
TEST_P(plan_api, meeting_exports_embed_no_server_file_and_fetch_no_url) {
  auto const admin = login("admin");
  test::tcp_listener const listener;
  auto const url = "http://127.0.0.1:" + std::to_string(listener.port());
  auto const secret = scratch_->dir() + "/secret.png";
  std::ofstream{secret} << "TOPSECRET42";
  auto const meeting = std::to_string(
      json::parse(
          admin
              .post("/api/meetings", {{"type", "cotech"}, {"title", "![t](" + secret + ")"}, {"held_on", "2026-12-01"}})
              ->body)["id"]
          .get<long long>());
  std::string const hostile = "![a](" + secret + ") ![b](file://" + secret + ") ![c](/etc/passwd) ![d](" + url +
                              "/x.png) <img src=\"" + url + "/y.png\"> `<img src=\"" + url +
                              "/z.png\">`{=html} \\input{" + secret + "}";
  ASSERT_EQ(admin
                .post("/api/meetings/" + meeting + "/agenda-items",
                      {{"title", hostile}, {"problem_statement", hostile}, {"stakes", hostile}})
                ->status,
            201);
  ASSERT_EQ(admin
                .put("/api/meetings/" + meeting + "/minutes",
                     {{"minutes", hostile + "\n\n```{=html}\n<img src=\"" + url + "/block.png\">\n```\n\n" + hostile}})
                ->status,
            200);
  admin.post("/api/meetings/" + meeting + "/decisions", {{"text", hostile}});
  admin.post("/api/meetings/" + meeting + "/follow-ups",
             {{"text", hostile}, {"owner", hostile}, {"due_on", "2026-12-10"}, {"status", "a_faire"}});

  std::vector<std::string> formats{"md", "docx", "odt"};
  if (std::filesystem::exists("/usr/bin/chromium")) {
    formats.emplace_back("pdf");
  }
  for (auto const& format : formats) {
    SCOPED_TRACE(format);
    auto const r = admin.get("/api/meetings/" + meeting + "/export?format=" + format);
    ASSERT_EQ(r->status, 200) << r->body;
    std::string content = r->body;
    if (format == "docx" || format == "odt") {  // zip files: their entries' names and texts
      auto const file = scratch_->dir() + "/export." + format;
      std::ofstream{file, std::ios::binary} << r->body;
      content.clear();
      if (auto* p = ::popen(("unzip -l '" + file + "'; unzip -p '" + file + "'").c_str(), "r")) {
        char buf[4096];
        for (std::size_t n = 0; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) {
          content.append(buf, n);
        }
        ::pclose(p);
      }
      EXPECT_NE(content.find("![c](/etc/passwd)"), std::string::npos) << "the text as typed";
      EXPECT_EQ(content.find("media/"), std::string::npos);
      EXPECT_EQ(content.find("Pictures/"), std::string::npos);
    }
    EXPECT_EQ(content.find("TOPSECRET42"), std::string::npos);
    EXPECT_EQ(content.find("root:x:0:0"), std::string::npos);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  EXPECT_EQ(listener.connections(), 0);
}

// A slow export runs outside the places of ordinary requests, has a time limit (504, the renderer
// killed), and beyond export_limits::concurrent_ exports are refused at once (503 Retry-After).
TEST_P(plan_api, slow_exports_neither_block_ordinary_requests_nor_run_forever) {
  auto const script = scratch_->dir() + "/slow-chromium.sh";
  auto const started = scratch_->dir() + "/started";
  std::ofstream{script} << "#!/bin/sh\ntouch '" << started << "'\nsleep 30\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  ::setenv("SOLIMOB_CHROMIUM", script.c_str(), 1);
  set_export_limits({1, std::chrono::seconds{4}});
  // One place for ordinary requests: before, the export held it for as long as the renderer ran.
  server_options o;
  o.port_ = 0;
  o.log_requests_ = false;
  o.threads_ = 8;
  o.concurrent_requests_ = 1;
  http_server one_place{*db_, o};
  add_plan_routes(one_place);
  auto const port = one_place.bind();
  std::thread running{[&] { one_place.run(); }};
  httplib::Client client{"127.0.0.1", port};
  auto const r =
      client.Post("/api/login", json{{"login", "admin"}, {"password", kPassword}}.dump(), "application/json");
  auto const h = r->get_header_value("Set-Cookie");
  session const admin{&client, h.substr(h.find('=') + 1, h.find(';') - h.find('=') - 1),
                      json::parse(r->body)["csrf_token"]};
  auto const meeting = std::to_string(
      json::parse(
          admin.post("/api/meetings", {{"type", "cotech"}, {"title", "COTECH"}, {"held_on", "2026-12-01"}})->body)["id"]
          .get<long long>());

  httplib::Client slow_client{"127.0.0.1", port};
  slow_client.set_read_timeout(30, 0);
  session const slow{&slow_client, admin.cookie_, admin.csrf_};
  auto const begin = std::chrono::steady_clock::now();
  int exported_status = 0;
  std::string exported_body;
  std::thread exporting{[&] {
    if (auto const e = slow.get("/api/meetings/" + meeting + "/export?format=pdf")) {
      exported_status = e->status;
      exported_body = e->body;
    }
  }};
  while (!std::filesystem::exists(started) && std::chrono::steady_clock::now() - begin < std::chrono::seconds{10}) {
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  ASSERT_TRUE(std::filesystem::exists(started)) << "the renderer did not start";

  auto t0 = std::chrono::steady_clock::now();
  auto const list = admin.get("/api/meetings");
  EXPECT_EQ(list->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds{1}) << "an ordinary request waited";
  t0 = std::chrono::steady_clock::now();
  auto const second = admin.get("/api/meetings/" + meeting + "/export?format=docx");
  EXPECT_EQ(second->status, 503) << second->body;
  EXPECT_EQ(second->get_header_value("Retry-After"), "5");
  EXPECT_EQ(json::parse(second->body)["code"], "unavailable");
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds{1});

  exporting.join();
  auto const took = std::chrono::steady_clock::now() - begin;
  EXPECT_EQ(exported_status, 504) << exported_body;
  EXPECT_NE(exported_body.find("\"code\":\"timeout\""), std::string::npos) << exported_body;
  EXPECT_LT(took, std::chrono::seconds{8});
  EXPECT_NE(try_export_slot(), nullptr) << "the place is given back";

  ::unsetenv("SOLIMOB_CHROMIUM");
  set_export_limits({});
  one_place.stop();
  running.join();
}

INSTANTIATE_TEST_SUITE_P(backends, plan_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
