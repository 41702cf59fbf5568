#include "server/records/record_type.h"

namespace solimob::server::records {

field text(std::string_view name, std::size_t max_length, bool required) {
  return {.name_ = name, .type_ = field_type::kText, .required_ = required, .max_length_ = max_length};
}

field email(std::string_view name) {
  return {.name_ = name, .type_ = field_type::kEmail, .max_length_ = 200};
}

field choice(std::string_view name, enumeration const& e) {
  return {.name_ = name, .type_ = field_type::kChoice, .required_ = true, .choices_ = &e};
}

field optional_choice(std::string_view name, enumeration const& e) {
  auto f = choice(name, e);
  f.required_ = false;
  return f;
}

field date(std::string_view name, bool required) {
  return {.name_ = name, .type_ = field_type::kDate, .required_ = required, .max_length_ = 10};
}

field amount(std::string_view name) {
  return {.name_ = name, .type_ = field_type::kAmount};
}

field integer(std::string_view name, long long min, long long max, long long fallback) {
  return {.name_ = name, .type_ = field_type::kInteger, .min_ = min, .max_ = max, .default_ = fallback};
}

field real(std::string_view name) {
  return {.name_ = name, .type_ = field_type::kReal};
}

field reference(std::string_view name, std::string_view table) {
  return {.name_ = name, .type_ = field_type::kReference, .references_ = table};
}

field position(std::string_view scope, long long max) {
  return {.name_ = "position", .type_ = field_type::kPosition, .min_ = 1, .max_ = max, .scope_ = scope};
}

field required(field f) {
  f.required_ = true;
  return f;
}

field read_only(field f) {
  f.read_only_ = true;
  return f;
}

field creator(std::string_view name) {
  return {.name_ = name, .type_ = field_type::kCreator};
}

field derived(std::string_view name) {
  return {.name_ = name, .type_ = field_type::kDerived};
}

}  // namespace solimob::server::records
