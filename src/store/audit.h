#pragma once

#include <optional>
#include <string_view>

#include "store/ids.h"

namespace soci {
class session;
}  // namespace soci

namespace solimob::store {

// Appends to audit_log through `s`, so inside the caller's transaction. details_json: a JSON
// object as text. who: nullopt for changes made from the command line.
void write_audit(soci::session& s, std::optional<user_id> who, std::string_view action, std::string_view entity,
                 std::optional<long long> entity_id, std::string_view details_json);

}  // namespace solimob::store
