#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/geo.h"
#include "report/detail/figures.h"
#include "report/report.h"

namespace solimob::report {

namespace {

// ColorBrewer YlGnBu, the scheme of each class count (colorbrewer2.org), light to dark.
std::vector<std::vector<char const*>> const kYlGnBu{
    {"#edf8b1", "#7fcdbb", "#2c7fb8"},
    {"#ffffcc", "#a1dab4", "#41b6c4", "#225ea8"},
    {"#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494"},
    {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"},
    {"#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
    {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84"},
    {"#ffffd9", "#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58"}};
// ColorBrewer RdBu (11 classes) split at its neutral centre; each half from the centre outwards.
constexpr std::array<char const*, 5> kReds{"#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f"};
constexpr std::array<char const*, 5> kBlues{"#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"};
constexpr char const* kNeutral = "#f7f7f7";
// Okabe-Ito: series colours distinguishable with the common colour-vision deficiencies.
constexpr std::array<char const*, 8> kSeries{"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                             "#e69f00", "#56b4e9", "#000000", "#f0e442"};
constexpr char const* kAccent = "#d95f02";  // single-colour lines and points

// n colours of one half of RdBu, light (near 0) to dark, spread over its five steps.
std::vector<std::string> half(std::array<char const*, 5> const& h, std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t j = 0; j < n; ++j) {
    auto const k = n == 1 ? 2 : static_cast<std::size_t>(std::lround(static_cast<double>(j) * 4.0 / double(n - 1)));
    out.emplace_back(h[std::min<std::size_t>(k, 4)]);
  }
  return out;
}

std::vector<std::string> sequential(std::size_t n) {
  if (n <= 9) {
    auto const& s = kYlGnBu[std::max<std::size_t>(n, 3) - 3];
    std::vector<std::string> out(s.begin(), s.end());
    if (n < 3) {  // 1 or 2 classes: the ends of the 3-class scheme
      out = n == 1 ? std::vector<std::string>{out[1]} : std::vector<std::string>{out[0], out[2]};
    }
    return out;
  }
  // More classes than ColorBrewer defines: the 9-class scheme interpolated in RGB.
  auto const& s = kYlGnBu.back();
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) {
    auto const t = static_cast<double>(i) * 8.0 / static_cast<double>(n - 1);
    auto const a = std::min<std::size_t>(static_cast<std::size_t>(t), 7);
    auto const f = t - static_cast<double>(a);
    unsigned ca = 0, cb = 0;
    std::sscanf(s[a] + 1, "%x", &ca);
    std::sscanf(s[a + 1] + 1, "%x", &cb);
    char buf[8];
    auto const mix = [&](int shift) {
      return static_cast<unsigned>(std::lround((1 - f) * ((ca >> shift) & 0xFF) + f * ((cb >> shift) & 0xFF)));
    };
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(16), mix(8), mix(0));
    out.emplace_back(buf);
  }
  return out;
}

// A CSS colour from a configuration file, kept only when it cannot leave its declaration.
std::string safe_colour(std::string const& c) {
  bool const ok = !c.empty() && c.size() < 40 && std::all_of(c.begin(), c.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || std::strchr("#(),.% ", ch) != nullptr;
  });
  return ok ? c : "#999999";
}

// ---- WKB -> parts in lon/lat ----

using ring = std::vector<std::pair<double, double>>;  // (lon, lat)
struct parts {
  std::vector<std::vector<ring>> polygons_;
  std::vector<ring> lines_;
  ring points_;
};

struct wkb_reader {
  std::string_view b_;
  std::size_t pos_{0};
  bool little_{true};

  [[noreturn]] static void bad() { throw input_error{"map feature: malformed WKB"}; }
  void need(std::size_t n) const {
    if (pos_ + n > b_.size()) {
      bad();
    }
  }
  std::uint32_t u32() {
    need(4);
    std::uint8_t c[4];
    std::memcpy(c, b_.data() + pos_, 4);
    pos_ += 4;
    return little_ ? (std::uint32_t{c[0]} | std::uint32_t{c[1]} << 8 | std::uint32_t{c[2]} << 16 |
                      std::uint32_t{c[3]} << 24)
                   : (std::uint32_t{c[3]} | std::uint32_t{c[2]} << 8 | std::uint32_t{c[1]} << 16 |
                      std::uint32_t{c[0]} << 24);
  }
  double f64() {
    need(8);
    std::uint8_t c[8];
    std::memcpy(c, b_.data() + pos_, 8);
    pos_ += 8;
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i) {
      u |= std::uint64_t{c[little_ ? i : 7 - i]} << (8 * i);
    }
    double d = 0;
    std::memcpy(&d, &u, 8);
    return d;
  }
  ring coords(std::size_t dims) {
    auto const n = u32();
    need(static_cast<std::size_t>(n) * dims * 8);
    ring r;
    r.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      auto const x = f64();
      auto const y = f64();
      pos_ += (dims - 2) * 8;
      r.emplace_back(x, y);
    }
    return r;
  }
  void geometry(parts& out, int depth) {
    if (depth > 8) {
      bad();
    }
    need(1);
    little_ = b_[pos_++] == 1;
    auto type = u32();
    // EWKB flags (PostGIS) and ISO 1000s both say Z / M.
    std::size_t dims = 2 + ((type & 0x80000000U) != 0 ? 1 : 0) + ((type & 0x40000000U) != 0 ? 1 : 0);
    if ((type & 0x20000000U) != 0) {
      u32();  // SRID
    }
    type &= 0x0FFFFFFFU;
    dims += type >= 3000 ? 2 : type >= 1000 ? 1 : 0;
    switch (type % 1000) {
      case 1: {
        auto const x = f64();
        auto const y = f64();
        pos_ += (dims - 2) * 8;
        if (!std::isnan(x) && !std::isnan(y)) {  // POINT EMPTY is written as NaN NaN
          out.points_.emplace_back(x, y);
        }
        break;
      }
      case 2:
        out.lines_.push_back(coords(dims));
        break;
      case 3: {
        auto const n = u32();
        std::vector<ring> poly;
        for (std::uint32_t i = 0; i < n; ++i) {
          poly.push_back(coords(dims));
        }
        out.polygons_.push_back(std::move(poly));
        break;
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        auto const n = u32();
        for (std::uint32_t i = 0; i < n; ++i) {
          geometry(out, depth + 1);
        }
        break;
      }
      default:
        bad();
    }
  }
};

parts read_wkb(std::string const& wkb) {
  parts p;
  if (wkb.empty()) {
    return p;
  }
  wkb_reader r{wkb};
  r.geometry(p, 0);
  return p;
}

// ---- drawing helpers ----

// A coordinate in tenths of a pixel as SVG number text ("123.4", "-5", "0.3").
void put_tenths(std::string& out, long long t) {
  if (t < 0) {
    out += '-';
    t = -t;
  } else if (!out.empty() && (std::isdigit(static_cast<unsigned char>(out.back())) || out.back() == '.')) {
    out += ' ';
  }
  out += std::to_string(t / 10);
  if (t % 10 != 0) {
    out += '.';
    out += static_cast<char>('0' + t % 10);
  }
}

std::string num(double v) {  // px value rounded to 0.1
  std::string s;
  put_tenths(s, std::llround(v * 10));
  return s;
}

struct frame {
  double min_x_, max_y_, scale_, ox_, oy_;
  local_projection proj_;
  long long tx(double lon, double lat) const {
    return std::llround((ox_ + (proj_.x({lat, lon}) - min_x_) * scale_) * 10);
  }
  long long ty(double lon, double lat) const {
    return std::llround((oy_ + (max_y_ - proj_.y({lat, lon})) * scale_) * 10);
  }
};

// One ring or line as path data: absolute move, relative segments (h / v when axis-aligned), points
// that round onto the previous one dropped. Returns false when fewer than `min_points` remain.
bool put_ring(std::string& d, ring const& r, frame const& f, bool close, std::size_t min_points) {
  std::vector<std::pair<long long, long long>> pts;
  pts.reserve(r.size());
  for (auto const& [lon, lat] : r) {
    std::pair p{f.tx(lon, lat), f.ty(lon, lat)};
    if (pts.empty() || p != pts.back()) {
      pts.push_back(p);
    }
  }
  if (close && pts.size() > 1 && pts.front() == pts.back()) {
    pts.pop_back();
  }
  if (pts.size() < min_points) {
    return false;
  }
  d += 'M';
  put_tenths(d, pts[0].first);
  put_tenths(d, pts[0].second);
  char last = 'M';
  for (std::size_t i = 1; i < pts.size(); ++i) {
    auto const dx = pts[i].first - pts[i - 1].first;
    auto const dy = pts[i].second - pts[i - 1].second;
    char const cmd = dy == 0 ? 'h' : dx == 0 ? 'v' : 'l';
    if (cmd != last) {
      d += cmd;
      last = cmd;
    }
    if (cmd != 'v') {
      put_tenths(d, dx);
    }
    if (cmd != 'h') {
      put_tenths(d, dy);
    }
  }
  if (close) {
    d += 'z';
  }
  return true;
}

double nice_step(double range, int target) {
  if (!(range > 0)) {
    return 1;
  }
  auto const raw = range / target;
  auto const mag = std::pow(10.0, std::floor(std::log10(raw)));
  auto const n = raw / mag;
  return (n < 1.5 ? 1 : n < 3 ? 2 : n < 7 ? 5 : 10) * mag;
}

int step_decimals(double step) {
  return step >= 1 ? 0 : std::min(6, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
}

std::string svg_open(int w, int h, std::string const& id, std::string const& title, std::string const& alt) {
  auto const ws = std::to_string(w);
  auto const hs = std::to_string(h);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"" + id + "\" viewBox=\"0 0 " + ws + " " + hs + "\" width=\"" +
         ws + "\" height=\"" + hs + "\" role=\"img\" aria-labelledby=\"" + id + "-t " + id + "-d\"><title id=\"" + id +
         "-t\">" + escape(title) + "</title><desc id=\"" + id + "-d\">" + escape(alt) + "</desc>";
}

// Style rules shared by every figure, scoped to the figure's id.
std::string base_style(std::string const& id) {
  auto const s = "#" + id;
  return s + "{font-family:sans-serif;font-size:12px}" + s + " text{fill:#222}" + s + " .lt{font-weight:bold}" + s +
         " .ax{stroke:#444;stroke-width:1;fill:none}" + s + " .gr{stroke:#ddd;stroke-width:1;fill:none}" + s +
         " .sm{font-size:11px}" + s + " .e{text-anchor:end}" + s + " .m{text-anchor:middle}";
}

}  // namespace

std::vector<double> quantile_breaks(std::vector<double> values, int classes) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  std::vector<double> breaks;
  if (values.empty() || classes < 2) {
    return breaks;
  }
  std::sort(values.begin(), values.end());
  auto const m = values.size();
  for (int k = 1; k < classes; ++k) {
    auto const h = static_cast<double>(m - 1) * k / classes;
    auto const lo = static_cast<std::size_t>(std::floor(h));
    auto const hi = std::min(lo + 1, m - 1);
    auto const q = values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
    // A break at the maximum would leave the top class empty (classes include their upper break).
    if ((breaks.empty() || q > breaks.back()) && q < values.back()) {
      breaks.push_back(q);
    }
  }
  return breaks;
}

int class_of(std::vector<double> const& breaks, double v) {
  if (std::isnan(v)) {
    return -1;
  }
  return static_cast<int>(std::lower_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
}

std::vector<std::string> class_colours(std::vector<double> const& breaks, bool diverging, bool reversed) {
  auto const n = breaks.size() + 1;
  std::vector<std::string> out;
  if (diverging) {
    // Class i spans (breaks[i-1], breaks[i]]; below 0 entirely: red, above: blue, across 0: neutral.
    std::size_t neg = 0, pos = 0;
    for (std::size_t i = 0; i < n; ++i) {
      auto const hi = i < breaks.size() ? breaks[i] : std::numeric_limits<double>::infinity();
      auto const lo = i > 0 ? breaks[i - 1] : -std::numeric_limits<double>::infinity();
      neg += hi <= 0 ? 1 : 0;
      pos += lo >= 0 ? 1 : 0;
    }
    auto reds = half(kReds, neg);
    std::reverse(reds.begin(), reds.end());  // darkest at the lowest class
    out = reds;
    for (std::size_t i = neg; i + pos < n; ++i) {
      out.emplace_back(kNeutral);
    }
    auto const blues = half(kBlues, pos);
    out.insert(out.end(), blues.begin(), blues.end());
    if (reversed) {
      std::reverse(out.begin(), out.end());
    }
    return out;
  }
  out = sequential(n);
  if (reversed) {
    std::reverse(out.begin(), out.end());
  }
  return out;
}

namespace detail {

std::string word(std::string const& lang, char const* fr, char const* en) {
  return lang == "en" ? en : fr;
}

int auto_decimals(std::vector<double> const& values) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  bool integers = true;
  for (auto const v : values) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      integers = integers && std::fabs(v - std::round(v)) < 1e-9;
    }
  }
  if (integers || !(hi > lo)) {
    return integers ? 0 : 1;
  }
  auto const spread = hi - lo;
  return spread >= 10 ? 0 : spread >= 1 ? 1 : 2;
}

layer_classes classify(layer const& l, std::string const& lang) {
  layer_classes c;
  std::vector<double> values;
  for (auto const& f : l.features_) {
    values.push_back(f.value_);
  }
  c.breaks_ = l.breaks_.empty() ? quantile_breaks(values, 5) : l.breaks_;
  std::sort(c.breaks_.begin(), c.breaks_.end());
  c.breaks_.erase(std::unique(c.breaks_.begin(), c.breaks_.end()), c.breaks_.end());
  if (l.diverging_ && l.breaks_.empty()) {  // gains and losses never share a class
    auto const [lo, hi] = std::minmax_element(values.begin(), values.end(), [](double a, double b) {
      return std::isnan(a) ? false : std::isnan(b) ? true : a < b;
    });
    if (lo != values.end() && *lo < 0 && *hi > 0 && !std::binary_search(c.breaks_.begin(), c.breaks_.end(), 0.0)) {
      c.breaks_.insert(std::lower_bound(c.breaks_.begin(), c.breaks_.end(), 0.0), 0.0);
    }
  }
  c.colours_ = class_colours(c.breaks_, l.diverging_, l.reversed_);
  auto all = c.breaks_;
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (auto const v : values) {
    if (std::isfinite(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  all.push_back(lo);
  all.push_back(hi);
  c.decimals_ = auto_decimals(all);
  auto const unit = l.unit_.empty() ? std::string{} : "\u00A0" + l.unit_;
  auto const n = c.breaks_.size() + 1;
  for (std::size_t i = 0; i < n; ++i) {
    auto const fmt = [&](double v) { return format_number(v, c.decimals_, lang); };
    std::string text;
    if (n == 1) {
      text = std::isfinite(lo) ? fmt(lo) + " – " + fmt(hi) : std::string{"–"};
    } else if (i == 0) {
      text = std::isfinite(lo) && lo <= c.breaks_[0] ? fmt(lo) + " – " + fmt(c.breaks_[0]) : "≤ " + fmt(c.breaks_[0]);
    } else if (i == n - 1) {
      text = std::isfinite(hi) && hi > c.breaks_[i - 1] ? fmt(c.breaks_[i - 1]) + " – " + fmt(hi)
                                                        : "> " + fmt(c.breaks_[i - 1]);
    } else {
      text = fmt(c.breaks_[i - 1]) + " – " + fmt(c.breaks_[i]);
    }
    c.labels_.push_back(text + unit);
  }
  return c;
}

std::string map_svg(map_figure const& m, std::string const& lang, int width, int height, std::string const& id) {
  double constexpr kLegendW = 240, kMargin = 12, kBottom = 36;
  auto const W = static_cast<double>(width), H = static_cast<double>(height);
  std::vector<std::vector<parts>> geoms(m.layers_.size());
  double min_lon = 180, max_lon = -180, min_lat = 90, max_lat = -90;
  auto const extend = [&](ring const& r) {
    for (auto const& [lon, lat] : r) {
      if (std::isfinite(lon) && std::isfinite(lat)) {
        min_lon = std::min(min_lon, lon), max_lon = std::max(max_lon, lon);
        min_lat = std::min(min_lat, lat), max_lat = std::max(max_lat, lat);
      }
    }
  };
  for (std::size_t li = 0; li < m.layers_.size(); ++li) {
    for (auto const& f : m.layers_[li].features_) {
      auto p = read_wkb(f.wkb_);
      for (auto const& poly : p.polygons_) {
        if (!poly.empty()) {
          extend(poly[0]);
        }
      }
      for (auto const& l : p.lines_) {
        extend(l);
      }
      extend(p.points_);
      geoms[li].push_back(std::move(p));
    }
  }
  bool const empty = min_lon > max_lon;
  if (empty) {
    min_lon = max_lon = 0, min_lat = max_lat = 0;
  }
  local_projection const proj{(min_lat + max_lat) / 2};  // the cos of the extent's mean latitude
  auto min_x = proj.x({min_lat, min_lon}), max_x = proj.x({max_lat, max_lon});
  auto min_y = proj.y({min_lat, min_lon}), max_y = proj.y({max_lat, max_lon});
  if (max_x - min_x < 1000 && max_y - min_y < 1000) {  // one point, or nearly: a 1 km window around it
    auto const cx = (min_x + max_x) / 2, cy = (min_y + max_y) / 2;
    min_x = cx - 500, max_x = cx + 500, min_y = cy - 500, max_y = cy + 500;
  }
  auto const fw = W - kLegendW - 2 * kMargin, fh = H - kMargin - kBottom;
  auto const scale = std::min(fw / std::max(max_x - min_x, 1.0), fh / std::max(max_y - min_y, 1.0));
  frame const f{min_x, max_y, scale, kMargin + (fw - (max_x - min_x) * scale) / 2, kMargin, proj};

  auto const s = "#" + id;
  std::string style = base_style(id) + s + " .f{fill-rule:evenodd;stroke-width:.4;stroke-linejoin:round}" + s +
                      " .nd{fill:url(#" + id + "-nd);stroke:#969696}" + s +
                      " .ol{fill:none;stroke:#333;stroke-width:1.2}" + s + " .ln{fill:none;stroke:" + kAccent +
                      ";stroke-width:2}" + s + " .pt{fill:" + kAccent + ";stroke:#fff;stroke-width:.6}" + s +
                      " .lb{font-size:10px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:2.5px}";
  std::string body;
  std::string legend;
  double ly = kMargin + 14;
  auto const lx = W - kLegendW + 8;
  auto const swatch = [&](std::string const& cls, std::string const& text) {
    legend += "<rect class=\"" + cls + "\" x=\"" + num(lx) + "\" y=\"" + num(ly - 10) +
              "\" width=\"22\" height=\"13\" stroke=\"#666\" stroke-width=\".6\"/><text x=\"" + num(lx + 30) +
              "\" y=\"" + num(ly) + "\">" + escape(text) + "</text>";
    ly += 19;
  };
  auto const legend_title = [&](std::string const& text) {
    legend += "<text class=\"lt\" x=\"" + num(lx) + "\" y=\"" + num(ly) + "\">" + escape(text) + "</text>";
    ly += 19;
  };
  std::string labels;
  for (std::size_t li = 0; li < m.layers_.size(); ++li) {
    auto const& l = m.layers_[li];
    auto const prefix = "c" + std::to_string(li) + "_";
    std::vector<std::string> cls(l.features_.size());
    std::size_t no_data = 0;
    std::string colour_rules;
    std::string layer_legend;
    if (l.kind_ == layer_kind::kChoropleth) {
      auto const c = classify(l, lang);
      std::vector<std::size_t> counts(c.colours_.size());
      for (std::size_t i = 0; i < l.features_.size(); ++i) {
        auto const k = class_of(c.breaks_, l.features_[i].value_);
        if (k < 0) {
          cls[i] = "nd";
          ++no_data;
        } else {
          cls[i] = prefix + std::to_string(k);
          ++counts[static_cast<std::size_t>(k)];
        }
      }
      for (std::size_t k = 0; k < c.colours_.size(); ++k) {
        colour_rules +=
            s + " ." + prefix + std::to_string(k) + "{fill:" + c.colours_[k] + ";stroke:" + c.colours_[k] + "}";
      }
      legend_title(l.name_);
      for (std::size_t k = 0; k < c.colours_.size(); ++k) {
        swatch(prefix + std::to_string(k), c.labels_[k] + " (" + format_number(double(counts[k]), 0, lang) + ")");
      }
    } else if (l.kind_ == layer_kind::kCategories) {
      for (std::size_t k = 0; k < l.category_colours_.size(); ++k) {
        auto const colour = safe_colour(l.category_colours_[k].second);
        colour_rules += s + " ." + prefix + std::to_string(k) + "{fill:" + colour + ";stroke:" + colour + "}";
      }
      for (std::size_t i = 0; i < l.features_.size(); ++i) {
        auto const it = std::find_if(l.category_colours_.begin(), l.category_colours_.end(),
                                     [&](auto const& cc) { return cc.first == l.features_[i].category_; });
        if (it == l.category_colours_.end()) {
          cls[i] = "nd";
          ++no_data;
        } else {
          cls[i] = prefix + std::to_string(it - l.category_colours_.begin());
        }
      }
      legend_title(l.name_);
      for (std::size_t k = 0; k < l.category_colours_.size(); ++k) {
        swatch(prefix + std::to_string(k), l.category_colours_[k].first);
      }
    } else {
      auto const c = l.kind_ == layer_kind::kOutline ? "ol" : l.kind_ == layer_kind::kLines ? "ln" : "pt";
      std::fill(cls.begin(), cls.end(), c);
      if (l.kind_ == layer_kind::kPoints) {
        legend += "<circle class=\"pt\" cx=\"" + num(lx + 11) + "\" cy=\"" + num(ly - 4) + "\" r=\"4\"/>";
      } else {
        legend += "<path class=\"" + std::string{c} + "\" d=\"M" + num(lx) + " " + num(ly - 4) + "h22\"/>";
      }
      legend += "<text x=\"" + num(lx + 30) + "\" y=\"" + num(ly) + "\">" + escape(l.name_) + "</text>";
      ly += 19;
    }
    if (no_data > 0) {
      swatch("nd", word(lang, "pas de donnée", "no data") + " (" + format_number(double(no_data), 0, lang) + ")");
    }
    if (l.kind_ == layer_kind::kChoropleth || l.kind_ == layer_kind::kCategories) {
      ly += 8;
    }
    style += colour_rules;
    // Coloured lines: the class gives the colour, `lc` makes it a stroke (after the colour rules).
    style += s + " ." + prefix + "lc{fill:none;stroke-width:2}";
    body += "<g>";
    for (std::size_t i = 0; i < l.features_.size(); ++i) {
      auto const& p = geoms[li][i];
      if (!p.polygons_.empty()) {
        std::string d;
        for (auto const& poly : p.polygons_) {
          for (auto const& r : poly) {
            put_ring(d, r, f, true, 3);
          }
        }
        if (!d.empty()) {
          body += "<path class=\"" + (cls[i] == "ol" ? cls[i] : "f " + cls[i]) + "\" d=\"" + d + "\"/>";
        }
      }
      if (!p.lines_.empty()) {
        std::string d;
        for (auto const& r : p.lines_) {
          put_ring(d, r, f, false, 2);
        }
        if (!d.empty()) {
          auto const c =
              cls[i] == "ol" || cls[i] == "ln" || cls[i] == "pt" ? std::string{"ln"} : cls[i] + " " + prefix + "lc";
          body += "<path class=\"" + c + "\" d=\"" + d + "\"/>";
        }
      }
      for (auto const& [lon, lat] : p.points_) {
        std::string c = cls[i] == "ol" || cls[i] == "ln" ? "pt" : cls[i];
        body += "<circle class=\"" + c + "\" cx=\"";
        put_tenths(body, f.tx(lon, lat));
        body += "\" cy=\"";
        put_tenths(body, f.ty(lon, lat));
        body += "\" r=\"3.5\"/>";
      }
      if (l.labels_ && !l.features_[i].label_.empty()) {
        ring all;
        for (auto const& poly : p.polygons_) {
          if (!poly.empty()) {
            all.insert(all.end(), poly[0].begin(), poly[0].end());
          }
        }
        for (auto const& r : p.lines_) {
          all.insert(all.end(), r.begin(), r.end());
        }
        all.insert(all.end(), p.points_.begin(), p.points_.end());
        if (!all.empty()) {
          auto [a, b] = std::minmax_element(all.begin(), all.end());
          double lat_lo = 90, lat_hi = -90;
          for (auto const& q : all) {
            lat_lo = std::min(lat_lo, q.second), lat_hi = std::max(lat_hi, q.second);
          }
          auto const lon_c = (a->first + b->first) / 2, lat_c = (lat_lo + lat_hi) / 2;
          labels += "<text class=\"lb\" x=\"";
          put_tenths(labels, f.tx(lon_c, lat_c));
          labels += "\" y=\"";
          put_tenths(labels, f.ty(lon_c, lat_c) + (p.points_.empty() ? 35 : -70));
          labels += "\">" + escape(l.features_[i].label_) + "</text>";
        }
      }
    }
    body += "</g>";
  }
  // Cut to the map or the legend, whichever is taller: a wide territory leaves no empty band below.
  auto const used = std::max(kMargin + (max_y - min_y) * scale + kBottom, ly + kMargin);
  auto const out_h = static_cast<int>(std::ceil(std::min(H, used)));
  std::string out = svg_open(width, out_h, id, m.title_, m.alt_);
  out += "<style>" + style + "</style>";
  out += "<defs><pattern id=\"" + id +
         "-nd\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">"
         "<rect width=\"6\" height=\"6\" fill=\"#e0e0e0\"/><path d=\"M0 0v6\" stroke=\"#8c8c8c\" "
         "stroke-width=\"2\"/></pattern></defs>";
  out += "<rect width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(out_h) + "\" fill=\"#fff\"/>";
  if (empty) {
    out += "<text class=\"m\" x=\"" + num(kMargin + fw / 2) + "\" y=\"" + num(kMargin + fh / 2) + "\">" +
           escape(word(lang, "pas de donnée", "no data")) + "</text>";
  }
  out += body + labels;
  // North arrow, top left of the map frame.
  auto const nx = kMargin + 18, ny = kMargin + 8;
  out += "<rect x=\"" + num(nx - 12) + "\" y=\"" + num(ny - 4) +
         "\" width=\"24\" height=\"44\" rx=\"3\" fill=\"#fff\" "
         "fill-opacity=\".85\"/>";  // readable over the map
  out += "<path d=\"M" + num(nx) + " " + num(ny) + "l7 20-7-5-7 5z\" fill=\"#222\"/><text class=\"m lt\" x=\"" +
         num(nx) + "\" y=\"" + num(ny + 34) + "\">N</text>";
  // Scale bar, bottom left: the longest 1-2-5 length that fits a fifth of the frame.
  auto const target_m = fw / 5 / scale;
  auto const mag = std::pow(10.0, std::floor(std::log10(target_m)));
  auto const bar_m = (target_m >= 5 * mag ? 5 : target_m >= 2 * mag ? 2 : 1) * mag;
  auto const bar_px = bar_m * scale;
  auto const sy = double(out_h) - 14;
  auto const bar_text =
      bar_m >= 1000
          ? format_number(bar_m / 1000, bar_m >= 1000 && std::fmod(bar_m, 1000) == 0 ? 0 : 1, lang) + "\u00A0km"
          : format_number(bar_m, 0, lang) + "\u00A0m";
  out += "<path class=\"ax\" d=\"M" + num(kMargin) + " " + num(sy - 6) + "v6h" + num(bar_px) + "v-6\"/><text x=\"" +
         num(kMargin + bar_px + 6) + "\" y=\"" + num(sy) + "\">" + bar_text + "</text>";
  out += "<g>" + legend + "</g></svg>";
  return out;
}

std::string lorenz_svg(lorenz_figure const& fig, std::string const& lang, int width, int height,
                       std::string const& id) {
  auto const W = double(width), H = double(height);
  double constexpr L = 64, T = 16, kLegendW = 190;
  auto const size = std::max(50.0, std::min(W - L - kLegendW - 10, H - T - 56));
  auto const px = [&](double x) { return L + std::clamp(x, 0.0, 1.0) * size; };
  auto const py = [&](double y) { return T + (1 - std::clamp(y, 0.0, 1.0)) * size; };
  std::string out = svg_open(width, height, id, fig.title_, fig.alt_);
  out += "<style>" + base_style(id) + "</style><rect width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" fill=\"#fff\"/>";
  for (int k = 0; k <= 5; ++k) {
    auto const v = k / 5.0;
    auto const label = format_number(v * 100, 0, lang);
    out += "<path class=\"gr\" d=\"M" + num(px(v)) + " " + num(py(0)) + "V" + num(py(1)) + "M" + num(px(0)) + " " +
           num(py(v)) + "H" + num(px(1)) + "\"/>";
    out += "<text class=\"m sm\" x=\"" + num(px(v)) + "\" y=\"" + num(py(0) + 16) + "\">" + label + "</text>";
    out += "<text class=\"e sm\" x=\"" + num(px(0) - 6) + "\" y=\"" + num(py(v) + 4) + "\">" + label + "</text>";
  }
  out += "<path class=\"ax\" d=\"M" + num(px(0)) + " " + num(py(1)) + "V" + num(py(0)) + "H" + num(px(1)) + "\"/>";
  out += "<text class=\"m\" x=\"" + num(px(0.5)) + "\" y=\"" + num(py(0) + 36) + "\">" +
         escape(word(lang, "Part cumulée de la population (%)", "Cumulative share of population (%)")) + "</text>";
  out += "<text class=\"m\" transform=\"translate(" + num(L - 44) + " " + num(py(0.5)) + ") rotate(-90)\">" +
         escape(word(lang, "Part cumulée de la valeur (%)", "Cumulative share of the value (%)")) + "</text>";
  out += "<path d=\"M" + num(px(0)) + " " + num(py(0)) + "L" + num(px(1)) + " " + num(py(1)) +
         "\" stroke=\"#888\" stroke-dasharray=\"5 4\" fill=\"none\"/>";
  auto const lx = L + size + 24;
  double ly = T + 14;
  out += "<path d=\"M" + num(lx) + " " + num(ly - 4) + "h24\" stroke=\"#888\" stroke-dasharray=\"5 4\"/><text x=\"" +
         num(lx + 30) + "\" y=\"" + num(ly) + "\">" + escape(word(lang, "Égalité parfaite", "Perfect equality")) +
         "</text>";
  ly += 20;
  for (std::size_t c = 0; c < fig.curves_.size(); ++c) {
    auto const colour = kSeries[c % kSeries.size()];
    auto const& pts = fig.curves_[c].second;
    std::string d = "M" + num(px(0)) + " " + num(py(0));
    for (auto const& [x, y] : pts) {
      d += "L" + num(px(x)) + " " + num(py(y));
    }
    auto const dash = c >= kSeries.size() ? "" : c % 2 == 1 ? " stroke-dasharray=\"8 3\"" : "";
    out += "<path d=\"" + d + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.2\"" + dash + "/>";
    out += "<path d=\"M" + num(lx) + " " + num(ly - 4) + "h24\" stroke=\"" + colour + "\" stroke-width=\"2.2\"" + dash +
           "/><text x=\"" + num(lx + 30) + "\" y=\"" + num(ly) + "\">" + escape(fig.curves_[c].first) + "</text>";
    ly += 20;
  }
  return out + "</svg>";
}

std::string bar_svg(bar_figure const& fig, std::string const& lang, int width, int height, std::string const& id) {
  auto const W = double(width), H = double(height);
  double constexpr L = 76, R = 16, T = 44;
  auto const G = std::max<std::size_t>(fig.groups_.size(), 1);
  auto const S = std::max<std::size_t>(fig.series_.size(), 1);
  double lo = 0, hi = 0;
  for (auto const& row : fig.values_) {
    for (auto const v : row) {
      if (std::isfinite(v)) {
        lo = std::min(lo, v), hi = std::max(hi, v);
      }
    }
  }
  auto const step = nice_step(hi - lo, 5);
  lo = std::floor(lo / step - 1e-9) * step;
  hi = std::max(std::ceil(hi / step - 1e-9) * step, lo + step);
  auto const pw = W - L - R;
  auto const gw = pw / double(G);
  // Long group names turn to fit: about 6.5 px per character at 11 px.
  std::size_t longest = 0;
  for (auto const& g : fig.groups_) {
    longest = std::max(longest, g.size());
  }
  bool const turned = double(longest) * 6.5 > gw;
  auto const B = turned ? std::min(H / 3, 20 + double(longest) * 4.8) : 40.0;
  auto const ph = H - T - B;
  auto const py = [&](double v) { return T + (hi - v) / (hi - lo) * ph; };
  std::string out = svg_open(width, height, id, fig.title_, fig.alt_);
  out += "<style>" + base_style(id) + "</style><rect width=\"" + std::to_string(width) + "\" height=\"" +
         std::to_string(height) + "\" fill=\"#fff\"/>";
  auto const dec = step_decimals(step);
  for (auto v = lo; v <= hi + step / 2; v += step) {
    out += "<path class=\"gr\" d=\"M" + num(L) + " " + num(py(v)) + "H" + num(L + pw) +
           "\"/><text class=\"e sm\" x=\"" + num(L - 6) + "\" y=\"" + num(py(v) + 4) + "\">" +
           format_number(std::fabs(v) < step / 1e6 ? 0 : v, dec, lang) + "</text>";
  }
  if (!fig.unit_.empty()) {
    out += "<text class=\"m\" transform=\"translate(" + num(16) + " " + num(T + ph / 2) + ") rotate(-90)\">" +
           escape(fig.unit_) + "</text>";
  }
  auto const bw = gw * 0.8 / double(S);
  for (std::size_t s = 0; s < fig.values_.size() && s < S; ++s) {
    auto const colour = kSeries[s % kSeries.size()];
    for (std::size_t g = 0; g < fig.values_[s].size() && g < G; ++g) {
      auto const v = fig.values_[s][g];
      if (!std::isfinite(v)) {
        continue;
      }
      auto const x = L + double(g) * gw + gw * 0.1 + double(s) * bw;
      auto const y0 = py(0), y1 = py(v);
      out += "<rect x=\"" + num(x) + "\" y=\"" + num(std::min(y0, y1)) + "\" width=\"" + num(bw * 0.92) +
             "\" height=\"" + num(std::fabs(y1 - y0)) + "\" fill=\"" + colour + "\"/>";
    }
  }
  out += "<path class=\"ax\" d=\"M" + num(L) + " " + num(T) + "V" + num(T + ph) + "M" + num(L) + " " + num(py(0)) +
         "H" + num(L + pw) + "\"/>";
  for (std::size_t g = 0; g < fig.groups_.size(); ++g) {
    auto const x = L + (double(g) + 0.5) * gw;
    auto const y = T + ph + 16;
    if (turned) {
      out += "<text class=\"e sm\" transform=\"translate(" + num(x) + " " + num(y) + ") rotate(-35)\">" +
             escape(fig.groups_[g]) + "</text>";
    } else {
      out += "<text class=\"m sm\" x=\"" + num(x) + "\" y=\"" + num(y) + "\">" + escape(fig.groups_[g]) + "</text>";
    }
  }
  double lx = L;
  for (std::size_t s = 0; s < fig.series_.size(); ++s) {
    out += "<rect x=\"" + num(lx) + "\" y=\"" + num(T - 30) + "\" width=\"14\" height=\"12\" fill=\"" +
           kSeries[s % kSeries.size()] + "\"/><text x=\"" + num(lx + 20) + "\" y=\"" + num(T - 20) + "\">" +
           escape(fig.series_[s]) + "</text>";
    lx += 40 + double(fig.series_[s].size()) * 7;
  }
  return out + "</svg>";
}

}  // namespace detail

std::string render_svg(map_figure const& m, std::string const& lang, int width, int height) {
  return detail::map_svg(m, lang, width, height, "map");
}
std::string render_svg(lorenz_figure const& f, std::string const& lang, int width, int height) {
  return detail::lorenz_svg(f, lang, width, height, "lorenz");
}
std::string render_svg(bar_figure const& f, std::string const& lang, int width, int height) {
  return detail::bar_svg(f, lang, width, height, "bars");
}

}  // namespace solimob::report
