#include "server/reference_layers.h"

#include <filesystem>
#include <memory>
#include <utility>

#include "io/vector_io.h"
#include "server/api.h"

namespace solimob::server {

using nlohmann::json;

std::vector<reference_layer> read_reference_layers(std::vector<std::string> const& files) {
  std::vector<reference_layer> out;
  for (auto const& file : files) {
    auto const layer = io::read_named_polygons(file);
    json features = json::array();
    for (auto i = 0U; i != layer.ids_.size(); ++i) {
      if (layer.polygons_wkb_[i].empty()) {
        continue;  // points of a mixed layer: the map shows areas only
      }
      auto const name = layer.text_.empty() ? layer.ids_[i] : layer.text_[0][i];
      features.push_back({{"type", "Feature"},
                          {"properties", {{"name", name}}},
                          {"geometry", json::parse(io::wkb_to_geojson(layer.polygons_wkb_[i]))}});
    }
    if (features.empty()) {
      throw input_error{file + ": no polygon to show as a reference layer"};
    }
    auto const n = features.size();
    out.push_back({std::filesystem::path{file}.stem().string(),
                   json{{"type", "FeatureCollection"}, {"features", std::move(features)}}.dump(), n});
  }
  return out;
}

void add_reference_layer_routes(http_server& s, std::vector<reference_layer> layers) {
  auto const shared = std::make_shared<std::vector<reference_layer> const>(std::move(layers));
  s.route(
      "GET", "/api/reference-layers",
      [shared](request_context&) {
        json list = json::array();
        for (auto i = 0U; i != shared->size(); ++i) {
          list.push_back({{"id", i + 1}, {"name", (*shared)[i].name_}, {"features", (*shared)[i].feature_count_}});
        }
        api_response r;
        r.body_ = std::move(list);
        return r;
      },
      access::kAnyUser);
  s.route(
      "GET", "/api/reference-layers/:id",
      [shared](request_context& ctx) {
        auto const id = ctx.param_id("id");  // 1, 2... in the order of the command line
        if (id > static_cast<long long>(shared->size())) {
          throw api_error{error_kind::kNotFound, "no reference layer " + std::to_string(id)};
        }
        api_response r;
        r.content_type_ = "application/geo+json";
        r.raw_ = (*shared)[static_cast<std::size_t>(id - 1)].geojson_;
        return r;
      },
      access::kAnyUser);
}

}  // namespace solimob::server
