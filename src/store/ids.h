#pragma once

#include <cstdint>

#include "core/strong.h"

namespace solimob {

// Row ids of the platform tables; 64 bits because PostgreSQL BIGSERIAL and SQLite rowids are.
using user_id = strong<std::int64_t, struct user_id_tag>;
using organisation_id = strong<std::int64_t, struct organisation_id_tag>;

}  // namespace solimob
