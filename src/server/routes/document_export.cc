#include "server/routes/document_export.h"

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

}  // namespace solimob::server::routes
