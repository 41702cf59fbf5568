#pragma once

// Validating request bodies and query parameters: each function throws api_error invalid_input
// naming the field.

#include <soci/soci.h>

#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "server/api.h"
#include "server/records/record_type.h"

namespace solimob::server::routes {

using nlohmann::json;

[[noreturn]] void invalid(std::string const& field, std::string const& message);
json const& body_object(request_context const&);
std::string text(json const& b, std::string const& field, bool required = true, std::size_t max_len = 2000);
std::string one_of(json const& b, std::string const& field, records::enumeration const& values);
// "YYYY-MM-DD", or null/absent (indicator i_null).
std::pair<std::string, soci::indicator> date(json const& b, std::string const& field, bool required = false);
double amount(json const& b, std::string const& field);  // euros, >= 0
long long integer(json const& b, std::string const& field, long long min, long long max);
std::pair<double, soci::indicator> optional_real(json const& b, std::string const& field);
std::vector<long long> id_list(json const& b, std::string const& field);
long long query_int(request_context const&, std::string const& name, long long fallback, long long min, long long max);

// Standard base64 (file uploads travel in JSON); invalid_input naming `field` when malformed.
std::string decode_base64(std::string const& in, std::string const& field);

day_t today();  // UTC

}  // namespace solimob::server::routes
