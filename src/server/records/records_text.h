#pragma once

// Texts generated from the record types' descriptions: web/src/generated/records.ts (the
// TypeScript types, closed lists and field specifications the forms and lists use) and
// docs/RECORDS.md. tests/server/record_types_test.cc compares the committed files with these and
// rewrites them when SOLIMOB_UPDATE_GENERATED=1.

#include <string>

namespace solimob::server::records {

std::string typescript_text();
std::string markdown_text();

}  // namespace solimob::server::records
