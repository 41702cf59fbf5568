#include "jobs/tables.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "analysis/equity.h"
#include "core/error.h"
#include "geometry/geometry.h"

namespace solimob::jobs {

void empty_count_as_zero(std::vector<double>& values, std::string const& file, std::string const& field,
                         std::ostream& log) {
  auto n = std::size_t{0};
  for (auto& v : values) {
    if (std::isnan(v)) {
      v = 0.0;
      ++n;
    }
  }
  if (n != 0) {
    log << "note: " << file << ": " << n << " empty cell(s) in '" << field << "' read as 0\n";
  }
}

std::size_t note_empty_values(std::span<double const> values, std::string const& file, std::string const& field,
                              std::string const& consequence, std::ostream& log) {
  auto const n =
      static_cast<std::size_t>(std::count_if(begin(values), end(values), [](double v) { return std::isnan(v); }));
  if (n != 0) {
    log << "note: " << file << ": " << n << " empty cell(s) in '" << field << "': no value, " << consequence << "\n";
  }
  return n;
}

std::string point_wkb(latlng p) {
  // ISO WKB: little-endian marker, geometry type 1 (Point), x, y.
  std::string wkb(21, '\0');
  wkb[0] = 1;
  std::uint32_t const type = 1;
  std::memcpy(wkb.data() + 1, &type, 4);
  std::memcpy(wkb.data() + 5, &p.lng_, 8);
  std::memcpy(wkb.data() + 13, &p.lat_, 8);
  return wkb;
}

io::cell real_or_null(double v) {
  return std::isnan(v) ? io::cell{} : io::cell{v};
}

std::vector<io::column> group_summary_columns() {
  return {{"indicator", io::column::type::kText},  {"group", io::column::type::kText},
          {"population", io::column::type::kReal}, {"population_without_value", io::column::type::kReal},
          {"mean", io::column::type::kReal},       {"median", io::column::type::kReal},
          {"gap_to_all", io::column::type::kReal}};
}

group_summary summarise(std::span<double const> values, std::span<double const> population) {
  group_summary s;
  std::vector<double> x, w;
  for (auto i = 0U; i != values.size(); ++i) {
    s.population_ += population[i];
    if (std::isnan(values[i])) {
      s.population_without_value_ += population[i];
    } else {
      x.push_back(values[i]);
      w.push_back(population[i]);
    }
  }
  s.mean_ = analysis::weighted_mean(x, w);
  s.median_ = analysis::weighted_median(x, w);
  return s;
}

std::string column_slug(std::string const& s) {
  static constexpr std::pair<char const*, char> kAccents[] = {
      {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"à", 'a'}, {"â", 'a'}, {"î", 'i'}, {"ï", 'i'},
      {"ô", 'o'}, {"ù", 'u'}, {"û", 'u'}, {"ü", 'u'}, {"ç", 'c'}, {"É", 'e'}, {"È", 'e'}, {"À", 'a'}};
  std::string out;
  for (auto i = 0U; i < s.size();) {
    auto replaced = false;
    for (auto const& [from, to] : kAccents) {
      if (s.compare(i, std::strlen(from), from) == 0) {
        out += to;
        i += static_cast<unsigned>(std::strlen(from));
        replaced = true;
        break;
      }
    }
    if (replaced) {
      continue;
    }
    auto const c = static_cast<unsigned char>(s[i++]);
    if (std::isalnum(c) != 0) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') {
    out.pop_back();
  }
  return out.empty() ? "category" : out;
}

std::string zone_layer::name(std::size_t z) const {
  return zones_.text_.empty() || zones_.text_[0][z].empty() ? zones_.ids_[z] : zones_.text_[0][z];
}

std::vector<std::vector<std::size_t>> zone_layer::origins_by_zone() const {
  std::vector<std::vector<std::size_t>> rows(zones_.ids_.size());
  for (auto o = 0U; o != zone_of_.size(); ++o) {
    if (zone_of_[o]) {
      rows[*zone_of_[o]].push_back(o);
    }
  }
  return rows;
}

zone_layer read_zones(std::string const& file, std::string const& id_field,
                      std::optional<std::string> const& name_field, std::optional<std::string> const& crs,
                      io::vector_layer const& origins, std::ostream& log) {
  io::read_options opt;
  opt.id_field_ = id_field;
  if (name_field) {
    opt.text_fields_.push_back(*name_field);
  }
  opt.crs_ = crs;
  opt.keep_polygons_ = true;
  zone_layer z{io::read_layer(file, opt), {}};
  for (auto i = 0U; i != z.zones_.ids_.size(); ++i) {
    if (z.zones_.polygons_wkb_[i].empty()) {
      throw input_error{file, 0, id_field, "zone '" + z.zones_.ids_[i] + "' is not a polygon"};
    }
  }
  geometry::zone_index const index{z.zones_.polygons_wkb_};
  auto outside = 0U;
  for (auto o = 0U; o != origins.ids_.size(); ++o) {
    z.zone_of_.push_back(index.locate(origins.positions_[o]));
    outside += z.zone_of_.back() ? 0 : 1;
  }
  if (outside != 0) {
    log << "warning: " << outside << " origins lie in no zone of " << file << "\n";
  }
  return z;
}

}  // namespace solimob::jobs
