// `solimob diagnostic` (src/jobs/diagnostic_job.cc) on a small configuration over the two lines of
// support/two_lines.h: cells A (100 residents, 40 seniors) and D (50, no senior); services "S1" at B
// and "S2" at E; zones Nord and Sud; the scenario Express (a trip SA 08:05 -> SB 08:10).
// Baseline, by hand: A reaches B by T1 (SA 08:10 -> SB 08:30) in 30 min; D cannot reach B (the lines
// are 2000 m apart, beyond the walk's 1000 m leg): it counts as max_time, 90 min. Everyone's mean time
// to S1 = (100 x 30 + 50 x 90) / 150 = 50 min; beyond 45 min: D, 50 / 150; Gini of (30 w 100, 90 w 50)
// = 2 x 100 x 50 x |90 - 30| / (2 x 150^2 x 50) = 0.26667. Express: A 10 min, change -20 x 100 / 150.
// The same figures come out of the access and compare jobs run separately on the same inputs.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "core/error.h"
#include "io/file_util.h"
#include "io/vector_io.h"
#include "jobs/access_job.h"
#include "jobs/compare_job.h"
#include "jobs/diagnostic_job.h"
#include "jobs/equity_job.h"
#include "support/access_setup.h"
#include "support/csv_rows.h"
#include "support/screenshot.h"
#include "support/temp_dir.h"
#include "support/travel_params.h"
#include "support/two_lines.h"

namespace solimob::test {
namespace {

struct diagnostic_case {
  diagnostic_case() : map_{two_lines_map()} {
    auto const net = two_lines_network(map_);
    network::save(net, dir_.path_ / "n.net");
    auto const at = [&](char c) { return lon_lat(map_, c); };
    dir_.file("cells.csv", "id,lon,lat,Ind,seniors,pauvres\nA," + at('A') + ",100,40,10\nD," + at('D') + ",50,0,30\n");
    dir_.file("services.csv",
              "id,lon,lat,TYPEQU,nom\nB," + at('B') + ",S1,Service B\nE," + at('E') + ",S2,Service E\n");
    dir_.file("zones.geojson", two_lines_zones(map_));
    dir_.file("express.json", R"({"name": "Express", "modifications": [{"type": "add-trips", "stops": [{"id": "0:SA"},
        {"id": "0:SB"}], "hop_times": [300], "frequencies": [{"first_departures": ["08:05"]}]}]})");
    config_ = R"([territory]
name = "Deux lignes"
synthetic = "Données inventées pour le test."

[network]
file = "n.net"

[population]
file = "cells.csv"
id = "id"
total = "Ind"
rank = "pauvres"

[[publics]]
name = "seniors"
label = "Seniors"
field = "seniors"
profile = "walk"

[services]
file = "services.csv"
id = "id"
category = "TYPEQU"
name = "nom"

[[categories]]
code = "S1"
label = "Service un"

[[categories]]
code = "S2"
label = "Service deux"
cutoffs = [20]

[[zones]]
name = "secteur"
label = "Secteurs"
file = "zones.geojson"
id = "id"
label_field = "nom"

[analysis]
departure = "2026-11-24 08:00"
window = 1
max_time = 90
white_zone_minutes = 45

[[scenarios]]
file = "express.json"
)";
    dir_.file("t.toml", config_);
  }

  jobs::diagnostic_job job() const {
    jobs::diagnostic_job j;
    j.config_ = dir_.path_ / "t.toml";
    j.out_ = dir_.path_ / "out";
    j.threads_ = 1;
    j.pdf_ = false;
    return j;
  }

  // A sheet of indicateurs.xlsx.
  io::vector_layer sheet(std::string const& name, std::vector<std::string> text,
                         std::vector<std::string> numeric) const {
    io::read_options o;
    o.layer_ = name;
    o.id_field_ = "";
    o.text_fields_ = std::move(text);
    o.numeric_fields_ = std::move(numeric);
    o.require_positions_ = false;
    o.empty_numeric_as_nan_ = true;
    return io::read_layer(dir_.path_ / "out" / "indicateurs.xlsx", o);
  }

  temp_dir dir_;
  ascii_network map_;
  std::string config_;
};

TEST(diagnostic, figures_by_hand_and_as_the_separate_commands_give_them) {
  diagnostic_case c;
  std::ostringstream log;
  auto const out = jobs::run(c.job(), log);
  EXPECT_TRUE(std::filesystem::exists(out.html_));
  EXPECT_TRUE(std::filesystem::exists(out.xlsx_));
  EXPECT_TRUE(std::filesystem::exists(out.gpkg_));
  EXPECT_NE(log.str().find("[7/7]"), std::string::npos) << log.str();  // progress

  auto const eq = c.sheet("inegalites", {"public", "colonne"}, {"moyenne", "part_au_dela", "gini"});
  auto row = std::string::npos;
  for (auto i = 0U; i != eq.ids_.size(); ++i) {
    if (eq.text_[1][i] == "c_s1_nearest1_min_p50") {
      row = i;
    }
  }
  ASSERT_NE(row, std::string::npos);
  EXPECT_NEAR(eq.numeric_[0][row], 50.0, 1e-9);
  EXPECT_NEAR(eq.numeric_[1][row], 50.0 / 150.0, 1e-9);
  EXPECT_NEAR(eq.numeric_[2][row], 0.26666666666666666, 1e-9);

  // The access job on the same inputs: A 30 min, D nothing (empty: counted 90 above).
  auto aj = access_job_on(network::load(c.dir_.path_ / "n.net"), c.dir_.path_, {"Ind", "seniors"});
  aj.origins_ = (c.dir_.path_ / "cells.csv").string();
  aj.opportunities_ = (c.dir_.path_ / "services.csv").string();
  aj.category_field_ = "TYPEQU";
  aj.params_.travel_ = one_minute_params("walk");
  aj.params_.travel_.max_time_min_ = 90;
  aj.params_.nearest_ = {1};
  aj.out_ = (c.dir_.path_ / "access.csv").string();
  std::ostringstream alog;
  jobs::run(aj, alog);
  auto const access = read_csv_rows(c.dir_.path_ / "access.csv");
  ASSERT_EQ(access.size(), 2U);
  EXPECT_EQ(access[0].at("id"), "A");
  EXPECT_EQ(std::stod(access[0].at("s1_nearest1_min_p50")), 30.0);
  EXPECT_TRUE(access[1].at("s1_nearest1_min_p50").empty());

  // The equity job on the access output: the same Gini (0.26667 above) once the unreachable D counts
  // 90 min as in the diagnostic (equity leaves an empty time out: D's row gets 90 here).
  {
    auto rows = read_csv_rows(c.dir_.path_ / "access.csv");
    std::ostringstream csv;
    csv << "id,lon,lat,Ind,t\n";
    for (auto const& r : rows) {
      csv << r.at("id") << "," << r.at("lon") << "," << r.at("lat") << "," << r.at("Ind") << ","
          << (r.at("s1_nearest1_min_p50").empty() ? "90" : r.at("s1_nearest1_min_p50")) << "\n";
    }
    c.dir_.file("eq_in.csv", csv.str());
    jobs::equity_job ej;
    ej.input_ = (c.dir_.path_ / "eq_in.csv").string();
    ej.indicators_ = {"t"};
    ej.population_fields_ = {"Ind"};
    ej.out_ = (c.dir_.path_ / "eq.csv").string();
    std::ostringstream elog;
    jobs::run(ej, elog);
    auto const er = read_csv_rows(c.dir_.path_ / "eq.csv");
    ASSERT_FALSE(er.empty());
    ASSERT_TRUE(er.front().contains("gini")) << io::read_file(c.dir_.path_ / "eq.csv");
    EXPECT_NEAR(std::stod(er.front().at("gini")), eq.numeric_[2][row], 1e-9);
  }

  // The compare job: the same change as the diagnostic's scenario sheet.
  jobs::compare_job cj;
  cj.access_ = aj;
  cj.access_.out_ = (c.dir_.path_ / "cmp.csv").string();
  cj.scenarios_ = {(c.dir_.path_ / "express.json").string()};
  std::ostringstream clog;
  jobs::run(cj, clog);
  auto const summary = read_csv_rows(c.dir_.path_ / "cmp_summary.csv");
  auto compare_change = std::nan("");
  for (auto const& r : summary) {
    if (r.at("public") == "ensemble" && r.at("indicator") == "s1_nearest1_min_p50") {
      compare_change = std::stod(r.at("mean_change"));
    }
  }
  auto const ds = c.sheet("scenarios_summary", {"public", "indicator"}, {"mean_change"});
  auto diag_change = std::nan("");
  for (auto i = 0U; i != ds.ids_.size(); ++i) {
    if (ds.text_[0][i] == "ensemble" && ds.text_[1][i] == "c_s1_nearest1_min_p50") {
      diag_change = ds.numeric_[0][i];
    }
  }
  EXPECT_NEAR(diag_change, -20.0 * 100.0 / 150.0, 1e-9);
  EXPECT_NEAR(compare_change, diag_change, 1e-9);

  // The report: French, the synthetic banner, findings with the figures, no external resource.
  auto const html = io::read_file(out.html_);
  EXPECT_NE(html.find("lang=\"fr\""), std::string::npos);
  EXPECT_NE(html.find("Données inventées pour le test."), std::string::npos);
  EXPECT_NE(html.find("33,3 % des habitants (50 personnes) sont à plus de 45 min de : Service un"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);

  // The GeoPackage carries the QGIS styles and the layers.
  std::vector<std::string> names;
  for (auto const& l : io::list_layers(out.gpkg_)) {
    names.push_back(l.name_);
  }
  for (auto const* l : {"carreaux", "zones_secteur", "gares", "lignes", "zones_blanches_polygones", "layer_styles",
                        "scenarios_carreaux"}) {
    EXPECT_NE(std::find(begin(names), end(names), l), end(names)) << l;
  }
}

// The report in Chromium: the maps are drawn (not blank), the PDF holds the title, the findings and
// the synthetic banner.
TEST(diagnostic, the_report_renders_in_chromium_and_prints) {
  if (!chromium_present()) {
    GTEST_SKIP() << "Chromium is absent (/usr/bin/chromium or $SOLIMOB_CHROMIUM): no rendering check";
  }
  if (!std::filesystem::exists("/usr/bin/pdftotext")) {
    GTEST_SKIP() << "pdftotext absent (apt poppler-utils, scripts/install-deps)";
  }
  diagnostic_case c;
  auto j = c.job();
  j.pdf_ = true;
  std::ostringstream log;
  auto const out = jobs::run(j, log);
  auto const text = run_capture("pdftotext -enc UTF-8 '" + out.pdf_.string() + "' -");
  EXPECT_NE(text.find("Diagnostic de la mobilité solidaire"), std::string::npos) << text;
  EXPECT_NE(text.find("Synthèse"), std::string::npos);
  EXPECT_NE(text.find("Données inventées pour le test."), std::string::npos);
  EXPECT_NE(text.find("Zones blanches"), std::string::npos);
  // Every h2 section starts a page: the contents page, then synthesis, territory, 2 services, white zones,
  // inequalities, scenarios, method: at least 8 pages.
  auto const info = run_capture("pdfinfo '" + out.pdf_.string() + "'");
  auto const at = info.find("Pages:");
  ASSERT_NE(at, std::string::npos) << info;
  EXPECT_GE(std::stoi(info.substr(at + 6)), 8) << info;
  auto const png = c.dir_.path_ / "shot.png";
  auto argv = io::chromium_command(c.dir_.path_ / "profile");
  argv.insert(argv.end(), {"--hide-scrollbars", "--window-size=1200,6000", "--screenshot=" + png.string(),
                           "file://" + out.html_.string()});
  ASSERT_EQ(io::run_tool(argv, std::chrono::steady_clock::now() + std::chrono::seconds{90}), io::tool_result::kOk);
  auto const im = read_png(png);
  // Not a blank page: many colours, mostly not white (maps, charts, the banner).
  std::set<std::uint32_t> colours;
  std::size_t white = 0;
  for (auto const p : im.rgb_) {
    colours.insert(p);
    white += p == 0xFFFFFF ? 1 : 0;
  }
  EXPECT_GE(colours.size(), 20U);
  EXPECT_LT(double(white), 0.97 * double(im.rgb_.size()));
}

TEST(diagnostic, a_bad_configuration_names_its_key) {
  diagnostic_case c;
  auto const expect = [&](std::string const& from, std::string const& to, char const* key) {
    auto cfg = c.config_;
    auto const at = cfg.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    cfg.replace(at, from.size(), to);
    c.dir_.file("bad.toml", cfg);
    auto j = c.job();
    j.config_ = c.dir_.path_ / "bad.toml";
    j.out_ = c.dir_.path_ / "bad";
    std::ostringstream log;
    try {
      jobs::run(j, log);
      FAIL() << "accepted: " << to;
    } catch (input_error const& e) {
      EXPECT_NE(std::string{e.what()}.find(key), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(c.dir_.path_ / "bad" / "rapport.html"));
  };
  expect("profile = \"walk\"", "profile = \"flying\"", "publics[0].profile");
  expect("field = \"seniors\"", "field = \"absent\"", "population");
  expect("file = \"cells.csv\"", "file = \"nowhere.csv\"", "population.file");
  expect("code = \"S2\"", "code = \"S9\"", "categories[1].code");
  expect("window = 1", "window = 0", "analysis.window");
  expect("departure = \"2026-11-24 08:00\"", "departure = \"mardi\"", "analysis.departure");
  expect("[analysis]", "[analysis]\nspeed = 3", "analysis.speed");
  expect("name = \"seniors\"", "name = \"Seniors!\"", "publics[0].name");
}

}  // namespace
}  // namespace solimob::test
