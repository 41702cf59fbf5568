#pragma once

// Files sent in a JSON body ({"<name field>": "x.gpkg", "content_base64": "..."}), read through GDAL
// as a file of someone else (io::untrusted_file: the driver of the extension only, no VRT, no
// network, no external references).

#include <filesystem>
#include <functional>
#include <map>
#include <string>

#include "io/vector_io.h"
#include "server/api.h"

namespace solimob::server::routes {

using upload_reader = std::function<io::vector_layer(std::filesystem::path const&, io::untrusted_file const&)>;

// The layer `read` gives of the uploaded file, written under a new temporary directory with our own
// name and removed afterwards. `drivers`: extension (".csv") -> GDAL driver; `what` says what the
// file should be, in messages ("a .csv or .xlsx export"). invalid_input names `name_field` for
// another extension and content_base64 for a file that cannot be read (GDAL's text goes to the
// log, never to the client; our own messages name the user's file, not ours). A CSV file is read
// as text in `csv_encoding` (io/text_encoding.h) and refused naming the line of a byte that is not.
io::vector_layer read_upload(nlohmann::json const& body, std::string const& name_field,
                             std::map<std::string, std::string> const& drivers, std::string const& what,
                             upload_reader const& read, std::string const& csv_encoding = "utf-8");

}  // namespace solimob::server::routes
