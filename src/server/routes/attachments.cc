#include "server/routes/attachments.h"

#include <soci/soci.h>

#include <string>

#include "server/routes/record_routes.h"
#include "store/database.h"

namespace solimob::server::routes {

namespace {

constexpr std::size_t kMaxFileBytes = 700 * 1024;  // base64 of it fits the 1 MiB request limit

std::string str(std::string_view s) {
  return std::string{s};
}

api_response list_files(request_context& ctx, attachments const& a) {
  auto const parent = ctx.param_id("id");
  require_visible(ctx, *a.parent_, parent);
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT id, name, content_type, size, uploaded_at FROM " + str(a.table_) + " WHERE " +
                               str(a.parent_column_) + " = :p ORDER BY id",
       soci::use(parent));
  return reply(200, rows_json(rs, {"id", "name", "content_type", "size", "uploaded_at"}));
}

api_response attach_file(request_context& ctx, attachments const& a) {
  auto const parent = ctx.param_id("id");
  require_visible(ctx, *a.parent_, parent);
  auto const& b = body_object(ctx);
  auto name = text(b, "name", true, 200);
  if (name.find_first_of("/\\") != std::string::npos || name.starts_with(".")) {
    invalid("name", "a file name, without folders");
  }
  auto content_type = text(b, "content_type", true, 100);
  auto content = text(b, "content_base64", true, 2 * 1024 * 1024);
  auto const size = static_cast<long long>(decode_base64(content, "content_base64").size());
  if (static_cast<std::size_t>(size) > kMaxFileBytes) {
    invalid("content_base64", "file too large (at most 700 KiB)");
  }
  auto const now = store::utc_now();
  long long id = 0;
  ctx.sql_ << "INSERT INTO " + str(a.table_) + " (" + str(a.parent_column_) +
                  ", name, content_type, size, content_base64, uploaded_at) VALUES (:p, :n, :t, :s, :c, :u) "
                  "RETURNING id",
      soci::use(parent), soci::use(name), soci::use(content_type), soci::use(size), soci::use(content), soci::use(now),
      soci::into(id);
  audit(ctx, "create", str(a.table_), id, {{str(a.parent_column_), parent}, {"name", name}, {"size", size}});
  return reply(201, {{"id", id}, {"name", name}, {"content_type", content_type}, {"size", size}, {"uploaded_at", now}});
}

// The parent of file `id` when the user may see it; else 404 "no file <id>", the same answer for a
// file that does not exist and one of a row the user may not see.
long long visible_file(request_context& ctx, attachments const& a, long long id) {
  long long parent = 0;
  ctx.sql_ << "SELECT " + str(a.parent_column_) + " FROM " + str(a.table_) + " WHERE id = :id", soci::use(id),
      soci::into(parent);
  auto const missing = api_error{error_kind::kNotFound, "no file " + std::to_string(id)};
  if (!ctx.sql_.got_data()) {
    throw missing;
  }
  try {
    require_visible(ctx, *a.parent_, parent);
  } catch (api_error const&) {
    throw missing;
  }
  return parent;
}

api_response download_file(request_context& ctx, attachments const& a) {
  auto const id = ctx.param_id("id");
  visible_file(ctx, a, id);
  std::string name, content;
  ctx.sql_ << "SELECT name, content_base64 FROM " + str(a.table_) + " WHERE id = :id", soci::use(id), soci::into(name),
      soci::into(content);
  api_response r;
  r.raw_ = decode_base64(content, "content_base64");
  // Served as a download, never rendered: an uploaded HTML file cannot run in the application's origin.
  r.content_type_ = "application/octet-stream";
  std::string safe;
  for (auto const c : name) {
    safe += (c == '"' || c < 0x20) ? '_' : c;
  }
  r.headers_.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  return r;
}

api_response delete_file(request_context& ctx, attachments const& a) {
  auto const id = ctx.param_id("id");
  auto const parent = visible_file(ctx, a, id);
  std::string name;
  ctx.sql_ << "SELECT name FROM " + str(a.table_) + " WHERE id = :id", soci::use(id), soci::into(name);
  ctx.sql_ << "DELETE FROM " + str(a.table_) + " WHERE id = :id", soci::use(id);
  audit(ctx, "delete", str(a.table_), id, {{str(a.parent_column_), parent}, {"name", name}});
  return reply(204, nullptr);
}

}  // namespace

void add_attachment_routes(route_table& s, attachments const& a) {
  s.route("GET", str(a.list_path_), [a](request_context& ctx) { return list_files(ctx, a); });
  s.route("POST", str(a.list_path_), [a](request_context& ctx) { return attach_file(ctx, a); });
  s.route("GET", str(a.file_path_), [a](request_context& ctx) { return download_file(ctx, a); });
  s.route("DELETE", str(a.file_path_), [a](request_context& ctx) { return delete_file(ctx, a); });
}

}  // namespace solimob::server::routes
