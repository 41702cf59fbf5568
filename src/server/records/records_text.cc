#include "server/records/records_text.h"

#include <cctype>
#include <sstream>
#include <string_view>

#include "server/records/workspace.h"

namespace solimob::server::records {

namespace {

// "plan_section" -> "PlanSection"
std::string pascal(std::string_view snake) {
  std::string out;
  auto upper = true;
  for (auto const c : snake) {
    if (c == '_') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

// "FollowUpStatus" -> "FOLLOW_UP_STATUSES"
std::string constant_name(std::string_view type_name) {
  std::string out;
  for (auto const c : type_name) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0 && !out.empty()) {
      out += '_';
    }
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out + (out.back() == 'S' ? "ES" : "S");
}

std::string_view type_word(field_type t) {
  switch (t) {
    case field_type::kText:
      return "text";
    case field_type::kEmail:
      return "email";
    case field_type::kChoice:
      return "choice";
    case field_type::kDate:
      return "date";
    case field_type::kAmount:
      return "amount";
    case field_type::kInteger:
      return "integer";
    case field_type::kReal:
      return "real";
    case field_type::kReference:
      return "reference";
    case field_type::kPosition:
      return "position";
    case field_type::kDerived:
      return "derived";
    case field_type::kCreator:
      return "creator";
  }
  return "text";
}

std::string ts_type(field const& f) {
  switch (f.type_) {
    case field_type::kChoice:
      return std::string{f.choices_->type_name_};
    case field_type::kDate:
      return f.required_ ? "string" : "string | null";
    case field_type::kAmount:
    case field_type::kInteger:
    case field_type::kPosition:
      return "number";
    case field_type::kReal:
    case field_type::kReference:
    case field_type::kCreator:
    case field_type::kDerived:
      return "number | null";
    default:
      return "string";
  }
}

// 'a', 'b' (separator ", ") or 'a' | 'b' (" | ").
std::string quoted_list(std::vector<std::string_view> const& values, std::string_view separator) {
  std::string out;
  for (auto const v : values) {
    out += (out.empty() ? "" : std::string{separator}) + "'" + std::string{v} + "'";
  }
  return out;
}

// What a field accepts, in words, for docs/RECORDS.md.
std::string constraint(field const& f) {
  switch (f.type_) {
    case field_type::kText:
      return "at most " + std::to_string(f.max_length_) + " bytes";
    case field_type::kEmail:
      return "an e-mail address or empty, at most " + std::to_string(f.max_length_) + " bytes";
    case field_type::kChoice:
      return "`" + std::string{f.choices_->type_name_} + "`" +
             (f.required_ ? "" : "; absent: `" + std::string{f.choices_->values_[0]} + "`");
    case field_type::kDate:
      return "YYYY-MM-DD or null";
    case field_type::kAmount:
      return "euros, 0 to 10^12; absent: 0";
    case field_type::kInteger:
      return std::to_string(f.min_) + " to " + std::to_string(f.max_) + "; absent: " + std::to_string(f.default_);
    case field_type::kReal:
      return "a finite number or null";
    case field_type::kReference:
      return "id of a `" + std::string{f.references_} + "` row, or null";
    case field_type::kPosition:
      return "set at creation after the last of the same `" + std::string{f.scope_} +
             "`; a correction may move it (1 to " + std::to_string(f.max_) + ")";
    case field_type::kDerived:
      return "computed, not accepted";
    case field_type::kCreator:
      return "the creating user's id, set by the server";
  }
  return {};
}

std::string rule_words(visibility_rule const& v) {
  switch (v.kind_) {
    case visibility::kEveryone:
      return "every row";
    case visibility::kOwnOrganisation:
      return "rows whose `" + std::string{v.column_} + "` is their organisation";
    case visibility::kOwnOrNone:
      return "rows whose `" + std::string{v.column_} + "` is their organisation or null";
    case visibility::kLinked:
      return "rows their organisation is linked to in `" + std::string{v.link_table_} + "`";
    case visibility::kVisibleParentOrNone:
      return "rows whose `" + std::string{v.column_} + "` is null or a " + std::string{v.parent_type_->entity_} +
             " they see";
  }
  return {};
}

std::string visibility_words(record_type const& t) {
  if (t.visible_.empty()) {
    return t.parent_.type_ != nullptr ? "as its " + std::string{t.parent_.type_->entity_} : "every row";
  }
  std::string out;
  for (auto const& rule : t.visible_) {
    out += (out.empty() ? "" : ", and ") + rule_words(rule);
  }
  return t.parent_.type_ != nullptr ? out + ", of a " + std::string{t.parent_.type_->entity_} + " they see" : out;
}

}  // namespace

std::string typescript_text() {
  std::ostringstream ts;
  ts << "// Generated from src/server/records/workspace.cc (tests/server/record_types_test.cc): do not edit.\n"
        "// SOLIMOB_UPDATE_GENERATED=1 build/tests/solimob_tests --gtest_filter='record_types.*' rewrites it.\n\n";
  for (auto const* e : all_enumerations()) {
    ts << "export type " << e->type_name_ << " = " << quoted_list(e->values_, " | ") << ";\n";
  }
  ts << "\n";
  for (auto const* e : all_enumerations()) {
    ts << "export const " << constant_name(e->type_name_) << ": readonly " << e->type_name_ << "[] = ["
       << quoted_list(e->values_, ", ") << "];\n";
  }
  ts << "\n/** The i18n keys of the labels of every closed list's values (i18n.ts must have them all). */\n"
        "export type ChoiceKey =\n";
  for (auto const* e : all_enumerations()) {
    for (auto const v : e->values_) {
      ts << "  | '" << e->i18n_ << "." << v << "'\n";
    }
  }
  ts << "  ;\n";
  for (auto const* t : all_record_types()) {
    if (!t->described()) {
      continue;
    }
    ts << "\nexport interface " << pascal(t->name_) << " {\n  id: number;\n";
    for (auto const& f : t->fields_) {
      ts << "  " << f.name_ << ": " << ts_type(f) << ";\n";
    }
    ts << "}\n";
  }
  ts << "\nexport type FieldType = 'text' | 'email' | 'choice' | 'date' | 'amount' | 'integer' | 'real' | 'reference' "
        "| "
        "'position' | 'derived' | 'creator';\n"
        "export interface FieldSpec {\n"
        "  name: string;\n  type: FieldType;\n  required: boolean;\n  maxLength: number;\n"
        "  /** choice: the values and the prefix of their labels' i18n keys */\n"
        "  choices?: readonly string[];\n  i18n?: string;\n  min?: number;\n  max?: number;\n"
        "  /** reference: the table the id refers to */\n  references?: string;\n"
        "}\n"
        "export interface RecordSpec {\n"
        "  /** API path of the rows' corrections and deletions (`${path}/${id}`), and of the list unless parentPath "
        "*/\n"
        "  path: string;\n  /** API path of the list and of creations under a parent row (`:id` its id) */\n"
        "  parentPath?: string;\n  fields: readonly FieldSpec[];\n}\n\n"
        "export const RECORDS = {\n";
  for (auto const* t : all_record_types()) {
    if (!t->described()) {
      continue;
    }
    ts << "  " << t->name_ << ": {\n    path: '" << t->path_.substr(5) << "',\n";
    if (t->parent_.type_ != nullptr) {
      ts << "    parentPath: '" << t->parent_.path_.substr(5) << "',\n";
    }
    ts << "    fields: [\n";
    for (auto const& f : t->fields_) {
      ts << "      { name: '" << f.name_ << "', type: '" << type_word(f.type_)
         << "', required: " << (f.required_ ? "true" : "false") << ", maxLength: " << f.max_length_;
      if (f.type_ == field_type::kChoice) {
        ts << ", choices: " << constant_name(f.choices_->type_name_) << ", i18n: '" << f.choices_->i18n_ << "'";
      }
      if (f.type_ == field_type::kInteger || f.type_ == field_type::kPosition) {
        ts << ", min: " << f.min_ << ", max: " << f.max_;
      }
      if (f.type_ == field_type::kReference) {
        ts << ", references: '" << f.references_ << "'";
      }
      ts << " },\n";
    }
    ts << "    ],\n  },\n";
  }
  ts << "} as const satisfies Record<string, RecordSpec>;\n";
  return ts.str();
}

std::string markdown_text() {
  std::ostringstream md;
  md << "# Record types of the workspace\n\n"
        "Generated from `src/server/records/workspace.cc` by `tests/server/record_types_test.cc` (do not edit; "
        "`SOLIMOB_UPDATE_GENERATED=1 build/tests/solimob_tests --gtest_filter='record_types.*'` rewrites it). "
        "Each type below is served by the generic handlers: `GET` and `POST` on its list path, `PUT` and "
        "`DELETE` on `<path>/{id}`; a body is a JSON object of the fields (absent optional fields take their "
        "default), an invalid one is refused with `invalid_input` naming the field, a correction or deletion "
        "of an unknown row is `not_found`, a deletion of a row still referred to is `conflict` "
        "(docs/API.md, Errors). Every change is written into the audit log with the fields listed.\n\n";
  md << "## Closed lists\n\n| list | values | labels (i18n) |\n|---|---|---|\n";
  for (auto const* e : all_enumerations()) {
    std::string values;
    for (auto const v : e->values_) {
      values += (values.empty() ? "`" : ", `") + std::string{v} + "`";
    }
    md << "| `" << e->type_name_ << "` | " << values << " | `" << e->i18n_ << ".<value>` |\n";
  }
  for (auto const* t : all_record_types()) {
    if (!t->described()) {
      continue;
    }
    md << "\n## " << t->entity_ << " (`" << t->table_ << "`)\n\n";
    if (t->hand_written_routes_) {
      md << "- Routes of their own at `" << t->path_ << "` (docs/API.md): the fields below are what they read\n";
    } else if (t->parent_.type_ != nullptr) {
      md << (t->parent_.listed_ ? "- List and creation: `GET`, `POST "
                                : "- Listed with its " + std::string{t->parent_.type_->entity_} + "; creation: `POST ")
         << t->parent_.path_ << "`\n";
    } else {
      md << "- List and creation: `GET`, `POST " << t->path_ << "`\n";
    }
    if (!t->hand_written_routes_) {
      md << "- Correction and deletion: `PUT`, `DELETE " << t->path_ << "/{id}`\n";
    }
    md << "- Partners read: " << visibility_words(*t) << "\n";
    std::string audit;
    for (auto const k : t->audit_keys_) {
      audit += (audit.empty() ? "`" : ", `") + std::string{k} + "`";
    }
    md << "- Audit details: " << audit << "\n\n| field | type | required | accepts |\n|---|---|---|---|\n";
    for (auto const& f : t->fields_) {
      md << "| `" << f.name_ << "` | " << type_word(f.type_) << " | " << (f.required_ ? "yes" : "no") << " | "
         << constraint(f) << " |\n";
    }
  }
  return md.str();
}

}  // namespace solimob::server::records
