#pragma once

// One description per record type of the workspace: its table, fields and their validators, closed
// lists of values, visibility rule and audit summary. The description drives the generic API
// handlers (routes/record_routes.h), the check of the migrations' CHECK constraints
// (tests/server/record_types_test.cc), docs/RECORDS.md and the TypeScript forms and lists
// (web/src/generated/records.ts); both generated files are compared with records_text.h's output by
// the tests. Hand-written code remains where behaviour really differs (hooks below, or routes of
// their own).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace solimob::server::records {

// A closed list of values stored as text: an SQL CHECK (... IN (...)), a TypeScript union, the
// labels' i18n keys "<i18n_>.<value>".
struct enumeration {
  std::string_view type_name_;  // TypeScript: "OrgType"
  std::string_view i18n_;       // "orgtype"
  std::vector<std::string_view> values_;
};

enum class field_type : std::uint8_t {
  kText,       // a string of at most max_length_ bytes; required: not empty
  kEmail,      // kText holding an e-mail address (or empty)
  kChoice,     // one of choices_->values_; absent when not required: the first value
  kDate,       // "YYYY-MM-DD" or null
  kAmount,     // euros, 0 to 1e12, absent: 0
  kInteger,    // min_ to max_, absent: min_ unless required
  kReal,       // a finite number or null
  kReference,  // the id of a row of references_, or null; an unknown id is invalid input
  kPosition,   // set at creation one past the last among rows of the same scope_; a body may move it (1 to max_)
  kDerived,    // not stored: a number (or null) the type's derive_ computes from the row
  kCreator,    // the id of the user who created the row, set by the server
};

struct field {
  std::string_view name_;  // the column and the JSON key
  field_type type_{field_type::kText};
  bool required_{false};
  std::size_t max_length_{2000};
  enumeration const* choices_{nullptr};
  long long min_{0};
  long long max_{0};
  long long default_{0};         // kInteger: the value of an absent field
  std::string_view references_;  // kReference: the table
  std::string_view scope_;       // kPosition: the column whose rows are numbered together
  bool read_only_{false};        // shown, never taken from a body (set by a route of its own)
};

field text(std::string_view name, std::size_t max_length, bool required = false);
field email(std::string_view name);
field choice(std::string_view name, enumeration const&);
field optional_choice(std::string_view name, enumeration const&);  // absent: the first value
field date(std::string_view name, bool required = false);
field amount(std::string_view name);
field integer(std::string_view name, long long min, long long max, long long fallback);
field position(std::string_view scope, long long max);
field real(std::string_view name);
field reference(std::string_view name, std::string_view table);
field derived(std::string_view name);
field required(field);   // a reference that must not be null
field read_only(field);  // see field::read_only_
field creator(std::string_view name);

struct record_type;

// What partner accounts read of a type; every other role reads every row.
enum class visibility : std::uint8_t {
  kEveryone,             // no condition (a type without rules: the plan's shared texts)
  kOwnOrganisation,      // rows whose column_ is the partner's organisation
  kOwnOrNone,            // ...or is null (the direction's own rows)
  kLinked,               // rows linked to the partner's organisation in link_table_ (link_key_: the row's id)
  kVisibleParentOrNone,  // rows whose column_ is null or a row of parent_type_ the partner sees
};

struct visibility_rule {
  visibility kind_{visibility::kEveryone};
  std::string_view column_;
  std::string_view link_table_;
  std::string_view link_key_;
  record_type const* parent_type_{nullptr};
};

// Rows that belong to a parent row: created (and, when listed_, listed) under the parent's route
// ("/api/organisations/:id/contacts"), corrected and deleted under their own. A partner reaches
// them only through a parent it sees (else 404 naming the parent).
struct parent_link {
  record_type const* type_;
  std::string_view column_;  // "organisation_id"
  std::string_view path_;    // "/api/organisations/:id/contacts"
  bool listed_{true};        // false: listed with the parent (GET /api/meetings/:id)
};

struct record_type {
  std::string_view name_;    // singular, snake case: the TypeScript interface and docs' name
  std::string_view table_;   // SQL table
  std::string_view entity_;  // in messages: "no plan section 12"
  // "/api/objectives": GET and POST there (unless parent_), PUT and DELETE at path_/:id. Empty: the
  // type's routes are written by hand (its description serves visibility and enumerations).
  std::string_view path_;
  std::vector<field> fields_;
  std::string_view order_by_;                 // SQL ORDER BY of the list
  std::vector<std::string_view> audit_keys_;  // fields written into the audit log's details
  std::vector<visibility_rule> visible_;      // all hold; none: every row
  parent_link parent_{nullptr, {}, {}};
  // Cross-field checks of a body, after each field's own (invalid_input naming the field).
  void (*check_)(nlohmann::json const& body){nullptr};
  // Values computed from a row for its JSON (evaluation: cost per beneficiary).
  void (*derive_)(nlohmann::json& row){nullptr};
  // The routes at path_ are written by hand (a cooperation document's status transitions and
  // parties): the description gives the forms, the lists and the docs, not the handlers.
  bool hand_written_routes_{false};

  bool described() const { return !path_.empty(); }                      // in records.ts and RECORDS.md
  bool generic() const { return described() && !hand_written_routes_; }  // served by record_routes
};

// Every record type and enumeration described here, in the order of docs/RECORDS.md.
std::span<record_type const* const> all_record_types();
std::span<enumeration const* const> all_enumerations();

}  // namespace solimob::server::records
