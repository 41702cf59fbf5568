#include "core/geo.h"

namespace solimob {

double haversine_m(latlng a, latlng b) {
  auto const dlat = (b.lat_ - a.lat_) * kDegToRad;
  auto const dlng = (b.lng_ - a.lng_) * kDegToRad;
  auto const s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                 std::cos(a.lat_ * kDegToRad) * std::cos(b.lat_ * kDegToRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(s)));
}

bool is_valid_wgs84(double lat, double lng) {
  return std::isfinite(lat) && std::isfinite(lng) && lat >= -90.0 && lat <= 90.0 && lng >= -180.0 && lng <= 180.0;
}

}  // namespace solimob
