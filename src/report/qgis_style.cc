#include "report/qgis_style.h"

#include <cstdio>
#include <sstream>

#include "report/report.h"

namespace solimob::report {

namespace {

// "#rrggbb" -> "r,g,b,255", QGIS's colour notation.
std::string qgis_colour(std::string const& hex) {
  unsigned r = 128, g = 128, b = 128;
  if (hex.size() == 7 && hex[0] == '#') {
    std::sscanf(hex.c_str() + 1, "%02x%02x%02x", &r, &g, &b);
  }
  return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ",255";
}

std::string symbol(std::string const& name, std::string const& colour, geometry_kind kind, bool outline_only = false) {
  std::ostringstream s;
  auto const c = qgis_colour(colour);
  switch (kind) {
    case geometry_kind::kPolygon:
      s << "<symbol type=\"fill\" name=\"" << name << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
        << "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
        << "<Option name=\"color\" type=\"QString\" value=\"" << c << "\"/>"
        << "<Option name=\"style\" type=\"QString\" value=\"" << (outline_only ? "no" : "solid") << "\"/>"
        << "<Option name=\"outline_color\" type=\"QString\" value=\"" << (outline_only ? c : "80,80,80,255") << "\"/>"
        << "<Option name=\"outline_style\" type=\"QString\" value=\"" << (outline_only ? "solid" : "no") << "\"/>"
        << "<Option name=\"outline_width\" type=\"QString\" value=\"0.4\"/>"
        << "</Option></layer></symbol>";
      break;
    case geometry_kind::kPoint:
      s << "<symbol type=\"marker\" name=\"" << name << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
        << "<layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
        << "<Option name=\"color\" type=\"QString\" value=\"" << c << "\"/>"
        << "<Option name=\"name\" type=\"QString\" value=\"circle\"/>"
        << "<Option name=\"size\" type=\"QString\" value=\"2.4\"/>"
        << "<Option name=\"outline_color\" type=\"QString\" value=\"35,35,35,255\"/>"
        << "</Option></layer></symbol>";
      break;
    case geometry_kind::kLine:
      s << "<symbol type=\"line\" name=\"" << name << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
        << "<layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
        << "<Option name=\"line_color\" type=\"QString\" value=\"" << c << "\"/>"
        << "<Option name=\"line_width\" type=\"QString\" value=\"0.8\"/>"
        << "</Option></layer></symbol>";
      break;
  }
  return s.str();
}

std::string qml_document(std::string const& renderer) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.28.0\" "
         "styleCategories=\"Symbology\">" +
         renderer + "</qgis>\n";
}

}  // namespace

std::string graduated_qml(std::string const& field, std::vector<style_class> const& classes, geometry_kind kind) {
  std::ostringstream r;
  r << "<renderer-v2 type=\"graduatedSymbol\" attr=\"" << escape(field)
    << "\" graduatedMethod=\"GraduatedColor\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><ranges>";
  for (auto i = 0U; i != classes.size(); ++i) {
    r << "<range lower=\"" << classes[i].lower_ << "\" upper=\"" << classes[i].upper_ << "\" label=\""
      << escape(classes[i].label_) << "\" symbol=\"" << i << "\" render=\"true\"/>";
  }
  r << "</ranges><symbols>";
  for (auto i = 0U; i != classes.size(); ++i) {
    r << symbol(std::to_string(i), classes[i].colour_, kind);
  }
  r << "</symbols></renderer-v2>";
  return qml_document(r.str());
}

std::string categorized_qml(std::string const& field, std::vector<style_class> const& classes, geometry_kind kind) {
  std::ostringstream r;
  r << "<renderer-v2 type=\"categorizedSymbol\" attr=\"" << escape(field)
    << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>";
  for (auto i = 0U; i != classes.size(); ++i) {
    r << "<category value=\"" << escape(classes[i].value_) << "\" label=\"" << escape(classes[i].label_)
      << "\" symbol=\"" << i << "\" render=\"true\"/>";
  }
  r << "</categories><symbols>";
  for (auto i = 0U; i != classes.size(); ++i) {
    r << symbol(std::to_string(i), classes[i].colour_, kind);
  }
  r << "</symbols></renderer-v2>";
  return qml_document(r.str());
}

std::string single_qml(std::string const& colour, geometry_kind kind, bool outline_only) {
  return qml_document(
      "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>" +
      symbol("0", colour, kind, outline_only) + "</symbols></renderer-v2>");
}

io::table layer_styles_table(std::vector<layer_style> const& styles) {
  io::table t{"layer_styles",
              {{"f_table_catalog", io::column::type::kText},
               {"f_table_schema", io::column::type::kText},
               {"f_table_name", io::column::type::kText},
               {"f_geometry_column", io::column::type::kText},
               {"styleName", io::column::type::kText},
               {"styleQML", io::column::type::kText},
               {"styleSLD", io::column::type::kText},
               {"useAsDefault", io::column::type::kInteger},
               {"description", io::column::type::kText},
               {"owner", io::column::type::kText},
               {"ui", io::column::type::kText},
               {"update_time", io::column::type::kText}},
              {},
              {}};
  for (auto const& s : styles) {
    t.rows_.push_back({std::string{}, std::string{}, s.layer_, std::string{"geom"}, s.name_, s.qml_, std::string{},
                       std::int64_t{1}, std::string{"solimob"}, std::string{}, std::string{}, std::string{}});
  }
  return t;
}

}  // namespace solimob::report
