#pragma once

#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "core/geo.h"
#include "io/vector_io.h"

namespace solimob::jobs {

// The rule for empty cells, one for `access` and `equity` (docs/ACCESSIBILITY.md, "Empty and invalid cells").
// Fields are read with empty_numeric_as_nan_; non-numeric text, "nan" and "inf" are the reader's errors
// (file, line, field), and so are negative counts (non_negative_fields_). An empty cell is a missing value:
//  - a count (population, group, demand, opportunity weight, capacity) holds nothing recorded: it becomes 0,
//    which also leaves the row out of every weighted figure;
//  - a value (indicator, rank) stays NaN: the row is left out of the figures that need that value.
// Both report the number of empty cells on `log`, naming the file and the field.
void empty_count_as_zero(std::vector<double>& values, std::string const& file, std::string const& field,
                         std::ostream& log);
// Returns the number of empty cells; `consequence` completes the note ("left out of ...").
std::size_t note_empty_values(std::span<double const> values, std::string const& file, std::string const& field,
                              std::string const& consequence, std::ostream& log);

// A name as a column-name prefix GIS tools and spreadsheets accept: lower case, accents folded, other
// characters as one '_' ("centre de santé" -> "centre_de_sante"); "category" when nothing is left.
std::string column_slug(std::string const& s);

// WKB of a point (lon/lat).
std::string point_wkb(latlng);

// A cell: NULL for NaN, a real otherwise.
io::cell real_or_null(double);

// Population-weighted summary of one indicator for one group, NaN values left out and counted.
struct group_summary {
  double population_{0.0};
  double population_without_value_{0.0};
  double mean_{0.0};
  double median_{0.0};
};
// Columns of a per-group summary table: indicator, group, population, population_without_value,
// mean, median, gap_to_all.
std::vector<io::column> group_summary_columns();

group_summary summarise(std::span<double const> values, std::span<double const> population);

// Zone polygons (communes, EPT, priority districts) and the zone of every origin, by containment of
// its position (GEOS); an origin in no zone is reported on `log`. Throws input_error naming the file
// and the id field for a zone that is not a polygon.
struct zone_layer {
  io::vector_layer zones_;                                        // text_[0]: the name field, when given
  std::vector<std::optional<std::size_t>> zone_of_;               // per origin
  std::string name(std::size_t z) const;                          // the name, else the id
  std::vector<std::vector<std::size_t>> origins_by_zone() const;  // the origins of each zone
};
zone_layer read_zones(std::string const& file, std::string const& id_field,
                      std::optional<std::string> const& name_field, std::optional<std::string> const& crs,
                      io::vector_layer const& origins, std::ostream& log);

}  // namespace solimob::jobs
