// Meetings with their participants, minutes and exports; the agenda as GET /api/meetings/{id} shows it
// (agenda items, decisions and follow-up are corrected through record_routes.cc).
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "server/export_runner.h"
#include "server/routes/document_export.h"
#include "server/routes/record_routes.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

namespace {

api_response list_meetings(request_context& ctx) {
  soci::rowset<soci::row> rs = ctx.sql_.prepare
                               << "SELECT m.id, m.type, m.title, m.held_on, m.place FROM meeting m WHERE " +
                                      visible(ctx, records::kMeeting, "m") + " ORDER BY m.held_on, m.id";
  return reply(200, rows_json(rs, {"id", "type", "title", "held_on", "place"}));
}

struct meeting_input {
  std::string type_, title_, place_;
  std::pair<std::string, soci::indicator> held_on_;
  std::vector<long long> participants_;
};

meeting_input read_meeting(request_context& ctx) {
  auto const& b = body_object(ctx);
  meeting_input in;
  in.type_ = one_of(b, "type", records::kMeetingTypes);
  in.title_ = text(b, "title", true, 300);
  in.held_on_ = date(b, "held_on", true);
  in.place_ = text(b, "place", false, 300);
  in.participants_ = id_list(b, "participant_ids");
  check_organisations_exist(ctx.sql_, in.participants_, "participant_ids");
  return in;
}

json meeting_json(long long id, meeting_input const& in) {
  return {{"id", id},           {"type", in.type_},
          {"title", in.title_}, {"held_on", in.held_on_.first},
          {"place", in.place_}, {"participant_ids", in.participants_}};
}

api_response create_meeting(request_context& ctx) {
  auto const in = read_meeting(ctx);
  long long id = 0;
  ctx.sql_ << "INSERT INTO meeting (type, title, held_on, place) VALUES (:t, :ti, :h, :p) RETURNING id",
      soci::use(in.type_), soci::use(in.title_), soci::use(in.held_on_.first), soci::use(in.place_), soci::into(id);
  replace_links(ctx.sql_, "meeting_participant", "meeting_id", id, in.participants_);
  audit(ctx, "create", "meeting", id, {{"title", in.title_}});
  return reply(201, meeting_json(id, in));
}

json load_meeting(request_context& ctx, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare
           << "SELECT m.id, m.type, m.title, m.held_on, m.place, m.minutes FROM meeting m WHERE m.id = :id "
              "AND " +
                  visible(ctx, records::kMeeting, "m"),
       soci::use(id));
  json m;
  for (auto const& r : rs) {
    m = {{"id", as_int(r, 0)},       {"type", as_text(r, 1)},  {"title", as_text(r, 2)},
         {"held_on", as_text(r, 3)}, {"place", as_text(r, 4)}, {"minutes", as_text(r, 5)}};
  }
  if (m.is_null()) {
    throw api_error{error_kind::kNotFound, "no meeting " + std::to_string(id)};
  }
  m["participant_ids"] = visible_organisations(ctx, links(ctx.sql_, "meeting_participant", "meeting_id", id));
  json items = json::array();
  // An item's action or document that the user may not see is left out (null id and title), here and
  // so in the exports.
  soci::rowset<soci::row> ai =
      (ctx.sql_.prepare
           << "SELECT i.id, i.position, i.title, i.problem_statement, i.priority, i.stakes, a.id, "
              "a.title, d.id, d.title, v.id, v.name FROM agenda_item i LEFT JOIN action a ON a.id = i.action_id "
              "AND " +
                  visible(ctx, records::kAction, "a") +
                  " LEFT JOIN cooperation_document d ON d.id = i.document_id AND " +
                  visible(ctx, records::kDocument, "d") + " LEFT JOIN analysis_view v ON v.id = i.view_id AND " +
                  visible(ctx, records::kView, "v") + " WHERE i.meeting_id = :id ORDER BY i.position, i.id",
       soci::use(id));
  for (auto const& r : ai) {
    items.push_back(row_json(r, {"id", "position", "title", "problem_statement", "priority", "stakes", "action_id",
                                 "action_title", "document_id", "document_title", "view_id", "view_name"}));
  }
  m["agenda_items"] = items;
  m["decisions"] = list_records(ctx, records::kDecision, id);
  m["follow_ups"] = list_records(ctx, records::kFollowUp, id);
  return m;
}

api_response update_meeting(request_context& ctx) {
  auto const id = ctx.param_id("id");
  load_meeting(ctx, id);
  auto const in = read_meeting(ctx);
  ctx.sql_ << "UPDATE meeting SET type = :t, title = :ti, held_on = :h, place = :p WHERE id = :id", soci::use(in.type_),
      soci::use(in.title_), soci::use(in.held_on_.first), soci::use(in.place_), soci::use(id);
  replace_links(ctx.sql_, "meeting_participant", "meeting_id", id, in.participants_);
  audit(ctx, "update", "meeting", id, {{"title", in.title_}});
  return reply(200, meeting_json(id, in));
}

// With its agenda, decisions and follow-up (ON DELETE CASCADE).
api_response delete_meeting(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto const m = load_meeting(ctx, id);
  ctx.sql_ << "DELETE FROM meeting WHERE id = :id", soci::use(id);
  audit(ctx, "delete", "meeting", id, {{"title", m["title"]}});
  return reply(204, nullptr);
}

api_response save_minutes(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto minutes = text(body_object(ctx), "minutes", false, 200000);
  ctx.sql_ << "UPDATE meeting SET minutes = :m WHERE id = :id", soci::use(minutes), soci::use(meeting);
  audit(ctx, "update", "meeting", meeting, {{"minutes_length", minutes.size()}});
  return reply(200, load_meeting(ctx, meeting));
}

// The meeting file (agenda with problem statements and stakes, decisions, follow-up) as Markdown,
// the source of the ODT / DOCX exports.
std::string_view status_label(std::string const& status) {
  return status == "fait" ? "Fait" : status == "en_cours" ? "En cours" : "À faire";
}

// User text enters as text only (markdown_text): it can form no image, link or raw HTML/LaTeX, so
// the exports embed nothing of the server's files or network.
std::string meeting_markdown(json const& m) {
  auto const t = [](json const& v) { return markdown_text(v.get<std::string>()); };
  std::ostringstream md;
  md << "# " << t(m["title"]) << "\n\n";
  md << "**Date :** " << t(m["held_on"]);
  if (!m["place"].get<std::string>().empty()) {
    md << " — **Lieu :** " << t(m["place"]);
  }
  md << "\n\n## Ordre du jour\n\n";
  for (auto const& i : m["agenda_items"]) {
    md << i["position"].get<long long>() << ". **" << t(i["title"]) << "** (priorité " << i["priority"].get<long long>()
       << ")\n";
    if (!i["problem_statement"].get<std::string>().empty()) {
      md << "   - Problématique : " << t(i["problem_statement"]) << "\n";
    }
    if (!i["stakes"].get<std::string>().empty()) {
      md << "   - Synthèse des enjeux : " << t(i["stakes"]) << "\n";
    }
    if (!i["action_title"].is_null()) {
      md << "   - Action du plan : " << t(i["action_title"]) << "\n";
    }
    if (!i["document_title"].is_null()) {
      md << "   - Document de coopération : " << t(i["document_title"]) << "\n";
    }
  }
  if (!m["minutes"].get<std::string>().empty()) {
    // Plain text: a blank line separates paragraphs, as on the meeting page.
    md << "\n## Compte rendu\n\n" << markdown_text(m["minutes"].get<std::string>(), false) << "\n";
  }
  md << "\n## Relevé de décisions\n\n";
  for (auto const& d : m["decisions"]) {
    md << "- " << t(d["text"]) << "\n";
  }
  md << "\n## Suivi\n\n| Action | Responsable | Échéance | État |\n|---|---|---|---|\n";
  for (auto const& f : m["follow_ups"]) {
    md << "| " << t(f["text"]) << " | " << t(f["owner"]) << " | " << t(f["due_on"]) << " | "
       << status_label(f["status"].get<std::string>()) << " |\n";
  }
  return md.str();
}

// md: the Markdown at once. docx, odt, pdf: converted after the transaction and outside the gate of
// ordinary requests, at most export_limits::concurrent_ at once (the others: 503 with Retry-After).
api_response export_meeting(request_context& ctx) {
  auto const m = load_meeting(ctx, ctx.param_id("id"));
  return document_export(ctx, meeting_markdown(m), "reunion-" + std::to_string(m["id"].get<long long>()));
}

}  // namespace

void add_meetings_api(route_table& s) {
  s.route("GET", "/api/meetings", list_meetings);
  s.route("POST", "/api/meetings", create_meeting);
  s.route("GET", "/api/meetings/:id",
          [](request_context& ctx) { return reply(200, load_meeting(ctx, ctx.param_id("id"))); });
  s.route("PUT", "/api/meetings/:id", update_meeting);
  s.route("DELETE", "/api/meetings/:id", delete_meeting);
  s.route("PUT", "/api/meetings/:id/minutes", save_minutes);
  s.route("GET", "/api/meetings/:id/export", export_meeting);
}

}  // namespace solimob::server::routes
