#pragma once

// Files attached to rows of a record type (a cooperation document's signed scans, an application's
// project file), kept in the database (table_: id, <parent_column_>, name, content_type, size,
// content_base64, uploaded_at) so that backups and transactions cover them. The name is only shown,
// never used as a path; files are served as downloads, never rendered. Included by
// src/server/routes/*.cc only.

#include <string_view>

#include "server/records/record_type.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

struct attachments {
  records::record_type const* parent_;  // whose visibility the files share
  std::string_view table_;              // "document_file"
  std::string_view parent_column_;      // "document_id"
  std::string_view list_path_;          // GET (list) and POST (attach): "/api/documents/:id/files"
  std::string_view file_path_;          // GET (download) and DELETE: "/api/document-files/:id"
};

// The four routes; a file of a row the user may not see is answered as a missing one (404).
void add_attachment_routes(route_table&, attachments const&);

}  // namespace solimob::server::routes
