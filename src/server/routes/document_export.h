#pragma once

// Documents the API hands out: Markdown as Markdown, DOCX, ODT or PDF (a meeting file, a call for
// projects' selection report; the conversion runs after the transaction, in a bounded export slot),
// and tables as an XLSX workbook (the budget annex, a benchmarking comparison).

#include <string>
#include <vector>

#include "io/vector_io.h"
#include "server/api.h"

namespace solimob::server::routes {

// The answer to GET ...?format=md|docx|odt|pdf for `markdown`, downloaded as "<file_stem>.<format>";
// invalid_input "format" for another format, 503 unavailable (Retry-After) when every slot is taken.
api_response document_export(request_context&, std::string markdown, std::string const& file_stem);

// `tables` as one XLSX workbook (a sheet each), downloaded as `file_name`.
api_response spreadsheet_export(std::vector<io::table> const& tables, std::string const& file_name);

}  // namespace solimob::server::routes
