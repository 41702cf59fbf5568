#pragma once

// What the reading and the writing halves of vector_io share about GDAL. Included by
// src/io/vector_read.cc and src/io/vector_write.cc only: GDAL headers stay out of vector_io.h.

#include <memory>
#include <string>
#include <string_view>

#include "gdal_priv.h"
#include "ogr_spatialref.h"

namespace solimob::io::detail {

// Registers GDAL's drivers once per process.
void init_gdal();

// GDAL prints its errors to stderr by default; we carry them in our exceptions instead. The handler stack
// and the last error are per thread, so this is safe around concurrent calls.
struct quiet_gdal {
  quiet_gdal();
  ~quiet_gdal();
  quiet_gdal(quiet_gdal const&) = delete;
  quiet_gdal& operator=(quiet_gdal const&) = delete;
};

// The last GDAL error of this thread, or "unknown GDAL error".
std::string gdal_message();

struct dataset_close {
  void operator()(GDALDataset* ds) const { GDALClose(GDALDataset::ToHandle(ds)); }
};
using dataset_ptr = std::unique_ptr<GDALDataset, dataset_close>;

// EPSG:4326 with x the longitude, whatever the authority's axis order.
OGRSpatialReference wgs84();

std::string lower(std::string_view);
bool iequals(std::string_view a, std::string_view b);  // ASCII, as OGR matches field names

}  // namespace solimob::io::detail
