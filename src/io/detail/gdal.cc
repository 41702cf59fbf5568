#include "io/detail/gdal.h"

#include <algorithm>
#include <cctype>
#include <mutex>

#include "cpl_conv.h"
#include "cpl_error.h"

namespace solimob::io::detail {

void init_gdal() {
  static std::once_flag once;
  std::call_once(once, [] {
    GDALAllRegister();
    // Spreadsheets are read as tables whose first row holds the column names; GDAL would otherwise guess
    // from the cell types, and guess wrong on all-text sheets.
    CPLSetConfigOption("OGR_XLSX_HEADERS", "FORCE");
    CPLSetConfigOption("OGR_ODS_HEADERS", "FORCE");
  });
}

quiet_gdal::quiet_gdal() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
  CPLErrorReset();
}

quiet_gdal::~quiet_gdal() {
  CPLPopErrorHandler();
}

std::string gdal_message() {
  std::string msg = CPLGetLastErrorMsg();
  return msg.empty() ? std::string{"unknown GDAL error"} : msg;
}

OGRSpatialReference wgs84() {
  OGRSpatialReference srs;
  srs.importFromEPSG(4326);
  // lon, lat order whatever the authority says, so that x is always the longitude.
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

std::string lower(std::string_view s) {
  std::string out{s};
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

}  // namespace solimob::io::detail
