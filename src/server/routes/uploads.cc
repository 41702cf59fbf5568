#include "server/routes/uploads.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "io/file_util.h"
#include "io/text_encoding.h"
#include "server/routes/support.h"

namespace solimob::server::routes {

io::vector_layer read_upload(json const& b, std::string const& name_field,
                             std::map<std::string, std::string> const& drivers, std::string const& what,
                             upload_reader const& read, std::string const& csv_encoding) {
  auto const name = text(b, name_field, true, 200);
  auto const dot = name.rfind('.');
  auto ext = dot == std::string::npos ? std::string{} : name.substr(dot);
  std::transform(begin(ext), end(ext), begin(ext), [](unsigned char c) { return std::tolower(c); });
  auto const driver = drivers.find(ext);
  if (driver == drivers.end()) {
    invalid(name_field, what);
  }
  auto bytes = decode_base64(text(b, "content_base64", true, 2 * 1024 * 1024), "content_base64");
  if (driver->second == "CSV") {
    try {
      bytes = io::to_utf8(bytes, csv_encoding, name);
    } catch (input_error const& e) {
      invalid("content_base64", e.what());
    }
  }
  auto const dir = std::filesystem::temp_directory_path() / ("solimob-upload-" + io::unique_suffix());
  std::filesystem::create_directories(dir);
  auto const path = dir / ("upload" + ext);  // our name, never the user's
  auto const shown = [&](std::string message) {
    if (auto const at = message.find(path.string()); at != std::string::npos) {
      message.replace(at, path.string().size(), name);
    }
    return message;
  };
  io::vector_layer layer;
  try {
    io::write_atomically(
        path, [&](std::ostream& out) { out.write(bytes.data(), static_cast<std::streamsize>(bytes.size())); });
    layer = read(path, io::untrusted_file{driver->second});
  } catch (io_error const& e) {
    std::filesystem::remove_all(dir);
    auto logged = shown(e.what());
    std::replace_if(
        logged.begin(), logged.end(), [](unsigned char c) { return c < 0x20; }, '?');
    std::fprintf(stderr, "upload refused: %s\n", logged.c_str());
    invalid("content_base64", "cannot be read as " + what);
  } catch (input_error const& e) {
    std::filesystem::remove_all(dir);
    invalid("content_base64", shown(e.what()));  // ours (row, field, value): no GDAL text
  }
  std::filesystem::remove_all(dir);
  return layer;
}

}  // namespace solimob::server::routes
