// Cooperation: cooperation documents (their files: attachments.cc; organisations and contacts: record_routes.cc).
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/routes/attachments.h"
#include "server/routes/support.h"
#include "store/database.h"

namespace solimob::server::routes {

namespace {

// ---- cooperation documents ----

constexpr char const* kDocumentColumns =
    "d.id, d.type, d.title, d.status, d.commitments, d.signed_on, d.effective_on, d.ends_on";

json document_json(request_context const& ctx, soci::row const& r) {
  auto const id = as_int(r, 0);
  return {{"id", id},
          {"type", as_text(r, 1)},
          {"title", as_text(r, 2)},
          {"status", as_text(r, 3)},
          {"commitments", as_text(r, 4)},
          {"signed_on", as_text(r, 5)},
          {"effective_on", as_text(r, 6)},
          {"ends_on", as_text(r, 7)},
          {"party_ids", visible_organisations(ctx, links(ctx.sql_, "document_party", "document_id", id))}};
}

json documents_body(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << std::string{"SELECT "} + kDocumentColumns +
                                                       " FROM cooperation_document d WHERE " +
                                                       visible(ctx, records::kDocument, "d") + " ORDER BY d.id";
  for (auto const& r : rs) {
    out.push_back(
        row_json(r, {"id", "type", "title", "status", "commitments", "signed_on", "effective_on", "ends_on"}));
  }
  std::vector<long long> ids;
  for (auto const& d : out) {
    ids.push_back(d["id"].get<long long>());
  }
  auto parties = links_of(ctx.sql_, "document_party", "document_id", ids);
  for (auto& d : out) {
    d["party_ids"] = visible_organisations(ctx, std::move(parties[d["id"].get<long long>()]));
  }
  return out;
}

// Every document in one answer (the documents page, the choices of agenda items): cached like the
// aggregates, since its commitments make it large and it changes far less often than it is read.
api_response list_documents(request_context& ctx) {
  return reply_json_text(cache().get("documents/" + visibility_key(ctx), [&] { return documents_body(ctx); }));
}

// The lifecycle: draft -> negotiation -> signed -> in force -> expired or renewed; a renewed or
// expired document may go back into negotiation (its next version).
bool allowed_transition(std::string const& from, std::string const& to) {
  static std::multimap<std::string, std::string> const kNext{
      {"brouillon", "negociation"}, {"negociation", "brouillon"}, {"negociation", "signe"},
      {"signe", "en_vigueur"},      {"en_vigueur", "expire"},     {"en_vigueur", "renouvele"},
      {"expire", "negociation"},    {"renouvele", "negociation"}};
  if (from == to) {
    return true;
  }
  auto const [b, e] = kNext.equal_range(from);
  return std::any_of(b, e, [&](auto const& kv) { return kv.second == to; });
}

api_response save_document(request_context& ctx, std::optional<long long> existing) {
  auto const& b = body_object(ctx);
  auto type = one_of(b, "type", records::kDocTypes);
  auto title = text(b, "title", true, 300);
  auto status = one_of(b, "status", records::kDocStatuses);
  auto commitments = text(b, "commitments", false, 20000);
  auto signed_on = date(b, "signed_on");
  auto effective_on = date(b, "effective_on");
  auto ends_on = date(b, "ends_on");
  auto parties = id_list(b, "party_ids");
  check_organisations_exist(ctx.sql_, parties, "party_ids");
  if ((status == "signe" || status == "en_vigueur") && signed_on.second == soci::i_null) {
    invalid("signed_on", "a signed document needs its signature date");
  }
  long long id = 0;
  if (existing) {
    id = *existing;
    std::string old_status;
    soci::rowset<soci::row> rs =
        (ctx.sql_.prepare << "SELECT d.status FROM cooperation_document d WHERE d.id = :id AND " +
                                 visible(ctx, records::kDocument, "d"),
         soci::use(id));
    auto found = false;
    for (auto const& r : rs) {
      old_status = as_text(r, 0).get<std::string>();
      found = true;
    }
    if (!found) {
      throw api_error{error_kind::kNotFound, "no document " + std::to_string(id)};
    }
    if (!allowed_transition(old_status, status)) {
      invalid("status", "a document cannot go from '" + old_status + "' to '" + status + "'");
    }
    ctx.sql_ << "UPDATE cooperation_document SET type = :t, title = :ti, status = :s, commitments = :c, "
                "signed_on = :so, effective_on = :eo, ends_on = :en WHERE id = :id",
        soci::use(type), soci::use(title), soci::use(status), soci::use(commitments),
        soci::use(signed_on.first, signed_on.second), soci::use(effective_on.first, effective_on.second),
        soci::use(ends_on.first, ends_on.second), soci::use(id);
  } else {
    if (status != "brouillon" && status != "negociation" && status != "signe" && status != "en_vigueur") {
      invalid("status", "a new document starts as brouillon, negociation, signe or en_vigueur");
    }
    ctx.sql_ << "INSERT INTO cooperation_document (type, title, status, commitments, signed_on, effective_on, ends_on) "
                "VALUES (:t, :ti, :s, :c, :so, :eo, :en) RETURNING id",
        soci::use(type), soci::use(title), soci::use(status), soci::use(commitments),
        soci::use(signed_on.first, signed_on.second), soci::use(effective_on.first, effective_on.second),
        soci::use(ends_on.first, ends_on.second), soci::into(id);
  }
  replace_links(ctx.sql_, "document_party", "document_id", id, parties);
  audit(ctx, existing ? "update" : "create", "cooperation_document", id, {{"title", title}, {"status", status}});
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << std::string{"SELECT "} + kDocumentColumns + " FROM cooperation_document d WHERE d.id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    return reply(existing ? 200 : 201, document_json(ctx, r));
  }
  throw api_error{error_kind::kInternal, "document vanished"};
}

}  // namespace

json expiring_documents(request_context& ctx, long long days) {
  auto const from = format_date(today());
  auto const to = format_date(today() + static_cast<day_t>(days));
  json out = json::array();
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT d.id, d.title, d.type, d.ends_on FROM cooperation_document d WHERE d.ends_on >= :f "
                           "AND d.ends_on <= :t AND d.status IN ('signe', 'en_vigueur') AND " +
                               visible(ctx, records::kDocument, "d") + " ORDER BY d.ends_on, d.id",
       soci::use(from), soci::use(to));
  for (auto const& r : rs) {
    auto const ends = as_text(r, 3).get<std::string>();
    out.push_back({{"id", as_int(r, 0)},
                   {"title", as_text(r, 1)},
                   {"type", as_text(r, 2)},
                   {"ends_on", ends},
                   {"days_left", parse_date_time(ends + " 00:00")->day_ - today()}});
  }
  return out;
}

namespace {

api_response expiring(request_context& ctx) {
  return reply(200, expiring_documents(ctx, query_int(ctx, "days", 90, 1, 3650)));
}

}  // namespace

void add_partners_api(route_table& s) {
  s.route("GET", "/api/documents", list_documents);
  s.route("POST", "/api/documents", [](request_context& ctx) { return save_document(ctx, std::nullopt); });
  s.route("PUT", "/api/documents/:id", [](request_context& ctx) { return save_document(ctx, ctx.param_id("id")); });
  s.route("DELETE", "/api/documents/:id",
          [](request_context& ctx) { return delete_row(ctx, "cooperation_document", "document"); });
  s.route("GET", "/api/documents/expiring", expiring);
  add_attachment_routes(
      s, {&records::kDocument, "document_file", "document_id", "/api/documents/:id/files", "/api/document-files/:id"});
}

}  // namespace solimob::server::routes
