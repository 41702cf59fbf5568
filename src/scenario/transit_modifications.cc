#include "core/error.h"
#include "scenario/detail/fields.h"

// Placeholder until the transit family lands (helper h/scenario-transit replaces this file).
namespace solimob::scenario::detail {

std::optional<modification> parse_transit(std::string const&, fields const&) {
  return std::nullopt;
}
void check_transit(named_modification const&, network::network const&, std::string const&) {}
void apply_transit(std::vector<named_modification const*> const&, network::network&) {}

}  // namespace solimob::scenario::detail
