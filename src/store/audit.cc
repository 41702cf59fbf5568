#include "store/audit.h"

#include <string>

#include <soci/soci.h>

#include "store/database.h"

namespace solimob::store {

void write_audit(soci::session& s, std::optional<user_id> who, std::string_view action, std::string_view entity,
                 std::optional<long long> entity_id, std::string_view details_json) {
  auto const now = utc_now();
  long long const uid = who.has_value() ? who->v() : 0;
  auto uid_ind = who.has_value() ? soci::i_ok : soci::i_null;
  long long const eid = entity_id.value_or(0);
  auto eid_ind = entity_id.has_value() ? soci::i_ok : soci::i_null;
  std::string const a{action};
  std::string const e{entity};
  std::string const d{details_json};
  s << "INSERT INTO audit_log (at, user_id, action, entity, entity_id, details) VALUES (:t, :u, :a, :e, :i, :d)",
      soci::use(now), soci::use(uid, uid_ind), soci::use(a), soci::use(e), soci::use(eid, eid_ind), soci::use(d);
}

}  // namespace solimob::store
