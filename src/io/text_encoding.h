#pragma once

#include <string>
#include <string_view>

namespace solimob::io {

// `bytes`, text in `encoding` ("utf-8", "windows-1252", "iso-8859-15"; what iconv names), as UTF-8
// without a byte-order mark. input_error names `source` and the line of the first byte that is not
// text in that encoding (a Windows-1252 export read as UTF-8 fails there, rather than garbling
// every accent).
std::string to_utf8(std::string_view bytes, std::string const& encoding, std::string const& source);

}  // namespace solimob::io
