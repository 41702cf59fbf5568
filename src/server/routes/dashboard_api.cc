// The home dashboard: upcoming meetings, overdue follow-up, expiring documents, budget execution.
#include <soci/soci.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "server/routes/support.h"

namespace solimob::server::routes {

namespace {

json budget_execution(request_context& ctx) {
  json execution = json::array();
  soci::rowset<soci::row> rs = ctx.sql_.prepare << "SELECT b.year, SUM(b.planned), SUM(b.voted), SUM(b.spent) FROM "
                                                   "budget_line b JOIN action a ON a.id = b.action_id WHERE " +
                                                       visible(ctx, records::kAction, "a") +
                                                       " GROUP BY b.year ORDER BY b.year";
  for (auto const& r : rs) {
    execution.push_back(
        {{"year", as_int(r, 0)}, {"planned", as_real(r, 1)}, {"voted", as_real(r, 2)}, {"spent", as_real(r, 3)}});
  }
  return execution;
}

json dashboard_body(request_context& ctx, std::string const& now, long long days) {
  json overdue = json::array(), upcoming = json::array();
  soci::rowset<soci::row> fu =
      (ctx.sql_.prepare << "SELECT f.id, m.id, m.title, f.text, f.owner, f.due_on FROM follow_up f JOIN meeting m ON "
                           "m.id = f.meeting_id WHERE f.status <> 'fait' AND f.due_on < :now AND " +
                               visible(ctx, records::kMeeting, "m") + " ORDER BY f.due_on, f.id",
       soci::use(now));
  for (auto const& r : fu) {
    overdue.push_back(row_json(r, {"id", "meeting_id", "meeting_title", "text", "owner", "due_on"}));
  }
  soci::rowset<soci::row> me =
      (ctx.sql_.prepare << "SELECT m.id, m.title, m.type, m.held_on FROM meeting m WHERE m.held_on >= :now AND " +
                               visible(ctx, records::kMeeting, "m") + " ORDER BY m.held_on, m.id LIMIT 10",
       soci::use(now));
  for (auto const& r : me) {
    upcoming.push_back(row_json(r, {"id", "title", "type", "held_on"}));
  }
  return {{"expiring_documents", expiring_documents(ctx, days)},
          {"budget_execution", budget_execution(ctx)},
          {"overdue_follow_ups", overdue},
          {"upcoming_meetings", upcoming}};
}

// The home page of every user: cached whole, per visibility, day and horizon (see aggregate_cache:
// at most kMaxEntries of them, the horizon being any of 1-3650 days).
api_response dashboard(request_context& ctx) {
  auto const now = format_date(today());
  auto const days = query_int(ctx, "days", 90, 1, 3650);
  return reply_json_text(cache().get("dashboard/" + visibility_key(ctx) + "/" + now + "/" + std::to_string(days),
                                     [&] { return dashboard_body(ctx, now, days); }));
}

}  // namespace

void add_dashboard_api(route_table& s) {
  s.route("GET", "/api/dashboard", dashboard);
}

}  // namespace solimob::server::routes
