// Meetings: agenda items (problem statement, priority, stakes), decisions, follow-up, exports.
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "server/export_runner.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

namespace {

api_response list_meetings(request_context& ctx) {
  json out = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare
                               << "SELECT m.id, m.type, m.title, m.held_on, m.place FROM meeting m WHERE " +
                                      meeting_visible(ctx) + " ORDER BY m.held_on, m.id";
  for (auto const& r : rs) {
    out.push_back(row_json(r, {"id", "type", "title", "held_on", "place"}));
  }
  return reply(200, out);
}

struct meeting_input {
  std::string type_, title_, place_;
  std::pair<std::string, soci::indicator> held_on_;
  std::vector<long long> participants_;
};

meeting_input read_meeting(request_context& ctx) {
  auto const& b = body_object(ctx);
  meeting_input in;
  in.type_ = one_of(b, "type", {"cotech", "copil", "rencontre_annuelle", "executif_partenaire"});
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
                  meeting_visible(ctx),
       soci::use(id));
  json m;
  for (auto const& r : rs) {
    m = {{"id", as_int(r, 0)},       {"type", as_text(r, 1)},  {"title", as_text(r, 2)},
         {"held_on", as_text(r, 3)}, {"place", as_text(r, 4)}, {"minutes", as_text(r, 5)}};
  }
  if (m.is_null()) {
    throw api_error{api_code::kNotFound, "no meeting " + std::to_string(id)};
  }
  m["participant_ids"] = visible_organisations(ctx, links(ctx.sql_, "meeting_participant", "meeting_id", id));
  json items = json::array(), decisions = json::array(), follow = json::array();
  // An item's action or document that the user may not see is left out (null id and title), here and
  // so in the exports.
  soci::rowset<soci::row> ai =
      (ctx.sql_.prepare
           << "SELECT i.id, i.position, i.title, i.problem_statement, i.priority, i.stakes, a.id, "
              "a.title, d.id, d.title, v.id, v.name FROM agenda_item i LEFT JOIN action a ON a.id = i.action_id "
              "AND " +
                  action_visible(ctx) + " LEFT JOIN cooperation_document d ON d.id = i.document_id AND " +
                  document_visible(ctx) + " LEFT JOIN analysis_view v ON v.id = i.view_id AND " + view_visible(ctx) +
                  " WHERE i.meeting_id = :id ORDER BY i.position, i.id",
       soci::use(id));
  for (auto const& r : ai) {
    items.push_back(row_json(r, {"id", "position", "title", "problem_statement", "priority", "stakes", "action_id",
                                 "action_title", "document_id", "document_title", "view_id", "view_name"}));
  }
  soci::rowset<soci::row> de =
      (ctx.sql_.prepare << "SELECT id, text FROM decision WHERE meeting_id = :id ORDER BY id", soci::use(id));
  for (auto const& r : de) {
    decisions.push_back(row_json(r, {"id", "text"}));
  }
  soci::rowset<soci::row> fu =
      (ctx.sql_.prepare
           << "SELECT id, text, owner, due_on, status FROM follow_up WHERE meeting_id = :id ORDER BY due_on, id",
       soci::use(id));
  for (auto const& r : fu) {
    follow.push_back({{"id", as_int(r, 0)},
                      {"text", as_text(r, 1)},
                      {"owner", as_text(r, 2)},
                      {"due_on", as_text(r, 3)},
                      {"status", as_text(r, 4)}});
  }
  m["agenda_items"] = items;
  m["decisions"] = decisions;
  m["follow_ups"] = follow;
  return m;
}

// The meeting that an agenda item, decision or follow-up belongs to (404 when there is none, or
// when the meeting is not visible to the user).
long long owning_meeting(request_context& ctx, std::string const& table, std::string const& entity, long long id) {
  auto const meeting = parent_of(ctx.sql_, table, "meeting_id", entity, id);
  load_meeting(ctx, meeting);
  return meeting;
}

struct agenda_item_input {
  std::string title_, problem_, stakes_;
  long long priority_ = 2;
  std::pair<long long, soci::indicator> action_, document_, view_;
};

agenda_item_input read_agenda_item(request_context& ctx) {
  auto const& b = body_object(ctx);
  agenda_item_input in;
  in.title_ = text(b, "title", true, 300);
  in.problem_ = text(b, "problem_statement", false, 20000);
  in.stakes_ = text(b, "stakes", false, 20000);
  in.priority_ = b.contains("priority") ? integer(b, "priority", 1, 3) : 2;
  in.action_ = optional_reference(ctx.sql_, b, "action_id", "action");
  in.document_ = optional_reference(ctx.sql_, b, "document_id", "cooperation_document");
  in.view_ = optional_reference(ctx.sql_, b, "view_id", "analysis_view");
  return in;
}

json agenda_item_json(long long id, long long position, agenda_item_input const& in) {
  auto const ref = [](std::pair<long long, soci::indicator> const& r) {
    return r.second == soci::i_ok ? json(r.first) : json(nullptr);
  };
  return {{"id", id},
          {"position", position},
          {"title", in.title_},
          {"problem_statement", in.problem_},
          {"priority", in.priority_},
          {"stakes", in.stakes_},
          {"action_id", ref(in.action_)},
          {"document_id", ref(in.document_)},
          {"view_id", ref(in.view_)}};
}

api_response add_agenda_item(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto in = read_agenda_item(ctx);
  long long position = 0;
  soci::indicator ind = soci::i_null;
  ctx.sql_ << "SELECT MAX(position) FROM agenda_item WHERE meeting_id = :m", soci::use(meeting),
      soci::into(position, ind);
  position = ind == soci::i_null ? 1 : position + 1;
  long long id = 0;
  ctx.sql_ << "INSERT INTO agenda_item (meeting_id, position, title, problem_statement, priority, stakes, action_id, "
              "document_id, view_id) VALUES (:m, :p, :t, :ps, :pr, :s, :a, :d, :v) RETURNING id",
      soci::use(meeting), soci::use(position), soci::use(in.title_), soci::use(in.problem_), soci::use(in.priority_),
      soci::use(in.stakes_), soci::use(in.action_.first, in.action_.second),
      soci::use(in.document_.first, in.document_.second), soci::use(in.view_.first, in.view_.second), soci::into(id);
  audit(ctx, "create", "agenda_item", id, {{"meeting_id", meeting}});
  return reply(201, agenda_item_json(id, position, in));
}

// Replaces an item's text, priority and links; "position" (optional) moves it in the agenda.
api_response update_agenda_item(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto const meeting = owning_meeting(ctx, "agenda_item", "agenda item", id);
  auto in = read_agenda_item(ctx);
  long long position = 0;
  ctx.sql_ << "SELECT position FROM agenda_item WHERE id = :id", soci::use(id), soci::into(position);
  if (body_object(ctx).contains("position")) {
    position = integer(body_object(ctx), "position", 1, 1000);
  }
  ctx.sql_ << "UPDATE agenda_item SET position = :p, title = :t, problem_statement = :ps, priority = :pr, "
              "stakes = :s, action_id = :a, document_id = :d, view_id = :v WHERE id = :id",
      soci::use(position), soci::use(in.title_), soci::use(in.problem_), soci::use(in.priority_), soci::use(in.stakes_),
      soci::use(in.action_.first, in.action_.second), soci::use(in.document_.first, in.document_.second),
      soci::use(in.view_.first, in.view_.second), soci::use(id);
  audit(ctx, "update", "agenda_item", id, {{"meeting_id", meeting}});
  return reply(200, agenda_item_json(id, position, in));
}

// Deletes a row that belongs to a meeting (agenda item, decision, follow-up).
api_response delete_meeting_part(request_context& ctx, std::string const& table, std::string const& entity) {
  auto const id = ctx.param_id("id");
  auto const meeting = owning_meeting(ctx, table, entity, id);
  ctx.sql_ << "DELETE FROM " + table + " WHERE id = :id", soci::use(id);
  audit(ctx, "delete", table, id, {{"meeting_id", meeting}});
  return reply(204, nullptr);
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

api_response add_decision(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto t = text(body_object(ctx), "text", true, 20000);
  long long id = 0;
  ctx.sql_ << "INSERT INTO decision (meeting_id, text) VALUES (:m, :t) RETURNING id", soci::use(meeting), soci::use(t),
      soci::into(id);
  audit(ctx, "create", "decision", id, {{"meeting_id", meeting}});
  return reply(201, {{"id", id}, {"text", t}});
}

api_response add_follow_up(request_context& ctx) {
  auto const meeting = ctx.param_id("id");
  load_meeting(ctx, meeting);
  auto const& b = body_object(ctx);
  auto t = text(b, "text", true, 2000);
  auto owner = text(b, "owner", true, 200);
  auto due = date(b, "due_on", true);
  auto status = one_of(b, "status", {"a_faire", "en_cours", "fait"});
  long long id = 0;
  ctx.sql_
      << "INSERT INTO follow_up (meeting_id, text, owner, due_on, status) VALUES (:m, :t, :o, :d, :s) RETURNING id",
      soci::use(meeting), soci::use(t), soci::use(owner), soci::use(due.first), soci::use(status), soci::into(id);
  audit(ctx, "create", "follow_up", id, {{"meeting_id", meeting}});
  return reply(201, {{"id", id}, {"text", t}, {"owner", owner}, {"due_on", due.first}, {"status", status}});
}

api_response update_follow_up(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto const meeting = owning_meeting(ctx, "follow_up", "follow-up action", id);
  auto const& b = body_object(ctx);
  auto t = text(b, "text", true, 2000);
  auto owner = text(b, "owner", true, 200);
  auto due = date(b, "due_on", true);
  auto status = one_of(b, "status", {"a_faire", "en_cours", "fait"});
  ctx.sql_ << "UPDATE follow_up SET text = :t, owner = :o, due_on = :d, status = :s WHERE id = :id", soci::use(t),
      soci::use(owner), soci::use(due.first), soci::use(status), soci::use(id);
  audit(ctx, "update", "follow_up", id, {{"meeting_id", meeting}, {"status", status}});
  return reply(200, {{"id", id}, {"text", t}, {"owner", owner}, {"due_on", due.first}, {"status", status}});
}

api_response update_decision(request_context& ctx) {
  auto const id = ctx.param_id("id");
  auto const meeting = owning_meeting(ctx, "decision", "decision", id);
  auto t = text(body_object(ctx), "text", true, 20000);
  ctx.sql_ << "UPDATE decision SET text = :t WHERE id = :id", soci::use(t), soci::use(id);
  audit(ctx, "update", "decision", id, {{"meeting_id", meeting}});
  return reply(200, {{"id", id}, {"text", t}});
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
  auto const format = ctx.query("format").value_or("md");
  api_response r;
  if (format == "md") {
    r.content_type_ = "text/markdown; charset=utf-8";
    r.raw_ = meeting_markdown(m);
    return r;
  }
  if (format != "docx" && format != "odt" && format != "pdf") {
    invalid("format", "md, docx, odt or pdf");
  }
  auto slot = try_export_slot();
  if (slot == nullptr) {
    auto const& busy = info(api_code::kUnavailable);
    r = reply(busy.http_status_, {{"code", busy.name_},
                                  {"message", "D'autres exports sont en cours : réessayez dans quelques secondes."}});
    r.headers_.emplace_back("Retry-After", "5");
    return r;
  }
  r.content_type_ = format == "docx"  ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : format == "odt" ? "application/vnd.oasis.opendocument.text"
                                      : "application/pdf";
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"reunion-" +
                                                     std::to_string(m["id"].get<long long>()) + "." + format + "\"");
  r.after_transaction_ = [markdown = meeting_markdown(m), format, slot = std::move(slot)](api_response& out) {
    out.raw_ = convert_markdown(markdown, format);
  };
  return r;
}

}  // namespace

void add_meetings_api(route_table& s) {
  s.route("GET", "/api/meetings", list_meetings);
  s.route("POST", "/api/meetings", create_meeting);
  s.route("GET", "/api/meetings/:id",
          [](request_context& ctx) { return reply(200, load_meeting(ctx, ctx.param_id("id"))); });
  s.route("PUT", "/api/meetings/:id", update_meeting);
  s.route("DELETE", "/api/meetings/:id", delete_meeting);
  s.route("POST", "/api/meetings/:id/agenda-items", add_agenda_item);
  s.route("PUT", "/api/agenda-items/:id", update_agenda_item);
  s.route("DELETE", "/api/agenda-items/:id",
          [](request_context& ctx) { return delete_meeting_part(ctx, "agenda_item", "agenda item"); });
  s.route("PUT", "/api/meetings/:id/minutes", save_minutes);
  s.route("POST", "/api/meetings/:id/decisions", add_decision);
  s.route("PUT", "/api/decisions/:id", update_decision);
  s.route("DELETE", "/api/decisions/:id",
          [](request_context& ctx) { return delete_meeting_part(ctx, "decision", "decision"); });
  s.route("POST", "/api/meetings/:id/follow-ups", add_follow_up);
  s.route("PUT", "/api/follow-ups/:id", update_follow_up);
  s.route("DELETE", "/api/follow-ups/:id",
          [](request_context& ctx) { return delete_meeting_part(ctx, "follow_up", "follow-up action"); });
  s.route("GET", "/api/meetings/:id/export", export_meeting);
}

}  // namespace solimob::server::routes
