#pragma once

// Document exports (the meeting file as DOCX, ODT or PDF) through pandoc and headless Chromium, run so
// that user text can name no file or URL, the renderer has no network, each export has a time limit,
// and a few slow exports cannot take the places of ordinary requests.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/tool_runner.h"

namespace solimob::server {

struct export_limits {
  std::size_t concurrent_{2};                 // exports converted at once; the others: 503 at once
  std::chrono::milliseconds timeout_{60000};  // per export, pandoc and Chromium together: then 504
};
void set_export_limits(export_limits const&);
export_limits current_export_limits();

// A place among the exports converted at once, held until the last copy is destroyed; null when every
// place is taken.
using export_slot = std::shared_ptr<void const>;
export_slot try_export_slot();

// User text as Markdown that reads as the same text and forms no markup: ASCII punctuation that can
// open an image, link, raw HTML/LaTeX, code, math, citation, span or table is backslash-escaped, as is
// any punctuation or list number starting a line; leading spaces (code blocks) and control characters
// are dropped. `inline_text`: newlines become spaces (titles, list items, table cells).
std::string markdown_text(std::string_view text, bool inline_text = true);

// The bytes of `markdown` converted to "docx", "odt" or "pdf". pandoc parses it in its sandbox into
// its JSON document, which must hold no Image nor raw HTML/LaTeX element (checked here: pandoc
// 2.17's DOCX and ODT writers cannot run in the sandbox, so nothing they could fetch may reach them); the PDF is
// HTML with a Content-Security-Policy that allows no fetch, printed by Chromium whose every network
// request fails. Throws api_error: 504 (timeout) when the tools take longer than the limit, 500 when
// one fails.
std::string convert_markdown(std::string const& markdown, std::string const& format);

// ---- the pieces, for tests ----
// Running tools moved to io/tool_runner.h (the report renderer prints PDF too); kept here for callers.
using io::run_tool;
using io::tool_result;
// api_error (500) naming the element when pandoc's JSON document holds an Image, RawInline or RawBlock.
void check_names_no_resource(std::string const& pandoc_json);
// Prints an HTML file to PDF with headless Chromium ($SOLIMOB_CHROMIUM, else /usr/bin/chromium), no
// network; api_error 504 at the deadline.
std::string html_to_pdf(std::filesystem::path const& html, std::filesystem::path const& work_dir,
                        std::chrono::steady_clock::time_point deadline);

}  // namespace solimob::server
