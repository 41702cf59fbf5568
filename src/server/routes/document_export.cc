#include "server/routes/document_export.h"

#include <filesystem>

#include "io/file_util.h"
#include "server/export_runner.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

api_response document_export(request_context& ctx, std::string markdown, std::string const& file_stem) {
  auto const format = ctx.query("format").value_or("md");
  api_response r;
  if (format == "md") {
    r.content_type_ = "text/markdown; charset=utf-8";
    r.raw_ = std::move(markdown);
    return r;
  }
  if (format != "docx" && format != "odt" && format != "pdf") {
    invalid("format", "md, docx, odt or pdf");
  }
  auto slot = try_export_slot();
  if (slot == nullptr) {
    auto const& busy = info(error_kind::kUnavailable);
    r = reply(busy.http_status_, {{"code", busy.name_},
                                  {"message", "D'autres exports sont en cours : réessayez dans quelques secondes."}});
    r.headers_.emplace_back("Retry-After", "5");
    return r;
  }
  r.content_type_ = format == "docx"  ? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                    : format == "odt" ? "application/vnd.oasis.opendocument.text"
                                      : "application/pdf";
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"" + file_stem + "." + format + "\"");
  r.after_transaction_ = [markdown = std::move(markdown), format, slot = std::move(slot)](api_response& out) {
    out.raw_ = convert_markdown(markdown, format);
  };
  return r;
}

api_response spreadsheet_export(std::vector<io::table> const& tables, std::string const& file_name) {
  auto const dir = std::filesystem::temp_directory_path() / ("solimob-xlsx-" + io::unique_suffix());
  std::filesystem::create_directories(dir);
  api_response r;
  try {
    auto const path = dir / "tables.xlsx";
    io::write_tables(path.string(), tables);
    r.raw_ = io::read_file(path);
  } catch (...) {
    std::filesystem::remove_all(dir);
    throw;
  }
  std::filesystem::remove_all(dir);
  r.content_type_ = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
  return r;
}

}  // namespace solimob::server::routes
