#pragma once

#include <string>
#include <vector>

#include "report/report.h"

// Shared by svg.cc and html.cc: figures drawn with an id (inline SVGs share the document's id and
// style namespace, so every id and style rule is scoped by it) and the words of the renderer.
namespace solimob::report::detail {

// The classes of a choropleth layer: breaks (from the layer or quantiles, 0 added for diverging),
// one colour and one legend text per class, the decimals its numbers are shown with.
struct layer_classes {
  std::vector<double> breaks_;
  std::vector<std::string> colours_;
  std::vector<std::string> labels_;
  int decimals_{0};
};
layer_classes classify(layer const&, std::string const& lang);

std::string map_svg(map_figure const&, std::string const& lang, int width, int height, std::string const& id);
std::string lorenz_svg(lorenz_figure const&, std::string const& lang, int width, int height, std::string const& id);
std::string bar_svg(bar_figure const&, std::string const& lang, int width, int height, std::string const& id);

// Decimals that show `values` without noise: 0 when all are integers or the spread is >= 10.
int auto_decimals(std::vector<double> const& values);

// An interface word in the document's language (fr, else en).
std::string word(std::string const& lang, char const* fr, char const* en);

}  // namespace solimob::report::detail
