#pragma once

// Markdown documents the API hands out as Markdown, DOCX, ODT or PDF (a meeting file, a call for
// projects' selection report): the conversion runs after the transaction, in a bounded export slot.

#include <string>

#include "server/api.h"

namespace solimob::server::routes {

// The answer to GET ...?format=md|docx|odt|pdf for `markdown`, downloaded as "<file_stem>.<format>";
// invalid_input "format" for another format, 503 unavailable (Retry-After) when every slot is taken.
api_response document_export(request_context&, std::string markdown, std::string const& file_stem);

}  // namespace solimob::server::routes
