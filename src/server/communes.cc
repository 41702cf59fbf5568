#include "server/communes.h"

#include <array>
#include <utility>

#include "core/error.h"
#include "geometry/geometry.h"
#include "io/vector_io.h"

namespace solimob::server {

namespace {

constexpr auto kNone = static_cast<std::size_t>(-1);

// The base letter of each Latin-1 letter UTF-8 writes 0xC3 0x80-0xBF (À...ÿ); '\0': not a letter (×, ÷).
using namespace std::string_view_literals;
constexpr auto kLatin1Base =
    "aaaaaa\1ceeeeiiiidnooooo\0ouuuuyts"
    "aaaaaa\1ceeeeiiiidnooooo\0ouuuuyty"sv;
static_assert(kLatin1Base.size() == 64);

}  // namespace

std::string place_key(std::string_view name) {
  std::string folded;
  auto const space = [&] {
    if (!folded.empty() && folded.back() != ' ') {
      folded += ' ';
    }
  };
  for (auto i = std::size_t{0}; i != name.size(); ++i) {
    auto const c = static_cast<unsigned char>(name[i]);
    auto const next = i + 1 != name.size() ? static_cast<unsigned char>(name[i + 1]) : 0U;
    if (c == 0xC3 && next >= 0x80 && next <= 0xBF) {
      auto const base = kLatin1Base[next - 0x80];
      if (base == '\1') {
        folded += "ae";
      } else if (base != '\0') {
        folded += base;
      }
      ++i;
    } else if (c == 0xC5 && (next == 0x92 || next == 0x93)) {  // Œ œ
      folded += "oe";
      ++i;
    } else if (c == 0xE2 && next == 0x80 && i + 2 < name.size() &&
               (static_cast<unsigned char>(name[i + 2]) == 0x99 || static_cast<unsigned char>(name[i + 2]) == 0x93)) {
      space();  // ’ and –
      i += 2;
    } else if (c == '-' || c == '\'' || c == ' ' || c == '_' || c == '.' || c == '\t' || c == ',') {
      space();
    } else if (c < 0x80) {
      folded += static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else {
      folded += static_cast<char>(c);
    }
  }
  if (!folded.empty() && folded.back() == ' ') {
    folded.pop_back();
  }
  std::string key;
  std::size_t start = 0;
  while (start < folded.size()) {
    auto end = folded.find(' ', start);
    end = end == std::string::npos ? folded.size() : end;
    auto const word = std::string_view{folded}.substr(start, end - start);
    key += key.empty() ? "" : " ";
    key += word == "st" ? "saint" : word == "ste" ? "sainte" : word;
    start = end + 1;
  }
  return key;
}

commune_reference::commune_reference(std::vector<commune> communes, std::vector<std::string> const& polygons_wkb)
    : communes_{std::move(communes)}, zones_{std::make_unique<geometry::zone_index>(polygons_wkb)} {
  auto const add = [&](std::string const& key, std::size_t i) {
    auto const [at, added] = keys_.emplace(key, i);
    if (!added && at->second != i) {
      at->second = kNone;  // two communes answer to it: an answer giving it stays unresolved
    }
  };
  for (auto i = std::size_t{0}; i != communes_.size(); ++i) {
    add(communes_[i].code_, i);
    auto const key = place_key(communes_[i].name_);
    add(key, i);
    for (std::string_view const article : {"le ", "la ", "les ", "l "}) {
      if (key.starts_with(article)) {
        add(key.substr(article.size()), i);
      }
    }
  }
}

commune_reference::~commune_reference() = default;

std::optional<std::size_t> commune_reference::find(std::string_view text) const {
  auto const at = keys_.find(place_key(text));
  if (at == keys_.end() || at->second == kNone) {
    return std::nullopt;
  }
  return at->second;
}

std::optional<std::size_t> commune_reference::locate(latlng p) const {
  return zones_->locate(p);
}

commune const* commune_reference::by_code(std::string const& code) const {
  auto const at = keys_.find(code);
  return at == keys_.end() || at->second == kNone || communes_[at->second].code_ != code ? nullptr
                                                                                         : &communes_[at->second];
}

std::shared_ptr<commune_reference const> read_communes(std::string const& file, std::string const& code_field,
                                                       std::string const& name_field) {
  io::read_options o;
  o.id_field_ = code_field;
  o.text_fields_ = {name_field};
  o.keep_polygons_ = true;
  auto const layer = io::read_layer(file, o);
  std::vector<commune> communes;
  for (auto i = std::size_t{0}; i != layer.ids_.size(); ++i) {
    if (layer.polygons_wkb_[i].empty()) {
      throw input_error{file + ": feature " + std::to_string(i + 1) + " (" + code_field + " " + layer.ids_[i] +
                        ") is not a polygon: a commune needs its boundary"};
    }
    communes.push_back({layer.ids_[i], layer.text_[0][i], io::wkb_to_geojson(layer.polygons_wkb_[i])});
  }
  if (communes.empty()) {
    throw input_error{file + ": no commune"};
  }
  return std::make_shared<commune_reference const>(std::move(communes), layer.polygons_wkb_);
}

}  // namespace solimob::server
