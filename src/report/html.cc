#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "report/detail/figures.h"
#include "report/report.h"

namespace solimob::report {

namespace {

using detail::word;

// Print-friendly: A4, each top-level section on a new page, figures and table rows never split.
constexpr char const* kStyle = R"(
@page{size:A4;margin:16mm 14mm}
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:11pt;line-height:1.4;color:#1e1e1e;max-width:60rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.8rem;margin:1rem 0 .2rem}h2{font-size:1.4rem;margin-top:2rem;border-bottom:2px solid #000091}
h3{font-size:1.15rem}.subtitle{font-size:1.1rem;color:#3a3a3a;margin-top:0}
.synthetic{border:2px solid #b34000;background:#fff4ec;color:#6e2900;padding:.5rem .8rem;font-weight:bold;margin:.8rem 0}
.findings{background:#eef3ff;border-left:5px solid #000091;padding:.6rem 1rem .6rem 2rem;margin:1rem 0}
.findings li{margin:.3rem 0}
figure{margin:1.2rem 0;break-inside:avoid;page-break-inside:avoid}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-size:.9rem;color:#3a3a3a;margin-top:.3rem}.fig-title{font-weight:bold;color:#1e1e1e;display:block}
table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}caption{text-align:left;font-weight:bold;padding:.2rem 0}
th,td{border:1px solid #bbb;padding:.2rem .5rem;vertical-align:top}thead th{background:#f0f0f0}
td.n{text-align:right;white-space:nowrap}.note{font-size:.85rem;color:#3a3a3a}
details summary{cursor:pointer;color:#000091}
nav ol{padding-left:1.4rem}nav a{color:#000091}
dl dt{font-weight:bold;margin-top:.4rem}dl dd{margin-left:1.2rem}
footer{margin-top:2rem;border-top:1px solid #bbb;padding-top:.4rem;font-size:.85rem}
@media print{body{max-width:none;padding:0}h2{break-before:page;page-break-before:always}
nav h2{break-before:auto;page-break-before:auto}tr{break-inside:avoid}details{display:none}
a{color:inherit;text-decoration:none}}
)";

// Text inside a CSS string: anything that could end the string, the rule or the <style> element becomes
// a hex escape (the space after it ends the escape).
std::string css_string(std::string const& text) {
  std::string out;
  for (auto const c : text) {
    auto const u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '{' || c == '}' || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\%x ", u < 0x20 ? 0x20U : u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

// Above this many features, a map's data table counts them per class instead of listing them.
constexpr std::size_t kMaxFeatureRows = 400;

struct writer {
  std::string const& lang_;
  std::string out_;
  int figures_{0};

  void text(std::string const& s) { out_ += escape(s); }

  void table(table_block const& t) {
    out_ += "<table><caption>";
    text(t.caption_);
    out_ += "</caption>";
    if (!t.header_.empty()) {
      out_ += "<thead><tr>";
      for (auto const& h : t.header_) {
        out_ += "<th scope=\"col\">";
        text(h);
        out_ += "</th>";
      }
      out_ += "</tr></thead>";
    }
    out_ += "<tbody>";
    for (auto const& row : t.rows_) {
      out_ += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        out_ += i == 0 ? "<th scope=\"row\">" : "<td>";
        text(row[i]);
        out_ += i == 0 ? "</th>" : "</td>";
      }
      out_ += "</tr>";
    }
    out_ += "</tbody></table>";
    if (!t.note_.empty()) {
      out_ += "<p class=\"note\">";
      text(t.note_);
      out_ += "</p>";
    }
  }

  // <figure>: the SVG, its caption, then its data as a table behind a disclosure (RGAA: the figure's
  // information available as text).
  void figure(std::string const& svg, std::string const& title, std::string const& caption, table_block const& data) {
    out_ += "<figure>" + svg + "<figcaption><span class=\"fig-title\">";
    text(title);
    out_ += "</span>";
    text(caption);
    out_ += "</figcaption><details><summary>";
    text(word(lang_, "Données de la figure", "Data of the figure"));
    out_ += "</summary>";
    table(data);
    out_ += "</details></figure>";
  }

  std::string next_id() { return "fig" + std::to_string(++figures_); }

  void block(paragraph const& p) {
    out_ += "<p>";
    text(p.text_);
    out_ += "</p>";
  }
  void block(findings const& f) {
    out_ += "<ul class=\"findings\" aria-label=\"";
    text(word(lang_, "Constats clés", "Key findings"));
    out_ += "\">";
    for (auto const& i : f.items_) {
      out_ += "<li>";
      text(i);
      out_ += "</li>";
    }
    out_ += "</ul>";
  }
  void block(table_block const& t) { table(t); }

  void block(map_figure const& m) {
    table_block data;
    data.caption_ = m.title_;
    data.header_ = {word(lang_, "Élément", "Feature"), word(lang_, "Couche", "Layer"), word(lang_, "Valeur", "Value"),
                    word(lang_, "Classe", "Class")};
    for (auto const& l : m.layers_) {
      if (l.kind_ != layer_kind::kChoropleth && l.kind_ != layer_kind::kCategories) {
        continue;
      }
      auto const c = l.kind_ == layer_kind::kChoropleth ? detail::classify(l, lang_) : detail::layer_classes{};
      // A layer of thousands of cells would make the page heavy: its table counts the features per
      // class (the legend's information); every value is in the tables that come with the report.
      if (l.features_.size() > kMaxFeatureRows) {
        std::vector<std::pair<std::string, std::size_t>> counts;
        for (auto const& f : l.features_) {
          std::string k;
          if (l.kind_ == layer_kind::kChoropleth) {
            auto const x = class_of(c.breaks_, f.value_);
            k = x < 0 ? word(lang_, "pas de donnée", "no data") : c.labels_[std::size_t(x)];
          } else {
            k = f.category_.empty() ? word(lang_, "pas de donnée", "no data") : f.category_;
          }
          auto const it = std::find_if(counts.begin(), counts.end(), [&](auto const& p) { return p.first == k; });
          if (it == counts.end()) {
            counts.emplace_back(k, 1);
          } else {
            ++it->second;
          }
        }
        for (auto const& [k, n] : counts) {
          data.rows_.push_back({word(lang_, "tous", "all"), l.name_, format_number(double(n), 0, lang_), k});
        }
        data.header_[2] = word(lang_, "Nombre d'éléments", "Number of features");
        data.note_ = word(lang_, "Valeurs de chaque élément : dans les tableaux qui accompagnent le rapport.",
                          "The value of each feature: in the tables that come with the report.");
        continue;
      }
      for (std::size_t i = 0; i < l.features_.size(); ++i) {
        auto const& f = l.features_[i];
        auto const label = f.label_.empty() ? "#" + std::to_string(i + 1) : f.label_;
        if (l.kind_ == layer_kind::kChoropleth) {
          auto const k = class_of(c.breaks_, f.value_);
          data.rows_.push_back({label, l.name_, std::isnan(f.value_) ? "" : format_number(f.value_, c.decimals_, lang_),
                                k < 0 ? word(lang_, "pas de donnée", "no data") : c.labels_[std::size_t(k)]});
        } else {
          data.rows_.push_back({label, l.name_, std::isnan(f.value_) ? "" : format_number(f.value_, 1, lang_),
                                f.category_.empty() ? word(lang_, "pas de donnée", "no data") : f.category_});
        }
      }
    }
    figure(detail::map_svg(m, lang_, 900, 700, next_id()), m.title_, m.caption_, data);
  }

  void block(lorenz_figure const& f) {
    table_block data;
    data.caption_ = f.title_;
    data.header_ = {word(lang_, "Courbe", "Curve"),
                    word(lang_, "Part cumulée de la population (%)", "Cumulative share of population (%)"),
                    word(lang_, "Part cumulée de la valeur (%)", "Cumulative share of the value (%)")};
    for (auto const& [name, pts] : f.curves_) {
      for (auto const& [x, y] : pts) {
        data.rows_.push_back({name, format_number(x * 100, 1, lang_), format_number(y * 100, 1, lang_)});
      }
    }
    figure(detail::lorenz_svg(f, lang_, 600, 480, next_id()), f.title_, f.caption_, data);
  }

  void block(bar_figure const& f) {
    table_block data;
    data.caption_ = f.title_;
    data.header_.push_back(word(lang_, "Groupe", "Group"));
    std::vector<double> all;
    for (auto const& row : f.values_) {
      all.insert(all.end(), row.begin(), row.end());
    }
    auto const dec = detail::auto_decimals(all);
    for (auto const& s : f.series_) {
      data.header_.push_back(f.unit_.empty() ? s : s + " (" + f.unit_ + ")");
    }
    for (std::size_t g = 0; g < f.groups_.size(); ++g) {
      std::vector<std::string> row{f.groups_[g]};
      for (std::size_t s = 0; s < f.series_.size(); ++s) {
        auto const v = s < f.values_.size() && g < f.values_[s].size() ? f.values_[s][g] : kNoValue;
        row.push_back(format_number(v, dec, lang_));
      }
      data.rows_.push_back(std::move(row));
    }
    figure(detail::bar_svg(f, lang_, 900, 480, next_id()), f.title_, f.caption_, data);
  }

  void sections(std::vector<section> const& ss, std::string const& prefix, int level) {
    for (std::size_t i = 0; i < ss.size(); ++i) {
      auto const id = prefix + std::to_string(i + 1);
      auto const h = "h" + std::to_string(std::min(level, 6));
      out_ += "<section aria-labelledby=\"" + id + "\"><" + h + " id=\"" + id + "\">";
      text(ss[i].title_);
      out_ += "</" + h + ">";
      for (auto const& b : ss[i].blocks_) {
        std::visit([&](auto const& x) { block(x); }, b);
      }
      sections(ss[i].subsections_, id + "-", level + 1);
      out_ += "</section>";
    }
  }

  void toc(std::vector<section> const& ss, std::string const& prefix) {
    out_ += "<ol>";
    for (std::size_t i = 0; i < ss.size(); ++i) {
      auto const id = prefix + std::to_string(i + 1);
      out_ += "<li><a href=\"#" + id + "\">";
      text(ss[i].title_);
      out_ += "</a>";
      if (!ss[i].subsections_.empty()) {
        toc(ss[i].subsections_, id + "-");
      }
      out_ += "</li>";
    }
    out_ += "</ol>";
  }
};

}  // namespace

std::string render_html(document const& d) {
  auto const lang = d.lang_ == "en" ? std::string{"en"} : std::string{"fr"};
  writer w{lang, {}};
  auto& o = w.out_;
  o += "<!doctype html>\n<html lang=\"" + lang + "\">\n<head>\n<meta charset=\"utf-8\">\n";
  // Nothing may be fetched: the file opens offline and a hostile value in the data cannot call out.
  o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
       "img-src data:\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  w.text(d.title_);
  o += "</title>\n<style>";
  o += kStyle;
  if (!d.synthetic_note_.empty()) {
    // The banner again in the top margin of every printed page (CSS page margin boxes, Chromium >= 131).
    o += "@page{@top-center{content:\"" + css_string(d.synthetic_note_) +
         "\";font-size:8pt;color:#6e2900;font-family:sans-serif}}\n";
  }
  o += "</style>\n</head>\n<body>\n";
  auto const banner = [&](char const* cls) {
    if (!d.synthetic_note_.empty()) {
      o += "<p class=\"" + std::string{cls} + "\" role=\"note\">";
      w.text(d.synthetic_note_);
      o += "</p>\n";
    }
  };
  o += "<header>\n";
  banner("synthetic");
  o += "<h1>";
  w.text(d.title_);
  o += "</h1>\n";
  if (!d.subtitle_.empty()) {
    o += "<p class=\"subtitle\">";
    w.text(d.subtitle_);
    o += "</p>\n";
  }
  o += "</header>\n<nav aria-labelledby=\"toc\"><h2 id=\"toc\">";
  w.text(word(lang, "Sommaire", "Contents"));
  o += "</h2>";
  auto sections = d.sections_;
  if (!d.provenance_.empty()) {
    sections.push_back({word(lang, "Méthode et sources", "Method and sources"), {}, {}});
  }
  w.toc(sections, "s");
  o += "</nav>\n<main>\n";
  w.sections(d.sections_, "s", 2);
  if (!d.provenance_.empty()) {
    auto const id = "s" + std::to_string(sections.size());
    o += "<section aria-labelledby=\"" + id + "\"><h2 id=\"" + id + "\">";
    w.text(sections.back().title_);
    o += "</h2><dl>";
    for (auto const& [term, text] : d.provenance_) {
      o += "<dt>";
      w.text(term);
      o += "</dt><dd>";
      w.text(text);
      o += "</dd>";
    }
    o += "</dl></section>";
  }
  o += "\n</main>\n<footer>\n";
  banner("synthetic-foot");
  o += "<p>";
  w.text(word(lang, "Rapport produit par solimob.", "Report produced by solimob."));
  o += "</p>\n</footer>\n</body>\n</html>\n";
  return o;
}

}  // namespace solimob::report
