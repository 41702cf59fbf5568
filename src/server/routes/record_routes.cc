#include "server/routes/record_routes.h"

#include <string>
#include <vector>

namespace solimob::server::routes {

using records::field;
using records::field_type;
using records::record_type;

namespace {

std::string name(std::string_view s) {
  return std::string{s};
}

std::string column_list(record_type const& type, std::string const& alias) {
  std::string out = alias + ".id";
  for (auto const& f : type.fields_) {
    if (f.type_ != field_type::kDerived) {
      out += ", " + alias + "." + name(f.name_);
    }
  }
  return out;
}

json row_to_json(record_type const& type, soci::row const& r) {
  json out = {{"id", as_int(r, 0)}};
  auto i = std::size_t{1};
  for (auto const& f : type.fields_) {
    auto const key = name(f.name_);
    if (f.type_ == field_type::kDerived) {
      continue;  // derive_ sets it
    }
    switch (f.type_) {
      case field_type::kAmount:
      case field_type::kReal:
        out[key] = real_or_null(r, i);
        break;
      case field_type::kInteger:
      case field_type::kReference:
      case field_type::kPosition:
      case field_type::kCreator:
        out[key] = is_null(r, i) ? json{} : json(as_int(r, i));
        break;
      default:
        out[key] = as_text(r, i);
    }
    ++i;
  }
  if (type.derive_ != nullptr) {
    type.derive_(out);
  }
  return out;
}

json load_record(request_context& ctx, record_type const& type, long long id) {
  soci::rowset<soci::row> rs =
      (ctx.sql_.prepare << "SELECT " + column_list(type, "t") + " FROM " + name(type.table_) + " t WHERE t.id = :id",
       soci::use(id));
  for (auto const& r : rs) {
    return row_to_json(type, r);
  }
  throw api_error{error_kind::kNotFound, "no " + name(type.entity_) + " " + std::to_string(id)};
}

// SOCI's values::set() takes the indicator of the value's conversion (i_ok) on a name's first set;
// a second set() of the name keeps the one given.
template <typename T>
void set_nullable(soci::values& v, std::string const& key, T const& value, soci::indicator ind) {
  v.set(key, value);
  if (ind == soci::i_null) {
    v.set(key, value, soci::i_null);
  }
}

// The value of field `f` of body `b`, validated, bound by name into `v`. A position is bound only when
// the body moves the row (corrections) or by the caller (creations).
void bind_field(request_context& ctx, json const& b, field const& f, soci::values& v) {
  auto const key = name(f.name_);
  switch (f.type_) {
    case field_type::kText:
      v.set(key, text(b, key, f.required_, f.max_length_));
      break;
    case field_type::kEmail: {
      auto e = text(b, key, f.required_, f.max_length_);
      if (!e.empty() && (e.find('@') == std::string::npos || e.find(' ') != std::string::npos)) {
        invalid(key, "not an e-mail address");
      }
      v.set(key, e);
      break;
    }
    case field_type::kChoice:
      v.set(key, f.required_ || b.contains(key) ? one_of(b, key, *f.choices_) : std::string{f.choices_->values_[0]});
      break;
    case field_type::kDate: {
      auto const [d, ind] = date(b, key, f.required_);
      set_nullable(v, key, d, ind);
      break;
    }
    case field_type::kAmount:
      v.set(key, amount(b, key));
      break;
    case field_type::kInteger:
      v.set(key, b.contains(key) || f.required_ ? integer(b, key, f.min_, f.max_) : f.default_);
      break;
    case field_type::kReal: {
      auto const [x, ind] = optional_real(b, key);
      set_nullable(v, key, x, ind);
      break;
    }
    case field_type::kReference: {
      auto const [id, ind] = optional_reference(ctx.sql_, b, key, name(f.references_));
      if (f.required_ && ind == soci::i_null) {
        invalid(key, "required");
      }
      set_nullable(v, key, id, ind);
      break;
    }
    case field_type::kPosition:
      if (b.contains(key)) {
        v.set(key, integer(b, key, f.min_, f.max_));
      }
      break;
    case field_type::kDerived:
    case field_type::kCreator:
      break;
  }
}

// One past the last position among the rows of `type` sharing the new row's scope.
long long next_position(request_context& ctx, record_type const& type, field const& f, json const& b,
                        std::optional<long long> parent) {
  long long last = 0;
  soci::indicator ind = soci::i_null;
  auto const sql = "SELECT MAX(position) FROM " + name(type.table_) + " WHERE " + name(f.scope_) + " = :s";
  if (parent && f.scope_ == type.parent_.column_) {
    ctx.sql_ << sql, soci::use(*parent), soci::into(last, ind);
  } else {
    auto const scope = b.value(name(f.scope_), std::string{});
    ctx.sql_ << sql, soci::use(scope), soci::into(last, ind);
  }
  return ind == soci::i_null ? 1 : last + 1;
}

json audit_details(record_type const& type, json const& row, std::optional<long long> parent) {
  json out = json::object();
  for (auto const key : type.audit_keys_) {
    if (parent && key == type.parent_.column_) {
      out[name(key)] = *parent;
    } else if (row.contains(name(key))) {
      out[name(key)] = row[name(key)];
    }
  }
  return out;
}

// The parent row of a new row (the route's :id) or of an existing one, checked visible.
long long visible_parent(request_context& ctx, record_type const& type, std::optional<long long> existing) {
  auto const& p = type.parent_;
  auto const parent = existing ? parent_of(ctx.sql_, name(type.table_), name(p.column_), name(type.entity_), *existing)
                               : ctx.param_id("id");
  require_visible(ctx, *p.type_, parent);
  return parent;
}

api_response save_record(request_context& ctx, record_type const& type, std::optional<long long> existing) {
  auto const& b = body_object(ctx);
  std::optional<long long> parent;
  if (type.parent_.type_ != nullptr) {
    parent = visible_parent(ctx, type, existing);
  } else if (existing) {
    require_row(ctx.sql_, name(type.table_), name(type.entity_), *existing);
  }
  soci::values v;
  std::vector<std::string> columns;
  for (auto const& f : type.fields_) {
    if (f.read_only_) {
      continue;
    }
    bind_field(ctx, b, f, v);
    if (f.type_ == field_type::kPosition && !existing) {
      v.set(name(f.name_), next_position(ctx, type, f, b, parent));
    }
    if (f.type_ == field_type::kCreator) {
      if (existing) {
        continue;  // kept
      }
      v.set(name(f.name_), static_cast<long long>(ctx.user_.id_.v()));
    }
    auto const stored = f.type_ != field_type::kDerived;
    auto const moved = f.type_ != field_type::kPosition || !existing || b.contains(name(f.name_));
    if (stored && moved) {
      columns.push_back(name(f.name_));
    }
  }
  if (type.check_ != nullptr) {
    type.check_(b);
  }
  long long id = 0;
  if (existing) {
    id = *existing;
    std::string set;
    for (auto const& c : columns) {
      set += (set.empty() ? "" : ", ") + c + " = :" + c;
    }
    v.set("id", id);
    ctx.sql_ << "UPDATE " + name(type.table_) + " SET " + set + " WHERE id = :id", soci::use(v);
  } else {
    std::string names;
    std::string placeholders;
    if (parent) {
      v.set(name(type.parent_.column_), *parent);
      columns.insert(begin(columns), name(type.parent_.column_));
    }
    for (auto const& c : columns) {
      names += (names.empty() ? "" : ", ") + c;
      placeholders += (placeholders.empty() ? ":" : ", :") + c;
    }
    ctx.sql_ << "INSERT INTO " + name(type.table_) + " (" + names + ") VALUES (" + placeholders + ") RETURNING id",
        soci::use(v), soci::into(id);
  }
  auto row = load_record(ctx, type, id);
  audit(ctx, existing ? "update" : "create", name(type.table_), id, audit_details(type, row, parent));
  return reply(existing ? 200 : 201, std::move(row));
}

api_response delete_record(request_context& ctx, record_type const& type) {
  if (type.parent_.type_ == nullptr) {
    return delete_row(ctx, name(type.table_), name(type.entity_));
  }
  auto const id = ctx.param_id("id");
  auto const parent = visible_parent(ctx, type, id);
  ctx.sql_ << "DELETE FROM " + name(type.table_) + " WHERE id = :id", soci::use(id);
  audit(ctx, "delete", name(type.table_), id, {{name(type.parent_.column_), parent}});
  return reply(204, nullptr);
}

}  // namespace

void require_visible(request_context& ctx, record_type const& type, long long id) {
  long long n = 0;
  ctx.sql_ << "SELECT COUNT(*) FROM " + name(type.table_) + " t WHERE t.id = :id AND " + visible(ctx, type, "t"),
      soci::use(id), soci::into(n);
  if (n == 0) {
    throw api_error{error_kind::kNotFound, "no " + name(type.entity_) + " " + std::to_string(id)};
  }
}

json list_records(request_context& ctx, record_type const& type, std::optional<long long> parent) {
  auto sql = "SELECT " + column_list(type, "t") + " FROM " + name(type.table_) + " t WHERE " + visible(ctx, type, "t");
  if (parent) {
    sql += " AND t." + name(type.parent_.column_) + " = :p";
  }
  sql += " ORDER BY " + name(type.order_by_);
  json out = json::array();
  auto const add = [&](soci::rowset<soci::row> const& rs) {
    for (auto const& r : rs) {
      out.push_back(row_to_json(type, r));
    }
  };
  if (parent) {
    add((ctx.sql_.prepare << sql, soci::use(*parent)));
  } else {
    add(ctx.sql_.prepare << sql);
  }
  return out;
}

void add_record_routes(route_table& s) {
  for (auto const* type : records::all_record_types()) {
    if (!type->generic()) {
      continue;
    }
    auto const& t = *type;
    auto const collection = name(t.parent_.type_ != nullptr ? t.parent_.path_ : t.path_);
    auto const item = name(t.path_) + "/:id";
    if (t.parent_.type_ == nullptr || t.parent_.listed_) {
      s.route("GET", collection, [&t](request_context& ctx) {
        std::optional<long long> parent;
        if (t.parent_.type_ != nullptr) {
          parent = ctx.param_id("id");
          require_visible(ctx, *t.parent_.type_, *parent);
        }
        return reply(200, list_records(ctx, t, parent));
      });
    }
    s.route("POST", collection, [&t](request_context& ctx) { return save_record(ctx, t, std::nullopt); });
    s.route("PUT", item, [&t](request_context& ctx) { return save_record(ctx, t, ctx.param_id("id")); });
    s.route("DELETE", item, [&t](request_context& ctx) { return delete_record(ctx, t); });
  }
}

}  // namespace solimob::server::routes
