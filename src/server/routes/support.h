#pragma once

// What the API route files share: reading rows whatever the backend, validating bodies (every error
// names its field), partners' visibility, links to organisations, the aggregate cache. Included by
// src/server/routes/*.cc only (it brings nlohmann::json and SOCI).

#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "server/api.h"
#include "server/routes/analysis_link.h"

namespace solimob::server::routes {

using nlohmann::json;

// An api_response built by assignment: brace-initialising its json member from a json value would
// wrap the value in an array (nlohmann::json's initializer-list constructor wins).
api_response reply(int status, json body);

// ---- rows, whatever the backend's column types (SQLite and PostgreSQL differ) ----
bool is_null(soci::row const&, std::size_t);
long long as_int(soci::row const&, std::size_t);
double as_real(soci::row const&, std::size_t);
json as_text(soci::row const&, std::size_t);
json real_or_null(soci::row const&, std::size_t);
// A row as a JSON object, one key per column in order (null, text, whole or real number by the
// column's type): list endpoints whose columns map one to one.
json row_json(soci::row const&, std::initializer_list<char const*> keys);

// ---- request bodies: each throws api_error invalid_input naming the field ----
[[noreturn]] void invalid(std::string const& field, std::string const& message);
json const& body_object(request_context const&);
std::string text(json const& b, std::string const& field, bool required = true, std::size_t max_len = 2000);
std::string one_of(json const& b, std::string const& field, std::initializer_list<char const*> values);
// "YYYY-MM-DD", or null/absent (indicator i_null).
std::pair<std::string, soci::indicator> date(json const& b, std::string const& field, bool required = false);
double amount(json const& b, std::string const& field);  // euros, >= 0
long long integer(json const& b, std::string const& field, long long min, long long max);
std::pair<double, soci::indicator> optional_real(json const& b, std::string const& field);
std::vector<long long> id_list(json const& b, std::string const& field);
long long query_int(request_context const&, std::string const& name, long long fallback, long long min, long long max);

// An optional id of a row of `table` (null or absent: i_null); invalid_input naming the field when
// no such row exists.
std::pair<long long, soci::indicator> optional_reference(soci::session&, json const& b, std::string const& field,
                                                         std::string const& table);

// 404 not_found ("no <entity> <id>") unless `table` has a row with this id.
void require_row(soci::session&, std::string const& table, std::string const& entity, long long id);
// The `column` (a parent's id) of row `id` of `table`; 404 not_found ("no <entity> <id>") without one.
long long parent_of(soci::session&, std::string const& table, std::string const& column, std::string const& entity,
                    long long id);
// DELETE /api/.../:id of a row of `table`, audited. Rows that still refer to it and do not go with
// it make the request fail as a conflict (409) with nothing changed.
api_response delete_row(request_context&, std::string const& table, std::string const& entity);
// An optional save target: the :id of PUT /api/x/:id (checked to exist), nullopt for POST /api/x.
using save_target = std::optional<long long>;

// ---- visibility: partners see what their organisation takes part in ----
bool is_partner(request_context const&);
long long partner_org(request_context const&);
std::string visibility_key(request_context const&);  // "all" or "org:<id>", for caches
// SQL conditions on an action aliased `a`, a document `d`, a meeting `m` ("1=1" for non-partners).
std::string action_visible(request_context const&);
std::string document_visible(request_context const&);
std::string meeting_visible(request_context const&);
// ...and on a saved analysis view aliased `v` (views_api.cc): partners see those shared with them.
std::string view_visible(request_context const&);
// The organisations of a link list (partner_ids, party_ids, participant_ids) the user may see: a
// partner sees only its own among them, never which other organisations take part.
json visible_organisations(request_context const&, json ids);

// ---- links to organisations (action_partner, document_party, meeting_participant) ----
void check_organisations_exist(soci::session&, std::vector<long long> const& ids, std::string const& field);
void replace_links(soci::session&, std::string const& table, std::string const& key, long long id,
                   std::vector<long long> const& orgs);
std::vector<long long> links(soci::session&, std::string const& table, std::string const& key, long long id);
// The links of many rows in one query (a list page): id -> sorted organisation ids (arrays, [] if none).
std::map<long long, json> links_of(soci::session&, std::string const& table, std::string const& key,
                                   std::vector<long long> const& ids);

day_t today();  // UTC

// Standard base64 (file uploads travel in JSON); invalid_input naming `field` when malformed.
std::string decode_base64(std::string const& in, std::string const& field);

// Signed or in-force documents ending within `days` days (partners_api.cc; the dashboard shows them).
json expiring_documents(request_context&, long long days);

// Aggregates (dashboard, budget annex, documents) cost a scan of every budget line; they are cached
// as JSON text per key (kind, visibility, and for the dashboard the day and horizon) and dropped
// after any change made through the API has ended (http_server::after_change), never on a timer: a
// periodic expiry made one request rescan the budget lines under load. Changes made to the database
// by other means (SQL by hand, another process) show after the next change through the API or a
// restart. At most kMaxEntries keys are kept, the least recently used go.
class aggregate_cache {
 public:
  using text = std::shared_ptr<std::string const>;
  static constexpr std::size_t kMaxEntries = 64;

  void invalidate() { ++version_; }

  // The cached text of `key`, or compute() serialised. Under the lock only a pointer is copied:
  // many concurrent readers of one large answer must not queue behind each other's copies.
  template <typename Compute>
  text get(std::string const& key, Compute&& compute) {
    // Read before the caller's transaction reads anything (see after_change): a change committed
    // after this point makes the entry computed below out of date.
    auto const version = version_.load();
    std::shared_ptr<std::mutex> computing;
    {
      std::lock_guard const lock{mutex_};
      auto& e = entry_of(key);
      if (e.body_ != nullptr && e.version_ == version) {
        return e.body_;
      }
      computing = e.computing_;
    }
    // One computation per key at a time: after a change, the requests wait for it instead of all
    // scanning the budget lines at once.
    std::lock_guard const one_at_a_time{*computing};
    {
      std::lock_guard const lock{mutex_};
      auto const& e = entry_of(key);
      if (e.body_ != nullptr && e.version_ >= version) {
        return e.body_;  // computed by another request while this one waited
      }
    }
    auto body =
        std::make_shared<std::string const>(json(compute()).dump(-1, ' ', false, json::error_handler_t::replace));
    std::lock_guard const lock{mutex_};
    auto& e = entry_of(key);
    if (e.body_ == nullptr || e.version_ <= version) {
      e.body_ = body;
      e.version_ = version;
    }
    return body;
  }

  std::size_t size() {
    std::lock_guard const lock{mutex_};
    return entries_.size();
  }

 private:
  struct entry {
    std::uint64_t version_{0};
    std::uint64_t used_{0};  // tick of the last use, for the LRU eviction
    text body_;              // null until computed
    std::shared_ptr<std::mutex> computing_{std::make_shared<std::mutex>()};
  };
  // Under mutex_. A new key past kMaxEntries drops the least recently used one (a thread still
  // computing it keeps its mutex through the shared_ptr and stores into a new entry).
  entry& entry_of(std::string const& key) {
    auto it = entries_.find(key);
    if (it == end(entries_)) {
      if (entries_.size() >= kMaxEntries) {
        auto oldest = begin(entries_);
        for (auto j = begin(entries_); j != end(entries_); ++j) {
          if (j->second.used_ < oldest->second.used_) {
            oldest = j;
          }
        }
        entries_.erase(oldest);
      }
      it = entries_.emplace(key, entry{}).first;
    }
    it->second.used_ = ++tick_;
    return it->second;
  }

  std::atomic<std::uint64_t> version_{0};
  std::mutex mutex_;
  std::uint64_t tick_ = 0;
  std::map<std::string, entry> entries_;
};

// A 200 answer whose body is JSON text already serialised (from the aggregate cache).
api_response reply_json_text(aggregate_cache::text const&);

aggregate_cache& cache();

// Registers routes; a change (any method but GET) drops the cached aggregates once it has ended.
class route_table {
 public:
  explicit route_table(http_server& s);
  void route(std::string const& method, std::string const& pattern, handler);

 private:
  http_server& s_;
};

void add_plan_api(route_table&);
void add_partners_api(route_table&);
void add_meetings_api(route_table&);
void add_territory_api(route_table&);
void add_dashboard_api(route_table&);
void add_views_api(route_table&);

// ---- the territory's analyses, as the plan's routes use them (views_api.cc) ----
// The access result JSON text for `params` (routes::analysis()); 409 conflict "no territory loaded".
std::shared_ptr<std::string const> access_result(json const& params);
// GET /api/analysis/territory's answer, or null when no territory is loaded.
json loaded_territory();

}  // namespace solimob::server::routes
