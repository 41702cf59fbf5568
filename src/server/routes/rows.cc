#include "server/routes/rows.h"

#include <cstdint>

namespace solimob::server::routes {

bool is_null(soci::row const& r, std::size_t i) {
  return r.get_indicator(i) == soci::i_null;
}

long long as_int(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return 0;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return r.get<int>(i);
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return std::llround(r.get<double>(i));
    case soci::dt_string:
      return std::stoll(r.get<std::string>(i));
    default:
      throw api_error{error_kind::kInternal, "unexpected column type"};
  }
}

double as_real(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return 0.0;
  }
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_double:
      return r.get<double>(i);
    case soci::dt_string:
      return std::stod(r.get<std::string>(i));
    default:
      return static_cast<double>(as_int(r, i));
  }
}

json as_text(soci::row const& r, std::size_t i) {
  if (is_null(r, i)) {
    return nullptr;
  }
  if (r.get_properties(i).get_data_type() == soci::dt_string) {
    return r.get<std::string>(i);
  }
  return std::to_string(as_int(r, i));
}

json real_or_null(soci::row const& r, std::size_t i) {
  return is_null(r, i) ? json{} : json(as_real(r, i));
}

json row_json(soci::row const& r, std::initializer_list<char const*> keys) {
  json out = json::object();
  auto i = std::size_t{0};
  for (auto const* key : keys) {
    if (is_null(r, i)) {
      out[key] = nullptr;
    } else {
      switch (r.get_properties(i).get_data_type()) {
        case soci::dt_string:
          out[key] = r.get<std::string>(i);
          break;
        case soci::dt_double:
          out[key] = r.get<double>(i);
          break;
        default:
          out[key] = as_int(r, i);
      }
    }
    ++i;
  }
  return out;
}

json rows_json(soci::rowset<soci::row> const& rows, std::initializer_list<char const*> keys) {
  json out = json::array();
  for (auto const& r : rows) {
    out.push_back(row_json(r, keys));
  }
  return out;
}

}  // namespace solimob::server::routes
