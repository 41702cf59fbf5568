// The territorial project's framework documents and the axes of cooperation are record types
// (server/records/workspace.cc); here what a development sector's page and a partner's cooperation
// show of them: the commitments each framework document makes for a sector, and a partner's axes
// with the meetings and cooperation documents it takes part in.
#include <soci/soci.h>

#include <string>

#include "server/routes/record_routes.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

namespace {

// GET /api/sectors/:id/commitments: [{"framework_document_id","title","kind","adopted_on","commitments":[...]}],
// the framework documents committing to the sector, each with those commitments the user may see.
api_response sector_commitments(request_context& ctx) {
  auto const sector = ctx.param_id("id");
  require_visible(ctx, records::kSector, sector);
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT d.id, d.title, d.kind, d.adopted_on, c.id, c.text, c.partner_id, "
                           "c.cooperation_document_id FROM framework_commitment c JOIN framework_document d ON "
                           "d.id = c.document_id WHERE c.sector_id = :s AND " +
                               visible(ctx, records::kCommitment, "c") + " ORDER BY d.title, d.id, c.id",
       soci::use(sector));
  for (auto const& r : rs) {
    auto const document = as_int(r, 0);
    if (out.empty() || out.back()["framework_document_id"] != document) {
      out.push_back({{"framework_document_id", document},
                     {"title", as_text(r, 1)},
                     {"kind", as_text(r, 2)},
                     {"adopted_on", as_text(r, 3)},
                     {"commitments", json::array()}});
    }
    out.back()["commitments"].push_back({{"id", as_int(r, 4)},
                                         {"text", as_text(r, 5)},
                                         {"partner_id", is_null(r, 6) ? json{} : json(as_int(r, 6))},
                                         {"cooperation_document_id", is_null(r, 7) ? json{} : json(as_int(r, 7))}});
  }
  return reply(200, out);
}

// GET /api/organisations/:id/cooperation: the axes of cooperation with the organisation, and the
// meetings and cooperation documents it takes part in that the user may see.
api_response organisation_cooperation(request_context& ctx) {
  auto const org = ctx.param_id("id");
  require_visible(ctx, records::kOrganisation, org);
  soci::rowset<soci::row> ms =
      (ctx.sql_.prepare << "SELECT m.id, m.type, m.title, m.held_on FROM meeting m JOIN meeting_participant mp ON "
                           "mp.meeting_id = m.id AND mp.organisation_id = :o WHERE " +
                               visible(ctx, records::kMeeting, "m") + " ORDER BY m.held_on DESC, m.id",
       soci::use(org));
  auto const meetings = rows_json(ms, {"id", "type", "title", "held_on"});
  soci::rowset<soci::row> ds =
      (ctx.sql_.prepare << "SELECT d.id, d.type, d.title, d.status, d.ends_on FROM cooperation_document d JOIN "
                           "document_party dp ON dp.document_id = d.id AND dp.organisation_id = :o WHERE " +
                               visible(ctx, records::kDocument, "d") + " ORDER BY d.title, d.id",
       soci::use(org));
  auto const documents = rows_json(ds, {"id", "type", "title", "status", "ends_on"});
  return reply(200, {{"organisation_id", org},
                     {"axes", list_records(ctx, records::kCooperationAxis, org)},
                     {"meetings", meetings},
                     {"documents", documents}});
}

}  // namespace

void add_framework_api(route_table& s) {
  s.route("GET", "/api/sectors/:id/commitments", sector_commitments);
  s.route("GET", "/api/organisations/:id/cooperation", organisation_cooperation);
}

}  // namespace solimob::server::routes
