#include "server/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <soci/soci.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "server/api.h"
#include "server/auth.h"
#include "server/http_server.h"
#include "server/reference_layers.h"
#include "store/audit.h"
#include "store/backup.h"
#include "store/database.h"
#include "store/migrations.h"

namespace solimob::server {

void run_serve(serve_config const& c, std::function<void(http_server&)> const& add_routes) {
  // Blocked before any thread exists, so that every thread inherits the mask and the signals are
  // taken only by sigtimedwait below instead of interrupting a request.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  sigset_t old_mask;
  pthread_sigmask(SIG_BLOCK, &stop_signals, &old_mask);
  struct restore_mask {
    ~restore_mask() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
    sigset_t old_;
  } restore{old_mask};

  auto layers = read_reference_layers(c.reference_layers_);  // a bad file stops before the database is touched
  auto const concurrent =
      c.concurrent_requests_ != 0 ? c.concurrent_requests_ : 2 * std::max(1U, std::thread::hardware_concurrency());
  store::database db{c.db_url_, concurrent};
  auto const applied = store::migrate(db);
  std::fprintf(stderr, "database: schema version %d (%d migration(s) applied)\n", store::schema_version(db), applied);

  server_options o;
  o.host_ = c.host_;
  o.port_ = c.port_;
  o.static_dir_ = c.static_dir_;
  o.secure_cookies_ = c.secure_cookies_;
  o.threads_ = c.threads_;
  o.trusted_proxies_ = c.trusted_proxies_;
  o.basemap_url_ = c.basemap_url_;
  o.basemap_attribution_ = c.basemap_attribution_;
  o.connections_.max_threads_ = c.max_connections_;
  o.connections_.max_slow_per_address_ = c.slow_per_address_;
  o.concurrent_requests_ = concurrent;
  http_server srv{db, o};
  if (add_routes) {
    add_routes(srv);
  }
  for (auto const& l : layers) {
    std::fprintf(stderr, "reference layer '%s': %zu polygons\n", log_escape(l.name_).c_str(), l.feature_count_);
  }
  add_reference_layer_routes(srv, std::move(layers));
  auto const port = srv.bind();
  std::fprintf(stderr, "serving on http://%s:%d/ (Ctrl-C to stop)\n", c.host_.c_str(), port);

  std::atomic<bool> done{false};
  std::exception_ptr failure;
  std::thread t{[&] {
    try {
      srv.run();
    } catch (...) {
      failure = std::current_exception();
    }
    done = true;
  }};
  timespec const poll{0, 200'000'000};
  while (!done) {
    if (sigtimedwait(&stop_signals, nullptr, &poll) > 0) {
      std::fprintf(stderr, "stopping\n");
      break;
    }
  }
  srv.stop();
  t.join();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

void run_user_add(std::string const& db_url, std::string const& login, std::string const& role,
                  std::optional<long long> organisation_id, std::istream& password_in) {
  std::string password;
  if (!std::getline(password_in, password)) {
    throw input_error{"no password on standard input (give it as the first line)"};
  }
  if (!password.empty() && password.back() == '\r') {
    password.pop_back();
  }
  store::database db{db_url, 1};
  store::migrate(db);
  std::optional<solimob::organisation_id> org;
  if (organisation_id.has_value()) {
    org = solimob::organisation_id{*organisation_id};
  }
  auto const id = add_user(db, login, password, std::string_view{role}, org);
  db.with_transaction([&](soci::session& s) {
    store::write_audit(s, std::nullopt, "user.add", "app_user", id.v(), R"({"via": "command line"})");
  });
  std::fprintf(stderr, "user '%s' added (id %lld, role %s)\n", login.c_str(), static_cast<long long>(id.v()),
               role.c_str());
}

namespace {

// The backup as a spreadsheet for people: one sheet per table, without the security tables
// (sessions, login attempts) and without password hashes. Not re-importable: JSON is the backup.
void export_xlsx(store::database& db, std::string const& file) {
  std::stringstream json_text;
  store::export_json(db, json_text);
  auto const doc = nlohmann::json::parse(json_text.str());
  std::vector<io::table> tables;
  for (auto const& t : doc["tables"]) {
    auto const name = t["name"].get<std::string>();
    if (name == "session" || name == "login_attempt") {
      continue;
    }
    io::table out{name, {}, {}, {}};
    std::vector<std::size_t> kept;
    for (auto c = 0U; c != t["columns"].size(); ++c) {
      auto const col = t["columns"][c].get<std::string>();
      if (col == "password_hash") {
        continue;
      }
      // A column is numeric when every non-null cell is a number.
      auto numeric = true;
      for (auto const& row : t["rows"]) {
        numeric = numeric && (row[c].is_null() || row[c].is_number());
      }
      out.columns_.push_back({col, numeric ? io::column::type::kReal : io::column::type::kText});
      kept.push_back(c);
    }
    for (auto const& row : t["rows"]) {
      std::vector<io::cell> cells;
      for (auto const c : kept) {
        auto const& v = row[c];
        cells.push_back(v.is_null()     ? io::cell{}
                        : v.is_number() ? io::cell{v.get<double>()}
                                        : io::cell{v.get<std::string>()});
      }
      out.rows_.push_back(std::move(cells));
    }
    tables.push_back(std::move(out));
  }
  io::write_tables(file, tables);
}

}  // namespace

void run_db(std::string const& action, std::string const& db_url, std::string const& file) {
  if (action != "migrate" && action != "export" && action != "import") {
    throw input_error{"unknown db action '" + action + "' (migrate, export or import)"};
  }
  if (action != "migrate" && file.empty()) {
    throw input_error{"db " + action + ": a file is required ('-' for standard " +
                      (action == "export" ? "output)" : "input)")};
  }
  store::database db{db_url, 1};
  if (action == "migrate") {
    auto const n = store::migrate(db);
    std::fprintf(stderr, "database: schema version %d (%d migration(s) applied)\n", store::schema_version(db), n);
  } else if (action == "export") {
    if (file == "-") {
      store::export_json(db, std::cout);
      std::cout.flush();
    } else if (file.ends_with(".xlsx") || file.ends_with(".ods")) {
      export_xlsx(db, file);
    } else {
      io::write_atomically(file, [&](std::ostream& out) { store::export_json(db, out); });
    }
  } else {
    store::migrate(db);
    if (file == "-") {
      store::import_json(db, std::cin);
    } else {
      std::ifstream in{file, std::ios::binary};
      if (!in) {
        throw io_error{file + ": cannot open file for reading"};
      }
      store::import_json(db, in);
    }
    std::fprintf(stderr, "imported %s\n", file.c_str());
  }
}

}  // namespace solimob::server
