#pragma once

// Reading rows whatever the backend's column types (SQLite and PostgreSQL differ).

#include <soci/soci.h>

#include <cstddef>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "server/api_error.h"

namespace solimob::server::routes {

using nlohmann::json;

bool is_null(soci::row const&, std::size_t);
long long as_int(soci::row const&, std::size_t);
double as_real(soci::row const&, std::size_t);
json as_text(soci::row const&, std::size_t);
json real_or_null(soci::row const&, std::size_t);
// A row as a JSON object, one key per column in order (null, text, whole or real number by the
// column's type): list endpoints whose columns map one to one.
json row_json(soci::row const&, std::initializer_list<char const*> keys);
// Every row of `rows` so, as a JSON array.
json rows_json(soci::rowset<soci::row> const& rows, std::initializer_list<char const*> keys);

}  // namespace solimob::server::routes
