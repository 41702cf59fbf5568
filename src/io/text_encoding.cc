#include "io/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>

#include "core/error.h"

namespace solimob::io {

std::string to_utf8(std::string_view bytes, std::string const& encoding, std::string const& source) {
  if (encoding == "utf-8" && bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
  }
  auto const cd = iconv_open("UTF-8", encoding.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw input_error{source + ": unknown character encoding '" + encoding + "'"};
  }
  std::string out(bytes.size() * 3 + 4, '\0');  // a byte of a single-byte encoding is at most 3 in UTF-8
  auto* in = const_cast<char*>(bytes.data());
  auto in_left = bytes.size();
  auto* to = out.data();
  auto to_left = out.size();
  auto const done = iconv(cd, &in, &in_left, &to, &to_left);
  auto const failure = errno;
  iconv_close(cd);
  if (done == static_cast<std::size_t>(-1)) {
    auto const at = static_cast<std::size_t>(in - bytes.data());
    auto const line = 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    throw input_error{source + ": line " + std::to_string(line) + ": " +
                      (failure == EINVAL ? "the text ends in the middle of a character"
                                         : "a byte that is not " + encoding + " text") +
                      " (declare the file's encoding: utf-8, windows-1252 or iso-8859-15)"};
  }
  out.resize(out.size() - to_left);
  return out;
}

}  // namespace solimob::io
