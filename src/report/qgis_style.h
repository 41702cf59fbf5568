#pragma once

#include <string>
#include <vector>

#include "io/vector_io.h"

// QGIS styles stored in a GeoPackage: QGIS reads the table `layer_styles` (the columns QGIS itself
// writes when a style is saved "in the database") and applies the default style of each layer when it
// is opened, so the layers of a diagnostic open already coloured.
namespace solimob::report {

enum class geometry_kind : std::uint8_t { kPolygon, kPoint, kLine };

// One class of a graduated or categorised style: its bounds (graduated) or value (categorised), its
// legend label and its colour ("#rrggbb").
struct style_class {
  double lower_{0}, upper_{0};
  std::string value_, label_, colour_;
};

// A graduated renderer on a numeric field.
std::string graduated_qml(std::string const& field, std::vector<style_class> const& classes, geometry_kind);
// A categorised renderer on a text field.
std::string categorized_qml(std::string const& field, std::vector<style_class> const& classes, geometry_kind);
// One symbol for every feature.
std::string single_qml(std::string const& colour, geometry_kind, bool outline_only = false);

struct layer_style {
  std::string layer_;  // table name in the GeoPackage
  std::string name_;   // style name shown in QGIS
  std::string qml_;
};

// The `layer_styles` table to write with the layers (every style the default of its layer).
io::table layer_styles_table(std::vector<layer_style> const&);

}  // namespace solimob::report
