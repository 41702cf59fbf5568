#include "server/routes/text_lists.h"

namespace solimob::server::routes {

std::string trimmed(std::string_view s) {
  auto const b = s.find_first_not_of(" \t");
  return b == std::string_view::npos ? std::string{} : std::string{s.substr(b, s.find_last_not_of(" \t") - b + 1)};
}

std::vector<std::string> split_list(std::string_view text, std::string_view separators) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start <= text.size();) {
    auto const end = std::min(text.find_first_of(separators, start), text.size());
    if (auto item = trimmed(text.substr(start, end - start)); !item.empty()) {
      out.push_back(std::move(item));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace solimob::server::routes
