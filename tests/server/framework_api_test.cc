// The territorial project's framework documents through the API on SQLite and PostgreSQL: their
// commitments shown on a development sector (partners see those that name no other organisation nor
// a document they are no party to), and the axes of cooperation with a partner with its meetings
// and documents.
#include <gtest/gtest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "server/workspace_fixture.h"

namespace solimob::server {
namespace {

using json = nlohmann::json;

class framework_api : public workspace_test {};

TEST_P(framework_api, commitments_show_on_their_sector_and_partners_have_their_axes_of_cooperation) {
  auto const admin = login("admin");
  json const square{{"type", "Polygon"},
                    {"coordinates", {{{2.35, 48.90}, {2.40, 48.90}, {2.40, 48.95}, {2.35, 48.95}, {2.35, 48.90}}}}};
  ASSERT_EQ(
      admin.post("/api/sectors", {{"type", "Feature"}, {"properties", {{"name", "Plaine"}}}, {"geometry", square}})
          ->status,
      201);
  auto const sector = json::parse(admin.get("/api/sectors")->body)["features"][0]["properties"]["id"].get<long long>();
  auto const ft_document = created(admin, "/api/documents",
                                   {{"type", "convention"},
                                    {"title", "Convention France Travail"},
                                    {"status", "signe"},
                                    {"signed_on", "2026-01-15"},
                                    {"party_ids", {ft_}}});
  auto const sd2030 =
      created(admin, "/api/framework-documents",
              {{"title", "Seine-Saint-Denis 2030"}, {"kind", "projet_territoire"}, {"horizon", "2030"}});
  auto const scheme =
      created(admin, "/api/framework-documents", {{"title", "Schéma des mobilités"}, {"kind", "schema"}});
  EXPECT_EQ(json::parse(admin.post("/api/framework-documents", {{"title", "x"}, {"kind", "loi"}})->body)["field"],
            "kind");
  auto const commit = [&](long long document, json body) {
    body["sector_id"] = sector;
    return created(admin, "/api/framework-documents/" + std::to_string(document) + "/commitments", body);
  };
  commit(sd2030, {{"text", "Un pôle d'échanges accessible à tous"}});
  commit(sd2030, {{"text", "Une navette avec la CAF"}, {"partner_id", caf_}});
  commit(scheme, {{"text", "Rabattement vers l'agence France Travail"}, {"partner_id", ft_}});
  commit(scheme, {{"text", "Accompagnement vers l'emploi"}, {"cooperation_document_id", ft_document}});
  created(admin, "/api/framework-documents/" + std::to_string(scheme) + "/commitments",
          {{"text", "Ailleurs"}});  // no sector: not on the sector's page

  auto const path = "/api/sectors/" + std::to_string(sector) + "/commitments";
  auto const all = json::parse(admin.get(path)->body);
  ASSERT_EQ(all.size(), 2U) << all.dump(1);  // by title: "Schéma..." then "Seine-Saint-Denis 2030"
  EXPECT_EQ(all[0]["title"], "Schéma des mobilités");
  EXPECT_EQ(all[0]["commitments"].size(), 2U);
  EXPECT_EQ(all[1]["title"], "Seine-Saint-Denis 2030");
  EXPECT_EQ(all[1]["kind"], "projet_territoire");
  EXPECT_EQ(all[1]["commitments"].size(), 2U);
  // The CAF's account: the general commitment and its own, nothing naming France Travail.
  auto const caf = login("caf");
  auto const seen = json::parse(caf.get(path)->body);
  ASSERT_EQ(seen.size(), 1U) << seen.dump(1);
  ASSERT_EQ(seen[0]["commitments"].size(), 2U);
  EXPECT_EQ(seen[0]["commitments"][0]["text"], "Un pôle d'échanges accessible à tous");
  EXPECT_EQ(seen[0]["commitments"][1]["partner_id"], caf_);
  EXPECT_EQ(caf.get("/api/framework-documents/" + std::to_string(scheme) + "/commitments")->body.find("France"),
            std::string::npos);

  // Axes of cooperation with the CAF, its meetings and documents.
  created(admin, "/api/organisations/" + std::to_string(caf_) + "/axes",
          {{"title", "Mobilité des allocataires"}, {"description", "Aides au permis"}});
  created(admin, "/api/meetings",
          {{"type", "copil"}, {"title", "COPIL CAF"}, {"held_on", "2027-02-01"}, {"participant_ids", {caf_}}});
  created(admin, "/api/meetings",
          {{"type", "cotech"}, {"title", "COTECH FT"}, {"held_on", "2027-02-02"}, {"participant_ids", {ft_}}});
  created(admin, "/api/documents",
          {{"type", "protocole"},
           {"title", "Protocole CAF"},
           {"status", "en_vigueur"},
           {"signed_on", "2026-01-15"},
           {"party_ids", {caf_}}});
  auto const cooperation = "/api/organisations/" + std::to_string(caf_) + "/cooperation";
  auto const c = json::parse(admin.get(cooperation)->body);
  ASSERT_EQ(c["axes"].size(), 1U);
  EXPECT_EQ(c["axes"][0]["title"], "Mobilité des allocataires");
  ASSERT_EQ(c["meetings"].size(), 1U);
  EXPECT_EQ(c["meetings"][0]["title"], "COPIL CAF");
  ASSERT_EQ(c["documents"].size(), 1U);
  EXPECT_EQ(c["documents"][0]["title"], "Protocole CAF");
  EXPECT_EQ(caf.get(cooperation)->status, 200);
  EXPECT_EQ(caf.get("/api/organisations/" + std::to_string(ft_) + "/cooperation")->status, 404);
  EXPECT_EQ(caf.get("/api/organisations/" + std::to_string(ft_) + "/axes")->status, 404);
}

INSTANTIATE_TEST_SUITE_P(backends, framework_api, ::testing::Values("sqlite", "postgresql"),
                         [](auto const& info) { return info.param; });

}  // namespace
}  // namespace solimob::server
