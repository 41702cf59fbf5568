#include "report/report.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/error.h"
#include "geometry/geometry.h"
#include "io/tool_runner.h"
#include "support/screenshot.h"
#include "support/temp_dir.h"

namespace solimob::report {
namespace {

namespace fs = std::filesystem;
using test::chromium_present;
using test::read_png;
using test::run_capture;

// The path data of the features drawn with `cls` (class attribute ending in it), in drawing order.
std::vector<std::string> paths_with_class(std::string const& svg, std::string const& cls) {
  std::vector<std::string> out;
  std::regex const re{"<path class=\"f " + cls + "\" d=\"([^\"]*)\""};
  for (auto it = std::sregex_iterator{svg.begin(), svg.end(), re}; it != std::sregex_iterator{}; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// The classes of the filled features, in drawing order.
std::vector<std::string> feature_classes(std::string const& svg) {
  std::vector<std::string> out;
  std::regex const re{"<path class=\"f ([^\"]*)\""};
  for (auto it = std::sregex_iterator{svg.begin(), svg.end(), re}; it != std::sregex_iterator{}; ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

// The fill colour a style rule gives to class `cls`.
std::string fill_of(std::string const& svg, std::string const& cls) {
  std::smatch m;
  std::regex const re{"\\." + cls + "\\{fill:(#[0-9a-f]{6})"};
  return std::regex_search(svg, m, re) ? m[1].str() : "";
}

// Bounding box (width, height) of path data made of M (absolute), l / h / v (relative) and z.
std::pair<double, double> path_size(std::string const& d) {
  double x = 0, y = 0, min_x = 1e9, max_x = -1e9, min_y = 1e9, max_y = -1e9;
  std::regex const token{"([MlhvzL])|(-?[0-9.]+)"};
  char cmd = 'M';
  std::vector<double> nums;
  auto const flush = [&] {
    std::size_t i = 0;
    while (i < nums.size()) {
      if (cmd == 'M') {
        x = nums[i], y = nums[i + 1], i += 2, cmd = 'l';
      } else if (cmd == 'l') {
        x += nums[i], y += nums[i + 1], i += 2;
      } else if (cmd == 'h') {
        x += nums[i++];
      } else if (cmd == 'v') {
        y += nums[i++];
      }
      min_x = std::min(min_x, x), max_x = std::max(max_x, x), min_y = std::min(min_y, y), max_y = std::max(max_y, y);
    }
    nums.clear();
  };
  for (auto it = std::sregex_iterator{d.begin(), d.end(), token}; it != std::sregex_iterator{}; ++it) {
    if ((*it)[1].matched) {
      flush();
      cmd = (*it)[1].str()[0];
    } else {
      nums.push_back(std::stod((*it)[2]));
    }
  }
  flush();
  return {max_x - min_x, max_y - min_y};
}

// Relative luminance-ish brightness of #rrggbb (0..255).
double brightness(std::string const& c) {
  auto const v = std::stoul(c.substr(1), nullptr, 16);
  return 0.299 * double((v >> 16) & 0xFF) + 0.587 * double((v >> 8) & 0xFF) + 0.114 * double(v & 0xFF);
}

// A layer named `name` of `kind` (designated initialisers would have to name every member).
layer make_layer(std::string name, layer_kind kind = layer_kind::kChoropleth) {
  layer l;
  l.name_ = std::move(name);
  l.kind_ = kind;
  return l;
}

std::size_t count(std::string const& text, std::string const& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) {
    ++n;
  }
  return n;
}

feature cell(double lat, double lng, double value, std::string label = "") {
  return {geometry::square_cell({lat, lng}, 200), value, "", std::move(label)};
}

// Three 200 m cells in a row (west to east) with values 1, 2, 3.
map_figure three_squares(std::vector<double> const& values, std::vector<double> breaks = {1.5, 2.5}) {
  layer l;
  l.name_ = "Temps";
  l.unit_ = "min";
  l.breaks_ = std::move(breaks);
  // 200 m at latitude 48.85 is 200 / (111195 cos 48.85°) = 0.002735° of longitude.
  for (std::size_t i = 0; i < values.size(); ++i) {
    l.features_.push_back(cell(48.85, 2.35 + 0.002735 * double(i), values[i], "c" + std::to_string(i)));
  }
  return {"Carte", "Trois carreaux", "Source : test", {l}};
}

TEST(report, quantile_breaks_of_a_known_series) {
  // 1..10, 5 classes: p = k/5, index p (10 - 1) = 1.8, 3.6, 5.4, 7.2 in the sorted series, so
  // breaks v[1] + 0.8 (v[2] - v[1]) = 2.8, then 4.6, 6.4, 8.2. NaN is ignored.
  std::vector<double> v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, kNoValue};
  auto const b = quantile_breaks(v, 5);
  ASSERT_EQ(b.size(), 4U);
  EXPECT_NEAR(b[0], 2.8, 1e-12);
  EXPECT_NEAR(b[1], 4.6, 1e-12);
  EXPECT_NEAR(b[2], 6.4, 1e-12);
  EXPECT_NEAR(b[3], 8.2, 1e-12);
  // Ties merge: {1, 1, 1, 1, 2} in 3 classes: indices 4/3 and 8/3 both hold 1, one break (1 | 2).
  EXPECT_EQ(quantile_breaks({1, 1, 1, 1, 2}, 3), std::vector<double>{1});
  // A constant series is one class: its breaks would all sit at the maximum.
  EXPECT_TRUE(quantile_breaks({4, 4, 4}, 5).empty());
  EXPECT_TRUE(quantile_breaks({kNoValue}, 5).empty());
  EXPECT_EQ(class_of(b, 1), 0);
  EXPECT_EQ(class_of(b, 2.8), 0);  // a class holds its upper break
  EXPECT_EQ(class_of(b, 2.9), 1);
  EXPECT_EQ(class_of(b, 8.3), 4);
  EXPECT_EQ(class_of(b, kNoValue), -1);
}

TEST(report, choropleth_of_three_squares_has_three_colours_in_order) {
  auto const svg = render_svg(three_squares({1, 2, 3}), "fr");
  // Breaks 1.5 and 2.5: one value per class, drawn in input order.
  EXPECT_EQ(feature_classes(svg), (std::vector<std::string>{"c0_0", "c0_1", "c0_2"}));
  auto const c0 = fill_of(svg, "c0_0"), c1 = fill_of(svg, "c0_1"), c2 = fill_of(svg, "c0_2");
  // YlGnBu with 3 classes (colorbrewer2.org).
  EXPECT_EQ(c0, "#edf8b1");
  EXPECT_EQ(c1, "#7fcdbb");
  EXPECT_EQ(c2, "#2c7fb8");
  EXPECT_GT(brightness(c0), brightness(c1));
  EXPECT_GT(brightness(c1), brightness(c2));
  // Legend: class bounds with the unit (1 decimal: the breaks are not integers, the spread is < 10).
  EXPECT_NE(svg.find("1,0 – 1,5\u00A0min (1)"), std::string::npos);

  auto m = three_squares({1, 2, 3});
  m.layers_[0].reversed_ = true;  // times: darker = shorter
  auto const rev = render_svg(m, "fr");
  EXPECT_EQ(fill_of(rev, "c0_0"), "#2c7fb8");
  EXPECT_EQ(fill_of(rev, "c0_2"), "#edf8b1");
}

TEST(report, diverging_palette_is_red_below_zero_and_blue_above) {
  auto m = three_squares({-2, -1, 1, 2}, {});
  m.layers_[0].diverging_ = true;
  // Quantile breaks of {-2, -1, 1, 2} plus 0; the classes entirely below 0 are reds, above blues.
  auto const svg = render_svg(m, "en");
  auto const classes = feature_classes(svg);
  ASSERT_EQ(classes.size(), 4U);
  auto const first = fill_of(svg, classes[0]), last = fill_of(svg, classes[3]);
  auto const red = [](std::string const& c) {
    return std::stoul(c.substr(1, 2), nullptr, 16) > std::stoul(c.substr(5, 2), nullptr, 16);
  };
  EXPECT_TRUE(red(first)) << first;
  EXPECT_FALSE(red(last)) << last;
  // Two classes around 0 with breaks {0}: one step of each half, the middle of RdBu's halves.
  EXPECT_EQ(class_colours({0}, true, false), (std::vector<std::string>{"#d6604d", "#4393c3"}));
}

TEST(report, no_data_feature_is_hatched_and_counted) {
  auto const svg = render_svg(three_squares({1, kNoValue, 3}), "fr");
  EXPECT_EQ(feature_classes(svg), (std::vector<std::string>{"c0_0", "nd", "c0_2"}));
  EXPECT_NE(svg.find(".nd{fill:url(#map-nd)"), std::string::npos);
  EXPECT_NE(svg.find("<pattern id=\"map-nd\""), std::string::npos);
  EXPECT_NE(svg.find("pas de donnée (1)"), std::string::npos);
  EXPECT_NE(render_svg(three_squares({1, kNoValue, 3}), "en").find("no data (1)"), std::string::npos);
}

TEST(report, projection_keeps_a_square_square) {
  // At 60° N a degree of longitude is half a degree of latitude: without the cos(latitude) factor the
  // 200 m cell would come out twice as wide as high.
  auto l = make_layer("x");
  l.features_ = {cell(60.0, 10.0, 1)};
  map_figure m{"t", "a", "c", {l}};
  auto const svg = render_svg(m, "fr");
  auto const d = paths_with_class(svg, "c0_0");  // one value: one class
  ASSERT_EQ(d.size(), 1U);
  auto const [w, h] = path_size(d[0]);
  EXPECT_GT(w, 50);  // 200 m in the 1 km window of a lone feature: ~ 127 px
  EXPECT_NEAR(w, h, 1.0);
  // Coordinates rounded to 0.1 px: no number with two decimals.
  EXPECT_FALSE(std::regex_search(d[0], std::regex{"\\.[0-9]{2}"})) << d[0];
}

TEST(report, polygon_holes_points_and_lines) {
  auto zones = make_layer("Zones", layer_kind::kOutline);
  zones.features_.push_back(
      {geometry::from_wkt("POLYGON((2 48,2.1 48,2.1 48.1,2 48.1,2 48),(2.02 48.02,2.05 48.02,2.05 48.05,2.02 48.02))"),
       kNoValue, "", ""});
  auto stops = make_layer("Arrêts", layer_kind::kPoints);
  stops.features_.push_back({geometry::from_wkt("MULTIPOINT((2.03 48.03),(2.06 48.06))"), kNoValue, "", ""});
  auto line = make_layer("Ligne", layer_kind::kLines);
  line.features_.push_back({geometry::from_wkt("LINESTRING(2 48,2.1 48.1)"), kNoValue, "", ""});
  auto const svg = render_svg(map_figure{"t", "a", "c", {zones, stops, line}}, "fr");
  // One path for the polygon, holding two rings (evenodd makes the second a hole).
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, std::regex{"<path class=\"ol\" d=\"([^\"]*)\""}));
  auto const d = m[1].str();
  EXPECT_EQ(std::count(d.begin(), d.end(), 'M'), 2);
  EXPECT_NE(svg.find("fill-rule:evenodd"), std::string::npos);
  EXPECT_EQ(std::regex_search(svg, std::regex{"<circle class=\"pt\""}), true);
  auto const circles = count(svg, "<circle class=\"pt\" cx");
  EXPECT_EQ(circles, 3);  // the two points and the legend's symbol
  EXPECT_NE(svg.find("<path class=\"ln\" d=\"M"), std::string::npos);
  auto bad = make_layer("bad");
  bad.features_ = {{"\x01\x03", 1, "", ""}};
  EXPECT_THROW(render_svg(map_figure{"t", "a", "c", {bad}}, "fr"), input_error);
}

TEST(report, categories_take_their_colours_and_unknown_ones_no_data) {
  auto l = make_layer("Accès de plain-pied", layer_kind::kCategories);
  l.category_colours_ = {{"oui", "#1b9e77"}, {"non", "red;}</style><script>"}};
  l.labels_ = true;
  l.features_ = {cell(45, 5, kNoValue, "Gare <A>"), cell(45, 5.01, kNoValue, "B"), cell(45, 5.02, kNoValue, "C")};
  l.features_[0].category_ = "oui";
  l.features_[1].category_ = "non";
  l.features_[2].category_ = "inconnu";
  auto const svg = render_svg(map_figure{"t", "a", "c", {l}}, "fr");
  EXPECT_EQ(feature_classes(svg), (std::vector<std::string>{"c0_0", "c0_1", "nd"}));
  EXPECT_EQ(fill_of(svg, "c0_0"), "#1b9e77");
  EXPECT_EQ(fill_of(svg, "c0_1"), "#999999");  // a colour that could leave its rule is replaced
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_NE(svg.find(">Gare &lt;A&gt;</text>"), std::string::npos);  // labels drawn, escaped
}

document sample_document(int cells_x, int cells_y) {
  document d;
  d.title_ = "Diagnostic de test";
  d.subtitle_ = "Territoire fictif";
  d.synthetic_note_ = "Données synthétiques : ne pas utiliser pour décider.";
  auto grid = make_layer("Temps vers la mairie");
  grid.reversed_ = true;
  grid.unit_ = "min";
  // 200 m cells near Porto Alegre: 200 m is 0.0017986° of latitude and 0.0017986 / cos(30.03°) of longitude.
  double const dlat = 0.0017986, dlng = 0.0017986 / std::cos(30.03 * 0.017453292519943295);
  for (int i = 0; i < cells_x; ++i) {
    for (int j = 0; j < cells_y; ++j) {
      auto const v = (i + j) % 17 == 5 ? kNoValue : 5.0 + double(i + 2 * j) * 0.7;
      grid.features_.push_back(
          cell(-30.03 + dlat * j, -51.2 + dlng * i, v, "C" + std::to_string(i) + "_" + std::to_string(j)));
    }
  }
  auto border = make_layer("Communes", layer_kind::kOutline);
  border.features_.push_back(
      {geometry::from_wkt("POLYGON((-51.2 -30.03,-51.19 -30.03,-51.19 -30.02,-51.2 -30.02,-51.2 -30.03))"), kNoValue,
       "", "Commune A"});
  map_figure map{"Temps d'accès",
                 "Carte du temps d'accès à la mairie, plus court au sud-ouest.",
                 "Source : données synthétiques.",
                 {grid, border}};
  lorenz_figure lorenz{"Concentration",
                       "Deux courbes de Lorenz proches de la diagonale.",
                       "Calcul : test.",
                       {{"Avant", {{0.25, 0.1}, {0.5, 0.3}, {0.75, 0.55}, {1, 1}}},
                        {"Après", {{0.25, 0.15}, {0.5, 0.38}, {0.75, 0.62}, {1, 1}}}}};
  bar_figure bars{"Gains par public",
                  "Barres : gains positifs sauf pour les cyclistes.",
                  "Calcul : test.",
                  "min",
                  {"Seniors", "Fauteuil", "Vélo"},
                  {"Avant", "Après"},
                  {{30, 45, 12}, {25, 40, -3.5}}};
  table_block table{"Synthèse <script>x</script>", {"Public", "Temps"}, {{"Seniors", "30 <b>min</b>"}}, "Minutes."};
  d.sections_.push_back(
      {"Accès aux services", {paragraph{"Un paragraphe."}, findings{{"Constat un.", "Constat deux."}}, map}, {}});
  d.sections_.push_back({"Équité", {lorenz}, {section{"Par public", {bars}, {}}}});
  d.sections_.push_back({"Tableaux", {table}, {}});
  d.provenance_ = {{"Réseau", "GTFS de test"}, {"Population", "Grille synthétique"}};
  return d;
}

TEST(report, sample_document_dump) {
  // Not a check: SOLIMOB_REPORT_DUMP=dir writes the sample document there, to look at it in a browser.
  auto const* dump = std::getenv("SOLIMOB_REPORT_DUMP");
  if (dump == nullptr) {
    GTEST_SKIP() << "set SOLIMOB_REPORT_DUMP=dir to write the sample report";
  }
  std::ofstream{fs::path{dump} / "sample.html"} << render_html(sample_document(20, 15));
  std::ofstream{fs::path{dump} / "large.html"} << render_html(sample_document(80, 75));  // 6,000 cells
}

TEST(report, html_escapes_text) {
  auto d = sample_document(3, 3);
  d.title_ = "Titre <script>alert(1)</script> & \"x\"";
  auto const html = render_html(d);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);  // the table cell's markup is text
  EXPECT_NE(html.find("Titre &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"), std::string::npos);
  EXPECT_NE(html.find("Synthèse &lt;script&gt;x&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("30 &lt;b&gt;min&lt;/b&gt;"), std::string::npos);
  // The banner also goes into the page margin's CSS string: it cannot close the string nor the style.
  d.synthetic_note_ = "x\"}</style><script>";
  auto const css = render_html(d);
  EXPECT_EQ(css.find("<script"), std::string::npos);
  EXPECT_EQ(css.find("\"}</style>"), std::string::npos);
  EXPECT_NE(css.find("content:\"x\\22 \\7d \\3c /style\\3e \\3c script\\3e \""), std::string::npos);
}

TEST(report, html_is_self_contained_and_accessible) {
  auto const html = render_html(sample_document(4, 4));
  EXPECT_EQ(html.rfind("<!doctype html>", 0), 0U);
  EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(html.find("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""), std::string::npos);
  // No URL but the SVG namespace.
  for (std::string const scheme : {"http://", "https://", "//"}) {
    for (auto p = html.find(scheme); p != std::string::npos; p = html.find(scheme, p + 1)) {
      EXPECT_EQ(html.compare(p - (scheme == "//" ? 5 : 0), 26, "http://www.w3.org/2000/svg"), 0)
          << html.substr(p > 20 ? p - 20 : 0, 60);
    }
  }
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("url(http"), std::string::npos);
  // Banner at the top and as a footer line.
  std::string const note = "role=\"note\">Données synthétiques";
  auto const first = html.find(note);
  ASSERT_NE(first, std::string::npos);
  EXPECT_LT(first, html.find("<h1>"));
  EXPECT_NE(html.find(note, first + 1), std::string::npos);
  // Headings in order: h1, then h2 (contents, sections), h3 only inside.
  EXPECT_LT(html.find("<h1>"), html.find("<h2"));
  EXPECT_NE(html.find("<h3 id=\"s2-1\">Par public</h3>"), std::string::npos);
  EXPECT_NE(html.find("<a href=\"#s2-1\">Par public</a>"), std::string::npos);
  EXPECT_NE(html.find("class=\"findings\""), std::string::npos);
  // Every figure: caption, labelled SVG, its data as a table.
  int figures = 0;
  for (auto p = html.find("<figure>"); p != std::string::npos; p = html.find("<figure>", p + 1)) {
    auto const end = html.find("</figure>", p);
    ASSERT_NE(end, std::string::npos);
    auto const fig = html.substr(p, end - p);
    EXPECT_NE(fig.find("<figcaption>"), std::string::npos);
    EXPECT_NE(fig.find("<table>"), std::string::npos);
    EXPECT_NE(fig.find("<caption>"), std::string::npos);
    EXPECT_TRUE(std::regex_search(fig, std::regex{"<svg [^>]*role=\"img\" aria-labelledby=\"(fig[0-9]+)-t \\1-d\""}));
    ++figures;
  }
  EXPECT_EQ(figures, 3);
  // The map's table: one row per cell with its class; the no-data cell says so.
  EXPECT_NE(html.find("<th scope=\"row\">C0_0</th>"), std::string::npos);
  EXPECT_NE(html.find("<td>pas de donnée</td>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\">Public</th>"), std::string::npos);
  // Ids are unique across the inline SVGs.
  EXPECT_NE(html.find("id=\"fig1-nd\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"map\""), std::string::npos);
  EXPECT_NE(render_html([] {
              auto d = sample_document(2, 2);
              d.lang_ = "en";
              return d;
            }())
                .find("<html lang=\"en\">"),
            std::string::npos);
}

TEST(report, format_number_in_each_language) {
  EXPECT_EQ(format_number(12345.6, 1, "fr"), "12\u202F345,6");
  EXPECT_EQ(format_number(12345.6, 1, "en"), "12,345.6");
  EXPECT_EQ(format_number(1234567, 0, "en"), "1,234,567");
  EXPECT_EQ(format_number(1234567, 0, "fr"), "1\u202F234\u202F567");
  EXPECT_EQ(format_number(-1234.56, 1, "fr"), "\u22121\u202F234,6");
  EXPECT_EQ(format_number(-3.25, 2, "en"), "\u22123.25");
  EXPECT_EQ(format_number(999.96, 1, "fr"), "1\u202F000,0");  // rounding carries into a new group
  EXPECT_EQ(format_number(-0.04, 1, "fr"), "0,0");            // rounds to zero: no sign
  EXPECT_EQ(format_number(0, 0, "fr"), "0");
  EXPECT_EQ(format_number(123, 0, "fr"), "123");
  EXPECT_EQ(format_number(kNoValue, 1, "fr"), "–");
}

TEST(report, charts_draw_their_words_and_bars) {
  auto const d = sample_document(2, 2);
  auto const& lorenz = std::get<lorenz_figure>(d.sections_[1].blocks_[0]);
  auto const fr = render_svg(lorenz, "fr");
  EXPECT_NE(fr.find("Égalité parfaite"), std::string::npos);
  EXPECT_NE(fr.find("Part cumulée de la population (%)"), std::string::npos);
  EXPECT_NE(fr.find(">Avant</text>"), std::string::npos);
  EXPECT_NE(render_svg(lorenz, "en").find("Perfect equality"), std::string::npos);
  auto const& bars = std::get<bar_figure>(d.sections_[1].subsections_[0].blocks_[0]);
  auto const svg = render_svg(bars, "fr");
  // 2 series x 3 groups = 6 bars plus 2 legend swatches; a negative value gives a tick below 0.
  auto const rects = count(svg, "<rect x=");
  EXPECT_EQ(rects, 8);
  // Values -3.5..45: nice step 10 (range 48.5 / 5 = 9.7 -> 10), axis from -10 to 50.
  EXPECT_NE(svg.find(">\u221210</text>"), std::string::npos);
  EXPECT_NE(svg.find(">50</text>"), std::string::npos);
  EXPECT_NE(svg.find(">Vélo</text>"), std::string::npos);
}

// ---- end to end with Chromium ----

TEST(report, end_to_end_screenshot_shows_the_map) {
  if (!chromium_present()) {
    GTEST_SKIP() << "Chromium is absent (/usr/bin/chromium or $SOLIMOB_CHROMIUM): no screenshot check";
  }
  test::temp_dir dir;
  auto const html = dir.file("rapport.html", render_html(sample_document(20, 15)));
  auto const png = dir.path_ / "shot.png";
  auto argv = io::chromium_command(dir.path_ / "profile");
  argv.insert(argv.end(), {"--hide-scrollbars", "--window-size=1200,2000", "--screenshot=" + png.string(),
                           "file://" + html.string()});
  ASSERT_EQ(io::run_tool(argv, std::chrono::steady_clock::now() + std::chrono::seconds{90}), io::tool_result::kOk);
  auto const im = read_png(png);
  ASSERT_EQ(im.width_, 1200);
  // The map area: the bounding box of the pixels painted in the map's palette (reversed YlGnBu, 5 classes).
  std::set<std::uint32_t> const palette{0x253494, 0x2c7fb8, 0x41b6c4, 0xa1dab4, 0xffffcc};
  int x0 = im.width_, x1 = -1, y0 = im.height_, y1 = -1;
  for (int y = 0; y < im.height_; ++y) {
    for (int x = 0; x < im.width_; ++x) {
      if (palette.contains(im.rgb_[std::size_t(y) * std::size_t(im.width_) + std::size_t(x)])) {
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    }
  }
  ASSERT_GT(x1 - x0, 200) << "no map drawn in the palette's colours";
  ASSERT_GT(y1 - y0, 100);
  std::set<std::uint32_t> colours;
  std::size_t white = 0, total = 0;
  for (int y = y0; y <= y1; ++y) {
    for (int x = x0; x <= x1; ++x) {
      auto const c = im.rgb_[std::size_t(y) * std::size_t(im.width_) + std::size_t(x)];
      colours.insert(c);
      white += c == 0xFFFFFF ? 1 : 0;
      ++total;
    }
  }
  EXPECT_GE(colours.size(), 8U);  // 5 classes, the hatch's two greys, the outline...
  EXPECT_LT(double(white), 0.95 * double(total));
}

TEST(report, end_to_end_pdf_has_the_text_and_pages) {
  if (!chromium_present()) {
    GTEST_SKIP() << "Chromium is absent (/usr/bin/chromium or $SOLIMOB_CHROMIUM): no PDF check";
  }
  if (!fs::exists("/usr/bin/pdftotext") || !fs::exists("/usr/bin/pdfinfo")) {
    GTEST_SKIP() << "pdftotext / pdfinfo absent (apt poppler-utils, scripts/install-deps)";
  }
  test::temp_dir dir;
  auto const html = dir.file("rapport.html", render_html(sample_document(20, 15)));
  auto const pdf = dir.path_ / "rapport.pdf";
  write_pdf(html, pdf, 90);
  ASSERT_TRUE(fs::exists(pdf));
  // Nothing left beside it but the two files.
  EXPECT_EQ(dir.listing(), (std::vector<std::string>{"rapport.html", "rapport.pdf"}));
  auto const text = run_capture("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
  EXPECT_NE(text.find("Diagnostic de test"), std::string::npos);
  EXPECT_NE(text.find("Accès aux services"), std::string::npos);
  EXPECT_NE(text.find("Données synthétiques"), std::string::npos);
  auto const banners = count(text, "Données synthétiques");
  auto const info = run_capture("pdfinfo '" + pdf.string() + "'");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(info, m, std::regex{"Pages:\\s+([0-9]+)"})) << info;
  // Title and contents, then each of the 4 h2 sections (3 + method) on a new page.
  EXPECT_GE(std::stoi(m[1]), 5) << info;
  // The banner in every page's top margin, plus once at the top and once at the end of the text.
  EXPECT_GE(banners, std::size_t(std::stoi(m[1])) + 2) << text;
}

TEST(report, write_pdf_reports_a_missing_chromium) {
  test::temp_dir dir;
  auto const html = dir.file("r.html", "<p>x</p>");
  ::setenv("SOLIMOB_CHROMIUM", "/nonexistent/chromium", 1);
  EXPECT_THROW(write_pdf(html, dir.path_ / "r.pdf", 5), io_error);
  ::unsetenv("SOLIMOB_CHROMIUM");
  EXPECT_FALSE(fs::exists(dir.path_ / "r.pdf"));
}

// Size and time of a 6,000-cell choropleth and its document (figures printed, not asserted beyond size).
TEST(report, large_map_stays_small) {
  auto const d = sample_document(80, 75);
  auto const t0 = std::chrono::steady_clock::now();
  auto const svg = render_svg(std::get<map_figure>(d.sections_[0].blocks_[2]), "fr");
  auto const t1 = std::chrono::steady_clock::now();
  auto const html = render_html(d);
  auto const t2 = std::chrono::steady_clock::now();
  EXPECT_LT(svg.size(), 2'000'000U);
  std::cout << "6000-cell map: SVG " << svg.size() << " bytes in "
            << std::chrono::duration<double, std::milli>(t1 - t0).count() << " ms; HTML " << html.size() << " bytes in "
            << std::chrono::duration<double, std::milli>(t2 - t1).count() << " ms\n";
}

}  // namespace
}  // namespace solimob::report
