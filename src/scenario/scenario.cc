#include "scenario/scenario.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "io/file_util.h"
#include "scenario/detail/fields.h"

namespace solimob::scenario {

namespace {

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (auto const c : s) {
    h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  }
  return h;
}

template <typename T>
bool is(named_modification const& m) {
  return std::holds_alternative<T>(m.change_);
}

bool is_street(named_modification const& m) {
  return is<modify_streets>(m) || is<add_streets>(m);
}
bool is_on_demand(named_modification const& m) {
  return is<add_on_demand_zone>(m) || is<remove_on_demand_zone>(m);
}

// The service object of add-on-demand-zone, in the on-demand service file's format.
ondemand::service parse_service(detail::fields const& f, std::string const& file) {
  auto const& j = f.object("service").json();
  nlohmann::json const wrapped = {{"services", nlohmann::json::array({j})}};
  try {
    return ondemand::parse_service_file(wrapped.dump(), file).front();
  } catch (input_error const& e) {
    f.fail("service", e.what());
  }
}

}  // namespace

std::string named_modification::label() const {
  return "modification " + std::to_string(index_) + " (" + name_ + ")";
}

scenario parse(std::string_view text, std::string const& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (nlohmann::json::parse_error const& e) {
    throw input_error{file, 0, "", std::string{"not valid JSON: "} + e.what()};
  }
  detail::fields const top{j, file, "scenario"};
  top.only({"$schema", "name", "description", "modifications"});
  scenario s;
  s.name_ = top.string_or("name", std::filesystem::path{file}.stem().string());
  s.description_ = top.has("description") ? top.string("description") : "";
  s.fingerprint_ = fnv1a(0xcbf29ce484222325ULL, text);
  if (!top.has("modifications") || !j["modifications"].is_array()) {
    top.fail("modifications", "expected an array of modifications");
  }
  auto const& mods = j["modifications"];
  for (auto i = 0U; i != mods.size(); ++i) {
    named_modification m;
    m.index_ = i;
    detail::fields const head{mods[i], file, "modification " + std::to_string(i)};
    auto const type = head.string("type");
    m.name_ = head.string_or("name", type + " " + std::to_string(i));
    detail::fields const f{mods[i], file, m.label()};
    if (type == "add-on-demand-zone") {
      f.only({"type", "name", "description", "service"});
      m.change_ = add_on_demand_zone{parse_service(f, file)};
    } else if (type == "remove-on-demand-zone") {
      f.only({"type", "name", "description", "service_id"});
      m.change_ = remove_on_demand_zone{f.string("service_id")};
    } else if (auto t = detail::parse_transit(type, f)) {
      m.change_ = std::move(*t);
    } else if (auto st = detail::parse_street(type, f)) {
      m.change_ = std::move(*st);
    } else {
      f.fail("type", "'" + type +
                         "' is not a modification type (add-trips, remove-trips, adjust-frequency, adjust-speed, "
                         "adjust-dwell-time, remove-stops, reroute, make-accessible, add-on-demand-zone, "
                         "remove-on-demand-zone, modify-streets, add-streets)");
    }
    s.modifications_.push_back(std::move(m));
  }
  return s;
}

scenario read(std::filesystem::path const& path) {
  return parse(io::read_file(path), path.string());
}

void check(scenario const& s, network::network const& n, std::vector<ondemand::service> const& services,
           std::string const& file) {
  // On-demand services as the modifications before each one leave them.
  std::vector<std::string> ids;
  for (auto const& sv : services) {
    ids.push_back(sv.id_);
  }
  for (auto const& m : s.modifications_) {
    if (auto const* add = std::get_if<add_on_demand_zone>(&m.change_)) {
      if (std::find(begin(ids), end(ids), add->service_.id_) != end(ids)) {
        throw input_error{file, 0, m.label() + ".service.id", "service '" + add->service_.id_ + "' already exists"};
      }
      ids.push_back(add->service_.id_);
    } else if (auto const* rm = std::get_if<remove_on_demand_zone>(&m.change_)) {
      auto const it = std::find(begin(ids), end(ids), rm->service_id_);
      if (it == end(ids)) {
        throw input_error{file, 0, m.label() + ".service_id", "no on-demand service '" + rm->service_id_ + "'"};
      }
      ids.erase(it);
    } else if (is_street(m)) {
      detail::check_street(m, n, file);
    } else {
      detail::check_transit(m, n, file);
    }
  }
}

applied apply(network::network const& base, std::vector<ondemand::service> const& services, scenario const& s,
              std::string const& file) {
  check(s, base, services, file);
  applied out{base, services};
  std::vector<named_modification const*> streets, transit;
  for (auto const& m : s.modifications_) {
    if (is_street(m)) {
      streets.push_back(&m);
    } else if (!is_on_demand(m)) {
      transit.push_back(&m);
    }
  }
  if (!streets.empty()) {
    detail::apply_street(streets, out.network_);
  }
  if (!transit.empty()) {
    try {
      detail::apply_transit(transit, out.network_);
    } catch (input_error const& e) {
      throw input_error{file, 0, "", e.what()};  // the times a modification would give
    }
  }
  for (auto const& m : s.modifications_) {
    if (auto const* add = std::get_if<add_on_demand_zone>(&m.change_)) {
      out.services_.push_back(add->service_);
    } else if (auto const* rm = std::get_if<remove_on_demand_zone>(&m.change_)) {
      std::erase_if(out.services_, [&](ondemand::service const& sv) { return sv.id_ == rm->service_id_; });
    }
  }
  out.network_.fingerprint_ = fnv1a(base.fingerprint_ ^ s.fingerprint_, "scenario");
  return out;
}

}  // namespace solimob::scenario
