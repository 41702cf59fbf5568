#include "core/error.h"
#include "scenario/detail/fields.h"

// Placeholder until the street family lands (helper h/scenario-streets replaces this file).
namespace solimob::scenario::detail {

std::optional<modification> parse_street(std::string const&, fields const&) {
  return std::nullopt;
}
void check_street(named_modification const&, network::network const&, std::string const&) {}
void apply_street(std::vector<named_modification const*> const&, network::network&) {}

}  // namespace solimob::scenario::detail
