#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/geo.h"

namespace solimob::geometry {
class zone_index;
}

namespace solimob::server {

// The département's communes given to `solimob serve --communes FILE`: INSEE code, name and
// boundary. Survey answers name their commune in many ways ("Saint-Denis", "ST DENIS", "93066",
// coordinates); each resolves to one INSEE code, so that they are counted together and mapped.
struct commune {
  std::string code_;      // INSEE code, "93066"
  std::string name_;      // "Saint-Denis"
  std::string geometry_;  // GeoJSON geometry object (WGS84), for the maps
};

class commune_reference {
 public:
  commune_reference(std::vector<commune>, std::vector<std::string> const& polygons_wkb);
  ~commune_reference();
  commune_reference(commune_reference const&) = delete;
  commune_reference& operator=(commune_reference const&) = delete;

  std::vector<commune> const& communes() const { return communes_; }

  // The commune `text` names: its INSEE code, or its name whatever the case, accents, hyphens and
  // apostrophes, "St"/"Ste" for "Saint"/"Sainte", with or without its article ("Blanc-Mesnil" for
  // "Le Blanc-Mesnil"); nullopt when none or when the text is ambiguous.
  std::optional<std::size_t> find(std::string_view text) const;

  // The commune whose boundary covers the point; nullopt outside every commune.
  std::optional<std::size_t> locate(latlng) const;

  // The commune of INSEE code `code`, if any.
  commune const* by_code(std::string const& code) const;

 private:
  std::vector<commune> communes_;
  std::unordered_map<std::string, std::size_t> keys_;  // place_key -> index; ambiguous keys: npos
  std::unique_ptr<geometry::zone_index> zones_;
};

// The comparison key of a place name: lower case without accents, hyphens and apostrophes as spaces,
// spaces folded, "st"/"ste" spelt out: "L’Île-Saint-Denis" and "l'ile st denis" give "l ile saint denis".
std::string place_key(std::string_view name);

// The communes of a GIS file (any format GDAL reads, reprojected from its declared CRS): polygons
// with the INSEE code in `code_field` and the name in `name_field`. input_error names the file,
// the feature and the field (a missing field, an empty or repeated code, a feature that is not a
// polygon).
std::shared_ptr<commune_reference const> read_communes(std::string const& file, std::string const& code_field,
                                                       std::string const& name_field);

}  // namespace solimob::server
