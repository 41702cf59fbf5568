#include "street/elevation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include "gdal.h"
#include "gdal_priv.h"
#include "ogr_spatialref.h"

#include "core/error.h"
#include "core/geo.h"

namespace solimob::street {

namespace {

// R5 ElevationLoader.ELEVATION_SAMPLE_SPACING_METERS.
constexpr double kSpacingM = 10.0;
// DEMs of a city are a few MB; a larger one is a mistake (or a hostile file).
constexpr std::size_t kMaxRasterBytes = 200U * 1000U * 1000U;

// Tobler's hiking function in km/h (R5 ToblerCalculator.tobler uses 1.2 exp(...), i.e. this over 5).
double tobler_speed(double grade) {
  return 6.0 * std::exp(-3.5 * std::abs(grade + 0.05));
}

struct dataset_closer {
  void operator()(GDALDatasetH h) const { GDALClose(h); }
};

struct raster {
  std::vector<float> z_;
  int nx_{0}, ny_{0};
  double inv_gt_[6]{};
  std::optional<double> nodata_;

  // Bilinear between pixel centres; nullopt outside the raster (or its outer half pixel) or on nodata.
  std::optional<double> at(double x, double y) const {
    auto const px = inv_gt_[0] + x * inv_gt_[1] + y * inv_gt_[2] - 0.5;
    auto const py = inv_gt_[3] + x * inv_gt_[4] + y * inv_gt_[5] - 0.5;
    if (!(px >= 0.0 && py >= 0.0 && px <= nx_ - 1 && py <= ny_ - 1)) {
      return std::nullopt;
    }
    auto const x0 = std::min(static_cast<int>(px), std::max(nx_ - 2, 0));
    auto const y0 = std::min(static_cast<int>(py), std::max(ny_ - 2, 0));
    auto const x1 = std::min(x0 + 1, nx_ - 1), y1 = std::min(y0 + 1, ny_ - 1);
    auto const fx = px - x0, fy = py - y0;
    auto const v = [&](int cx, int cy) { return static_cast<double>(z_[static_cast<std::size_t>(cy) * nx_ + cx]); };
    double const c[4] = {v(x0, y0), v(x1, y0), v(x0, y1), v(x1, y1)};
    for (auto const e : c) {
      if (std::isnan(e) || (nodata_ && e == *nodata_)) {
        return std::nullopt;
      }
    }
    return (c[0] * (1 - fx) + c[1] * fx) * (1 - fy) + (c[2] * (1 - fx) + c[3] * fx) * fy;
  }
};

std::int16_t permille(double grade) {
  return static_cast<std::int16_t>(std::clamp(std::lround(grade * 1000.0), -32767L, 32767L));
}

std::uint16_t factor(double x) {
  return static_cast<std::uint16_t>(std::clamp(std::lround(x * 1000.0), 1L, 65535L));
}

}  // namespace

slope_summary add_slopes(street_graph& g, std::filesystem::path const& dem,
                         std::optional<std::string> const& declared_crs) {
  auto const file = dem.string();
  // GDAL virtual paths (/vsicurl/, /vsizip/...) would reach the network or other files.
  if (file.rfind("/vsi", 0) == 0) {
    throw input_error{file, 0, "", "GDAL virtual paths are not accepted for a DEM"};
  }
  GDALAllRegister();
  char const* const drivers[] = {"GTiff", nullptr};
  // No sibling files: GDAL does not probe .aux.xml, .ovr or world files next to the DEM.
  char const* const siblings[] = {nullptr};
  std::unique_ptr<void, dataset_closer> ds{
      GDALOpenEx(file.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, drivers, nullptr, const_cast<char**>(siblings))};
  if (!ds) {
    throw input_error{file, 0, "", "cannot open as a GeoTIFF DEM: " + std::string{CPLGetLastErrorMsg()}};
  }
  auto* const d = static_cast<GDALDataset*>(ds.get());
  if (d->GetRasterCount() < 1) {
    throw input_error{file, 0, "", "the DEM has no raster band"};
  }

  OGRSpatialReference dst;
  if (auto const* file_srs = d->GetSpatialRef(); file_srs != nullptr && !file_srs->IsEmpty()) {
    dst = *file_srs;
  } else if (declared_crs) {
    if (dst.SetFromUserInput(declared_crs->c_str()) != OGRERR_NONE) {
      throw input_error{file, 0, "", "unknown coordinate system '" + *declared_crs + "' for the DEM"};
    }
  } else {
    throw input_error{file, 0, "", "declares no coordinate system; give --elevation-crs"};
  }
  OGRSpatialReference src;
  src.SetWellKnownGeogCS("WGS84");
  src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  dst.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct{OGRCreateCoordinateTransformation(&src, &dst)};
  if (!ct) {
    throw input_error{file, 0, "", "cannot transform WGS84 to the DEM's coordinate system"};
  }

  raster r;
  r.nx_ = d->GetRasterXSize();
  r.ny_ = d->GetRasterYSize();
  auto const bytes = static_cast<std::size_t>(r.nx_) * static_cast<std::size_t>(r.ny_) * sizeof(float);
  if (r.nx_ <= 0 || r.ny_ <= 0 || bytes > kMaxRasterBytes) {
    throw input_error{file, 0, "",
                      "DEM of " + std::to_string(r.nx_) + "x" + std::to_string(r.ny_) +
                          " pixels is too large (limit 200 MB as float32); crop it to the study area"};
  }
  double gt[6];
  if (d->GetGeoTransform(gt) != CE_None || GDALInvGeoTransform(gt, r.inv_gt_) == 0) {
    throw input_error{file, 0, "", "the DEM has no usable geotransform"};
  }
  auto* const band = d->GetRasterBand(1);
  int has_nodata = 0;
  auto const nodata = band->GetNoDataValue(&has_nodata);
  if (has_nodata != 0) {
    r.nodata_ = static_cast<double>(static_cast<float>(nodata));  // compared after the float32 read
  }
  r.z_.resize(static_cast<std::size_t>(r.nx_) * r.ny_);
  if (band->RasterIO(GF_Read, 0, 0, r.nx_, r.ny_, r.z_.data(), r.nx_, r.ny_, GDT_Float32, 0, 0) != CE_None) {
    throw input_error{file, 0, "", "cannot read band 1: " + std::string{CPLGetLastErrorMsg()}};
  }

  slope_summary sum;
  g.edge_slope_.clear();
  g.edge_slope_.resize(g.n_edges());
  std::vector<double> xs, ys, lens;
  for (auto e = edge_idx{0U}; e.v() < g.n_edges(); e = edge_idx{e.v() + 1}) {
    auto const a = g.node_pos_[g.edge_from_[e]], b = g.node_pos_[g.edge_to_[e]];
    auto const len_m = g.edge_length_cm_[e] / 100.0;
    // The ground says nothing of a pathway inside a station (underground, between levels): it stays
    // flat, with its own max_slope as the incline. An entrance's link to the street is outdoors.
    auto const& attr = g.edge_attr_[e];
    if (len_m <= 0.0 || ((attr.flags_ & edge_attr::kStation) != 0 && attr.kind_ != edge_kind::kLink)) {
      continue;
    }
    // Points at 0, 10, 20... m and the end, so slices of 10 m and a last one of at most 10 m, as R5's
    // RasterDataSourceSampler.EdgeSampler and ElevationCostField.forEachElevationSegment (our edges are
    // straight, so linear interpolation in lat/lng is the point along the edge). Shorter edges: one slice.
    xs.clear();
    ys.clear();
    lens.clear();
    for (auto k = 0; k * kSpacingM < len_m; ++k) {
      auto const f = k * kSpacingM / len_m;
      xs.push_back(a.lng_ + (b.lng_ - a.lng_) * f);
      ys.push_back(a.lat_ + (b.lat_ - a.lat_) * f);
      if (k != 0) {
        lens.push_back(kSpacingM);
      }
    }
    xs.push_back(b.lng_);
    ys.push_back(b.lat_);
    lens.push_back(len_m - (xs.size() - 2) * kSpacingM);

    ++sum.sampled_edges_;
    std::vector<int> ok(xs.size(), 0);
    ct->Transform(xs.size(), xs.data(), ys.data(), nullptr, ok.data());
    std::vector<double> z(xs.size());
    auto missing = false;
    for (auto i = 0U; i != xs.size() && !missing; ++i) {
      auto const v = ok[i] != 0 ? r.at(xs[i], ys[i]) : std::nullopt;
      missing = !v.has_value();
      z[i] = v.value_or(0.0);
    }
    if (missing) {
      ++sum.edges_without_data_;  // flat: the defaults of edge_slope
      continue;
    }

    auto const flat = tobler_speed(0.0);
    double tob_fwd = 0, tob_bwd = 0, wc_fwd = 0, wc_bwd = 0, up_fwd = 0, up_bwd = 0;
    for (auto i = 0U; i != lens.size(); ++i) {
      auto const grade = (z[i + 1] - z[i]) / lens[i];
      // Time over flat time, summed over slices (R5 instead inverts the length-weighted mean speed).
      tob_fwd += lens[i] * flat / tobler_speed(grade);
      tob_bwd += lens[i] * flat / tobler_speed(-grade);
      // Wheelchair: solimob's assumption, no norm gives speeds: an uphill slice takes (1 + 10 x grade)
      // times as long (5 % uphill: 1.5x), a flat or downhill one as long as on the flat.
      wc_fwd += lens[i] * (1.0 + 10.0 * std::max(grade, 0.0));
      wc_bwd += lens[i] * (1.0 + 10.0 * std::max(-grade, 0.0));
      up_fwd = std::max(up_fwd, grade);
      up_bwd = std::max(up_bwd, -grade);
    }
    auto& s = g.edge_slope_[e];
    s.tobler_forward_ = factor(tob_fwd / len_m);
    s.tobler_backward_ = factor(tob_bwd / len_m);
    s.wheelchair_forward_ = factor(wc_fwd / len_m);
    s.wheelchair_backward_ = factor(wc_bwd / len_m);
    s.max_up_forward_permille_ = permille(up_fwd);
    s.max_up_backward_permille_ = permille(up_bwd);
    sum.max_grade_permille_ = std::max({sum.max_grade_permille_, static_cast<std::int32_t>(s.max_up_forward_permille_),
                                        static_cast<std::int32_t>(s.max_up_backward_permille_)});
  }
  return sum;
}

}  // namespace solimob::street
