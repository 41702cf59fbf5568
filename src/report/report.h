#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

// Reports people read (the diagnostic's rapport.html / rapport.pdf): a document model of sections,
// findings, maps, charts and tables, rendered as one self-contained HTML file (inline CSS and SVG, no
// script, no external resource: it opens offline and fetches nothing) and printed to PDF by headless
// Chromium without network. Maps and charts are SVG drawn here from WGS84 geometry: no tile server.
// Accessible (RGAA): headings in order, every figure with a text alternative and its data as a table,
// tables with caption and header cells, the document's language declared.
namespace solimob::report {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// One feature of a map layer: WKB in WGS84 lon/lat (polygon, multipolygon, point or line string).
struct feature {
  std::string wkb_;
  double value_{kNoValue};  // choropleth value; NaN = no data (drawn hatched / grey, counted in the legend)
  std::string category_;    // for categorised layers (e.g. step-free "oui" / "non" / "inconnu")
  std::string label_;       // shown on the map when the layer has labels; in the data table
};

enum class layer_kind : std::uint8_t {
  kChoropleth,  // polygons filled by value class
  kCategories,  // polygons, points or lines coloured by category_
  kOutline,     // polygons drawn as outlines only (commune borders...)
  kLines,       // line strings, one colour
  kPoints,      // points, one colour
};

struct layer {
  std::string name_;  // in the legend
  layer_kind kind_{layer_kind::kChoropleth};
  std::vector<feature> features_;
  // Choropleth: class breaks (ascending, n breaks = n + 1 classes); empty = 5 quantile classes
  // computed from the values. `diverging`: a palette centred on 0 (gains and losses).
  std::vector<double> breaks_;
  bool diverging_{false};
  bool reversed_{false};  // darker = lower values (times: shorter is better)
  std::string unit_;      // "min", "emplois", "%"...
  // Categories: the colour of each category, in legend order (CSS colours).
  std::vector<std::pair<std::string, std::string>> category_colours_;
  bool labels_{false};
};

// A map: layers drawn in order (the first at the bottom), framed on the extent of all features.
struct map_figure {
  std::string title_;
  std::string alt_;      // text alternative: what the map shows, in one or two sentences
  std::string caption_;  // source and method line under the map
  std::vector<layer> layers_;
};

// Lorenz curves: each curve's points (cumulative population share, cumulative value share), both in [0, 1].
struct lorenz_figure {
  std::string title_, alt_, caption_;
  std::vector<std::pair<std::string, std::vector<std::pair<double, double>>>> curves_;
};

// Grouped bars: values_[s][g] for series s (e.g. "avant", "après") and group g (a public, a commune).
struct bar_figure {
  std::string title_, alt_, caption_;
  std::string unit_;
  std::vector<std::string> groups_;
  std::vector<std::string> series_;
  std::vector<std::vector<double>> values_;
};

struct table_block {
  std::string caption_;
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;  // cells already formatted (numbers in the document's language)
  std::string note_;                            // units, definitions
};

struct paragraph {
  std::string text_;
};
struct findings {  // key findings: a highlighted list of sentences
  std::vector<std::string> items_;
};

using block = std::variant<paragraph, findings, map_figure, lorenz_figure, bar_figure, table_block>;

struct section {
  std::string title_;
  std::vector<block> blocks_;
  std::vector<section> subsections_;
};

struct document {
  std::string lang_{"fr"};  // fr or en: the interface words of the renderer (legend, "no data"...)
  std::string title_, subtitle_;
  // A visible banner at the top (and on every PDF page's first lines) when the data are synthetic.
  std::string synthetic_note_;  // empty: real data, no banner
  std::vector<section> sections_;
  // Method and provenance, rendered as a definition list at the end: (term, description).
  std::vector<std::pair<std::string, std::string>> provenance_;
};

// The self-contained HTML of the document (UTF-8). User-supplied text is escaped everywhere.
std::string render_html(document const&);

// SVG of one figure (also used inside render_html), width x height in CSS pixels. For a map the height is
// a maximum: the SVG is cut below the map (or its legend) when the territory is wider than the frame.
std::string render_svg(map_figure const&, std::string const& lang, int width = 900, int height = 700);
std::string render_svg(lorenz_figure const&, std::string const& lang, int width = 600, int height = 480);
std::string render_svg(bar_figure const&, std::string const& lang, int width = 900, int height = 480);

// Prints `html` (a file) to `pdf` with headless Chromium ($SOLIMOB_CHROMIUM, else /usr/bin/chromium),
// its network disabled, within `timeout_s`; writes atomically. Throws io_error when Chromium is
// missing, fails or times out.
void write_pdf(std::filesystem::path const& html, std::filesystem::path const& pdf, int timeout_s = 120);

// Numbers as the document's language writes them: "12 345,6" (fr, narrow no-break spaces) or "12,345.6".
std::string format_number(double v, int decimals, std::string const& lang);

// ---- the pieces, for tests and callers that draw their own classes ----

// `classes` - 1 quantile breaks of the finite values (NaN ignored), linear interpolation between order
// statistics (R's type 7: the p-quantile of sorted v[0..m-1] is at index p (m - 1)); equal breaks are
// merged and a break at the maximum dropped, so fewer classes come out of a series with many ties
// (one class for a constant series). Empty for no finite value.
std::vector<double> quantile_breaks(std::vector<double> values, int classes = 5);

// The class of `v` among the classes made by ascending `breaks`, each holding its upper break: 0 up to
// breaks[0], i for breaks[i-1] < v <= breaks[i], breaks.size() above the last break; -1 for NaN.
int class_of(std::vector<double> const& breaks, double v);

// The fill colours of n classes (#rrggbb): ColorBrewer YlGnBu (light = low), reversed when `reversed`;
// for `diverging`, RdBu with the class holding 0 neutral, reds below, blues above (breaks needed).
std::vector<std::string> class_colours(std::vector<double> const& breaks, bool diverging, bool reversed);

// Text escaped for HTML / SVG content and attribute values (& < > " ').
std::string escape(std::string_view text);

}  // namespace solimob::report
