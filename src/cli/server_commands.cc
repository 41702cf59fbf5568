// The web application's subcommands: serve, user add, db migrate|export|import.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "server/analysis_service.h"
#include "server/communes.h"
#include "server/plan_routes.h"
#include "server/routes/analysis_api.h"
#include "server/serve_command.h"

namespace solimob::cli {

void add_server_commands(CLI::App& app, server_options_cli& o) {
  auto* serve = app.add_subcommand("serve", "the web application: HTTP JSON API and front end");
  serve->add_option("--db", o.db_url, "sqlite:FILE or postgresql://user@host:port/db")->required();
  serve->add_option("--host", o.host, "address to listen on")->default_val("127.0.0.1");
  serve->add_option("--port", o.port, "port")->default_val(8080)->check(CLI::Range(0, 65535));
  serve->add_option("--static", o.static_dir, "front end folder (built web/dist)")->default_val(SOLIMOB_WEB_DIR);
  serve->add_flag("--secure-cookies", o.secure_cookies,
                  "always mark the session cookie Secure (it is when a --trusted-proxy says X-Forwarded-Proto: https)");
  serve->add_option("--trusted-proxy", o.trusted_proxies,
                    "address of a reverse proxy whose X-Forwarded-Proto and X-Forwarded-For are believed; repeatable");
  serve->add_option("--basemap", o.basemap,
                    "raster tile URL template of the map's basemap, https://.../{z}/{x}/{y}.png");
  serve->add_option("--basemap-attribution", o.basemap_attribution, "credit shown on the map for the basemap");
  serve->add_option("--max-connections", o.max_connections, "connections served at once (a thread each)")
      ->default_val(512)
      ->check(CLI::Range(8, 100000));
  serve
      ->add_option("--slow-connections-per-address", o.slow_per_address,
                   "connections of one address that may wait more than 1 s for their request")
      ->default_val(16)
      ->check(CLI::Range(1, 100000));
  serve
      ->add_option("--reference-layer", o.reference_layers,
                   "GIS file of polygons (communes, priority districts...) drawn under the sectors; repeatable")
      ->check(CLI::ExistingFile);
  serve
      ->add_option("--communes", o.communes,
                   "GIS file of the departement's communes (polygons, INSEE code, name): survey answers resolve "
                   "their commune to it and the barrier maps draw it")
      ->check(CLI::ExistingFile);
  serve->add_option("--communes-code-field", o.communes_code_field, "field of the communes' INSEE code")
      ->default_val("code");
  serve->add_option("--communes-name-field", o.communes_name_field, "field of the communes' name")->default_val("nom");
  serve
      ->add_option("--territory", o.territory,
                   "diagnostic configuration (territory.toml) of the territory the analyses run on")
      ->check(CLI::ExistingFile);
  serve->add_option("--analysis-workers", o.analysis_workers, "analysis jobs run at once")
      ->default_val(1)
      ->check(CLI::Range(1, 64));
  serve->add_option("--analysis-threads", o.analysis_threads, "threads of one analysis job or isochrone")
      ->default_val(1)
      ->check(CLI::Range(1, 256));
  serve->add_option("--analysis-cache-mb", o.analysis_cache_mb, "MiB of analysis results kept in memory")
      ->default_val(256)
      ->check(CLI::Range(1, 65536));
  serve->callback([&]() {
    server::serve_config c;
    c.db_url_ = o.db_url;
    c.host_ = o.host;
    c.port_ = o.port;
    c.static_dir_ = o.static_dir;
    c.secure_cookies_ = o.secure_cookies;
    c.reference_layers_ = o.reference_layers;
    c.trusted_proxies_ = o.trusted_proxies;
    c.basemap_url_ = o.basemap;
    c.basemap_attribution_ = o.basemap_attribution;
    c.max_connections_ = o.max_connections;
    c.slow_per_address_ = o.slow_per_address;
    server::analysis_limits limits;
    limits.workers_ = o.analysis_workers;
    limits.threads_ = o.analysis_threads;
    limits.cache_bytes_ = o.analysis_cache_mb << 20U;
    // Made inside run_serve, once the stop signals are blocked: the job workers inherit the mask.
    std::unique_ptr<server::analysis_service> analyses;
    // Read first: a bad file stops the server before the database is touched.
    auto communes =
        o.communes.empty() ? nullptr : server::read_communes(o.communes, o.communes_code_field, o.communes_name_field);
    if (communes != nullptr) {
      std::fprintf(stderr, "communes: %zu\n", communes->communes().size());
    }
    server::run_serve(c, [&](server::http_server& s) {
      server::add_plan_routes(s, communes);
      if (!o.territory.empty()) {
        analyses = std::make_unique<server::analysis_service>(o.territory, limits, std::cerr);
        std::fprintf(stderr, "territory: %s\n", analyses->describe()["name"].get<std::string>().c_str());
      }
      server::routes::add_analysis_api(s, analyses.get());
    });
  });

  auto* user = app.add_subcommand("user", "accounts of the web application");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "create an account; the password is read from standard input");
  add->add_option("--db", o.db_url, "sqlite:FILE or postgresql://...")->required();
  add->add_option("--login", o.user_login, "login")->required();
  add->add_option("--role", o.user_role, "admin, agent, partenaire or lecture")
      ->required()
      ->check(CLI::IsMember({"admin", "agent", "partenaire", "lecture"}));
  add->add_option("--organisation", o.user_organisation, "organisation id (required for partenaire)");
  add->callback([&]() { server::run_user_add(o.db_url, o.user_login, o.user_role, o.user_organisation, std::cin); });

  auto* db = app.add_subcommand("db", "database: migrate, export (JSON backup), import");
  db->add_option("action", o.db_action, "migrate, export or import")
      ->required()
      ->check(CLI::IsMember({"migrate", "export", "import"}));
  db->add_option("--db", o.db_url, "sqlite:FILE or postgresql://...")->required();
  db->add_option("--file", o.db_file, "backup file for export/import ('-': standard output/input)")->default_val("-");
  db->callback([&]() { server::run_db(o.db_action, o.db_url, o.db_file); });
}

}  // namespace solimob::cli
