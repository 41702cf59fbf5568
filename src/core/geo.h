#pragma once

#include <cmath>

namespace solimob {

// WGS84 coordinate in degrees.
struct latlng {
  double lat_{0.0};
  double lng_{0.0};
  bool operator==(latlng const&) const = default;
};

constexpr double kEarthRadiusM = 6371008.8;
constexpr double kDegToRad = 0.017453292519943295;

// Great-circle distance in metres.
double haversine_m(latlng a, latlng b);

bool is_valid_wgs84(double lat, double lng);

// Equirectangular projection around a reference latitude: metres, accurate to well under 1% over a
// metropolitan area, which is all snapping and spatial bucketing need.
struct local_projection {
  explicit local_projection(double ref_lat_deg) : cos_lat_{std::cos(ref_lat_deg * kDegToRad)} {}
  double x(latlng p) const { return p.lng_ * kDegToRad * kEarthRadiusM * cos_lat_; }
  double y(latlng p) const { return p.lat_ * kDegToRad * kEarthRadiusM; }
  latlng inverse(double x, double y) const {
    return {y / kEarthRadiusM / kDegToRad, x / (kEarthRadiusM * cos_lat_) / kDegToRad};
  }
  double cos_lat_;
};

}  // namespace solimob
