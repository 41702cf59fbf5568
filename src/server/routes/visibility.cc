#include "server/routes/visibility.h"

namespace solimob::server::routes {

bool is_partner(request_context const& ctx) {
  return ctx.user_.role_ == role::kPartenaire;
}

long long partner_org(request_context const& ctx) {
  return ctx.user_.organisation_id_ ? ctx.user_.organisation_id_->v() : -1;
}

std::string visibility_key(request_context const& ctx) {
  return is_partner(ctx) ? "org:" + std::to_string(partner_org(ctx)) : "all";
}

namespace {

std::string condition(request_context const& ctx, records::visibility_rule const& rule, std::string const& alias) {
  using records::visibility;
  auto const org = std::to_string(partner_org(ctx));
  auto const column = alias + "." + std::string{rule.column_};
  switch (rule.kind_) {
    case visibility::kOwnOrganisation:
      return column + " = " + org;
    case visibility::kOwnOrNone:
      return "(" + column + " IS NULL OR " + column + " = " + org + ")";
    case visibility::kLinked: {
      auto const link = alias + "_l";
      return "EXISTS (SELECT 1 FROM " + std::string{rule.link_table_} + " " + link + " WHERE " + link + "." +
             std::string{rule.link_key_} + " = " + alias + ".id AND " + link + ".organisation_id = " + org + ")";
    }
    case visibility::kVisibleParentOrNone: {
      auto const parent = alias + "_p" + std::string{rule.column_};
      return "(" + column + " IS NULL OR EXISTS (SELECT 1 FROM " + std::string{rule.parent_type_->table_} + " " +
             parent + " WHERE " + parent + ".id = " + column + " AND " + visible(ctx, *rule.parent_type_, parent) +
             "))";
    }
    case visibility::kEveryone:
      break;
  }
  return "1=1";
}

}  // namespace

std::string visible(request_context const& ctx, records::record_type const& type, std::string const& alias) {
  if (!is_partner(ctx) || type.visible_.empty()) {
    return "1=1";
  }
  std::string out;
  for (auto const& rule : type.visible_) {
    out += (out.empty() ? "" : " AND ") + condition(ctx, rule, alias);
  }
  return out;
}

json visible_organisations(request_context const& ctx, json ids) {
  if (!is_partner(ctx)) {
    return ids;
  }
  json out = json::array();
  for (auto const& id : ids) {
    if (id.get<long long>() == partner_org(ctx)) {
      out.push_back(id);
    }
  }
  return out;
}

}  // namespace solimob::server::routes
