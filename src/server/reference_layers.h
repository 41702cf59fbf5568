#pragma once

#include <string>
#include <vector>

namespace solimob::server {

class http_server;

// Read-only GIS layers given to `solimob serve` (commune boundaries, priority districts, EPT...): the
// territory map draws them under the development sectors, offline, without a tile server.
struct reference_layer {
  std::string name_;     // the file's name without extension, e.g. "communes-93"
  std::string geojson_;  // FeatureCollection in WGS84, each feature with a "name" property
  std::size_t feature_count_{0U};
};

// Polygons of each file (anything GDAL reads, reprojected from its declared CRS); input_error naming
// the file for a bad one, so that the server does not start with a missing layer.
std::vector<reference_layer> read_reference_layers(std::vector<std::string> const& files);

// GET /api/reference-layers: [{"id","name","features"}] (ids 1, 2... in the order given);
// GET /api/reference-layers/{id}: the GeoJSON. Every logged-in user may read them.
void add_reference_layer_routes(http_server&, std::vector<reference_layer>);

}  // namespace solimob::server
