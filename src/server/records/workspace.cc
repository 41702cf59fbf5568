#include "server/records/workspace.h"

#include <array>

#include <nlohmann/json.hpp>

#include "server/api_error.h"

namespace solimob::server::records {

using nlohmann::json;

enumeration const kRoles{"Role", "role", {"admin", "agent", "partenaire", "lecture"}};
enumeration const kOrgTypes{
    "OrgType",
    "orgtype",
    {"autorite_organisatrice", "caf", "france_travail", "ccas", "commune", "ept", "association", "autre"}};
enumeration const kActionStatuses{"ActionStatus", "status", {"proposee", "en_cours", "realisee", "abandonnee"}};
enumeration const kNatures{"Nature", "nature", {"investissement", "fonctionnement"}};
enumeration const kDocTypes{"DocType", "doctype", {"charte", "protocole", "convention", "autre"}};
enumeration const kDocStatuses{
    "DocStatus", "docstatus", {"brouillon", "negociation", "signe", "en_vigueur", "expire", "renouvele"}};
enumeration const kMeetingTypes{
    "MeetingType", "meetingtype", {"cotech", "copil", "rencontre_annuelle", "executif_partenaire"}};
enumeration const kFollowUpStatuses{"FollowUpStatus", "fustatus", {"a_faire", "en_cours", "fait"}};
enumeration const kPlanKinds{"PlanKind", "plankind", {"diagnostic", "doctrine", "objectifs", "preconisations"}};
enumeration const kProjectStatuses{
    "ProjectStatus", "projectstatus", {"idee", "etude", "programme", "en_cours", "livre"}};
enumeration const kCallStatuses{"CallStatus", "callstatus", {"brouillon", "ouvert", "clos", "decide"}};
enumeration const kEligibilities{"Eligibility", "eligibility", {"a_verifier", "eligible", "non_eligible"}};
enumeration const kCallDecisions{"CallDecision", "calldecision", {"en_attente", "retenu", "refuse"}};
enumeration const kSurveyTools{
    "SurveyTool", "surveytool", {"limesurvey", "framaforms", "microsoft_forms", "google_forms", "autre"}};
// The character encodings of CSV exports: Excel in French writes Windows-1252.
enumeration const kTextEncodings{"TextEncoding", "encoding", {"utf-8", "windows-1252", "iso-8859-15"}};
enumeration const kFrameworkKinds{
    "FrameworkKind", "frameworkkind", {"plan", "schema", "strategie", "projet_territoire", "autre"}};

namespace {

[[noreturn]] void invalid(std::string field, std::string const& message) {
  throw api_error{error_kind::kInvalidInput, message, std::move(field)};
}

// Dates are "YYYY-MM-DD": their text order is their order.
void check_evaluation(json const& b) {
  auto const start = b.value("period_start", json{});
  auto const end = b.value("period_end", json{});
  if (start.is_string() && end.is_string() && end.get<std::string>() < start.get<std::string>()) {
    invalid("period_end", "the end comes before the start");
  }
}

// The calendar of a call goes forward: opening, closing, decision.
void check_call(json const& b) {
  auto const at = [&](char const* key) { return b.value(key, json{}); };
  auto const opens = at("opens_on");
  auto const closes = at("closes_on");
  auto const decides = at("decision_on");
  if (opens.is_string() && closes.is_string() && closes.get<std::string>() < opens.get<std::string>()) {
    invalid("closes_on", "the closing comes before the opening");
  }
  if (closes.is_string() && decides.is_string() && decides.get<std::string>() < closes.get<std::string>()) {
    invalid("decision_on", "the decision comes before the closing");
  }
}

// Only a selected application is granted an amount, at most what it asked for.
void check_application(json const& b) {
  auto const granted = b.value("granted", json{});
  if (!granted.is_number() || granted.get<double>() == 0.0) {
    return;
  }
  if (b.value("decision", std::string{}) != "retenu") {
    invalid("granted", "only a selected application (decision retenu) is granted an amount");
  }
  auto const requested = b.value("requested", json{});
  if (requested.is_number() && granted.get<double>() > requested.get<double>()) {
    invalid("granted", "more than the requested amount");
  }
}

// The coordinates of an answer are a point: both columns or neither.
void check_survey_mapping(json const& b) {
  auto const named = [&](char const* key) { return !b.value(key, std::string{}).empty(); };
  if (named("longitude_column") != named("latitude_column")) {
    invalid(named("longitude_column") ? "latitude_column" : "longitude_column",
            "the coordinates need both a longitude and a latitude column (or neither)");
  }
}

void derive_evaluation(json& row) {
  auto const beneficiaries = row["beneficiaries"].get<long long>();
  row["cost_per_beneficiary"] =
      beneficiaries > 0 ? json(row["cost"].get<double>() / static_cast<double>(beneficiaries)) : json{};
}

}  // namespace

record_type const kAction{
    .name_ = "action",
    .table_ = "action",
    .entity_ = "action",
    .visible_ = {{.kind_ = visibility::kLinked, .link_table_ = "action_partner", .link_key_ = "action_id"}}};

// Its routes (partners_api.cc) check the status transitions and keep the parties (document_party).
record_type const kDocument{
    .name_ = "cooperation_document",
    .table_ = "cooperation_document",
    .entity_ = "document",
    .path_ = "/api/documents",
    .fields_ = {text("title", 300, true), choice("type", kDocTypes), choice("status", kDocStatuses), date("signed_on"),
                date("effective_on"), date("ends_on"), text("commitments", 20000)},
    .order_by_ = "id",
    .audit_keys_ = {"title", "status"},
    .visible_ = {{.kind_ = visibility::kLinked, .link_table_ = "document_party", .link_key_ = "document_id"}},
    .hand_written_routes_ = true};

record_type const kMeeting{
    .name_ = "meeting",
    .table_ = "meeting",
    .entity_ = "meeting",
    .visible_ = {{.kind_ = visibility::kLinked, .link_table_ = "meeting_participant", .link_key_ = "meeting_id"}}};

record_type const kSector{.name_ = "sector", .table_ = "sector", .entity_ = "sector"};

record_type const kView{
    .name_ = "analysis_view",
    .table_ = "analysis_view",
    .entity_ = "view",
    .visible_ = {{.kind_ = visibility::kLinked, .link_table_ = "analysis_view_share", .link_key_ = "view_id"}}};

record_type const kObjective{.name_ = "objective",
                             .table_ = "objective",
                             .entity_ = "objective",
                             .path_ = "/api/objectives",
                             .fields_ = {text("code", 20, true), text("title", 300, true), text("description", 2000)},
                             .order_by_ = "code, id",
                             .audit_keys_ = {"code"}};

record_type const kPlanSection{
    .name_ = "plan_section",
    .table_ = "plan_section",
    .entity_ = "plan section",
    .path_ = "/api/plan-sections",
    .fields_ = {choice("kind", kPlanKinds), text("title", 300, true), text("body", 200000), position("kind", 1000)},
    .order_by_ =
        "CASE kind WHEN 'diagnostic' THEN 1 WHEN 'doctrine' THEN 2 WHEN 'objectifs' THEN 3 ELSE 4 END, "
        "position, id",
    .audit_keys_ = {"title"}};

record_type const kOrganisation{.name_ = "organisation",
                                .table_ = "organisation",
                                .entity_ = "organisation",
                                .path_ = "/api/organisations",
                                .fields_ = {text("name", 200, true), choice("type", kOrgTypes), text("territory", 200)},
                                .order_by_ = "name, id",
                                .audit_keys_ = {"name"},
                                .visible_ = {{.kind_ = visibility::kOwnOrganisation, .column_ = "id"}}};

record_type const kContact{.name_ = "contact",
                           .table_ = "contact",
                           .entity_ = "contact",
                           .path_ = "/api/contacts",
                           .fields_ = {text("name", 200, true), text("role", 200), email("email"), text("phone", 50),
                                       text("purpose", 500, true)},
                           .order_by_ = "name, id",
                           .audit_keys_ = {"organisation_id"},
                           .parent_ = {&kOrganisation, "organisation_id", "/api/organisations/:id/contacts"}};

record_type const kEvaluation{
    .name_ = "evaluation",
    .table_ = "evaluation",
    .entity_ = "evaluation",
    .path_ = "/api/evaluations",
    .fields_ = {reference("action_id", "action"), text("title", 300, true), text("description", 20000),
                date("period_start"), date("period_end"), integer("beneficiaries", 0, 100'000'000, 0), amount("cost"),
                derived("cost_per_beneficiary"), text("indicator_label", 300), real("value_before"),
                real("value_after")},
    .order_by_ = "id",
    .audit_keys_ = {"title"},
    .visible_ = {{.kind_ = visibility::kVisibleParentOrNone, .column_ = "action_id", .parent_type_ = &kAction}},
    .check_ = check_evaluation,
    .derive_ = derive_evaluation};

record_type const kSectorProject{
    .name_ = "sector_project",
    .table_ = "sector_project",
    .entity_ = "sector project",
    .path_ = "/api/sector-projects",
    .fields_ = {text("title", 300, true), text("direction", 200), reference("partner_id", "organisation"),
                text("horizon", 50), choice("status", kProjectStatuses)},
    .order_by_ = "id",
    .audit_keys_ = {"sector_id", "title"},
    .visible_ = {{.kind_ = visibility::kOwnOrNone, .column_ = "partner_id"}},
    .parent_ = {&kSector, "sector_id", "/api/sectors/:id/projects"}};

record_type const kAgendaItem{
    .name_ = "agenda_item",
    .table_ = "agenda_item",
    .entity_ = "agenda item",
    .path_ = "/api/agenda-items",
    .fields_ = {position("meeting_id", 1000), text("title", 300, true), text("problem_statement", 20000),
                integer("priority", 1, 3, 2), text("stakes", 20000), reference("action_id", "action"),
                reference("document_id", "cooperation_document"), reference("view_id", "analysis_view")},
    .order_by_ = "position, id",
    .audit_keys_ = {"meeting_id"},
    .parent_ = {&kMeeting, "meeting_id", "/api/meetings/:id/agenda-items", false}};

record_type const kDecision{.name_ = "decision",
                            .table_ = "decision",
                            .entity_ = "decision",
                            .path_ = "/api/decisions",
                            .fields_ = {text("text", 20000, true)},
                            .order_by_ = "id",
                            .audit_keys_ = {"meeting_id"},
                            .parent_ = {&kMeeting, "meeting_id", "/api/meetings/:id/decisions", false}};

record_type const kFollowUp{.name_ = "follow_up",
                            .table_ = "follow_up",
                            .entity_ = "follow-up action",
                            .path_ = "/api/follow-ups",
                            .fields_ = {text("text", 2000, true), text("owner", 200, true), date("due_on", true),
                                        choice("status", kFollowUpStatuses)},
                            .order_by_ = "due_on, id",
                            .audit_keys_ = {"meeting_id", "status"},
                            .parent_ = {&kMeeting, "meeting_id", "/api/meetings/:id/follow-ups", false}};

record_type const kCall{
    .name_ = "call_for_projects",
    .table_ = "call_for_projects",
    .entity_ = "call for projects",
    .path_ = "/api/calls",
    .fields_ = {text("title", 300, true), text("objectives", 20000), text("eligibility", 20000), amount("envelope"),
                date("opens_on"), date("closes_on"), date("decision_on"), reference("objective_id", "objective"),
                text("owner_direction", 200), choice("status", kCallStatuses)},
    .order_by_ = "id DESC",
    .audit_keys_ = {"title", "status"},
    .check_ = check_call};

record_type const kCriterion{.name_ = "call_criterion",
                             .table_ = "call_criterion",
                             .entity_ = "criterion",
                             .path_ = "/api/criteria",
                             .fields_ = {position("call_id", 100), text("label", 200, true), text("description", 2000),
                                         integer("weight", 1, 100, 1)},
                             .order_by_ = "position, id",
                             .audit_keys_ = {"call_id", "label", "weight"},
                             .parent_ = {&kCall, "call_id", "/api/calls/:id/criteria"}};

record_type const kApplication{
    .name_ = "call_application",
    .table_ = "call_application",
    .entity_ = "application",
    .path_ = "/api/applications",
    .fields_ = {required(reference("organisation_id", "organisation")), text("project_title", 300, true),
                text("description", 20000), amount("requested"), choice("eligibility", kEligibilities),
                text("eligibility_note", 2000), choice("decision", kCallDecisions), amount("granted"),
                read_only(reference("action_id", "action"))},
    .order_by_ = "id",
    .audit_keys_ = {"call_id", "organisation_id", "decision", "granted"},
    .visible_ = {{.kind_ = visibility::kOwnOrganisation, .column_ = "organisation_id"}},
    .parent_ = {&kCall, "call_id", "/api/calls/:id/applications"},
    .check_ = check_application};

record_type const kBenchmarkPlan{.name_ = "benchmark_plan",
                                 .table_ = "benchmark_plan",
                                 .entity_ = "benchmarked plan",
                                 .path_ = "/api/benchmark-plans",
                                 .fields_ = {text("territory", 200, true), text("title", 300, true), text("period", 50),
                                             amount("budget"), text("source", 500), text("summary", 20000)},
                                 .order_by_ = "territory, id",
                                 .audit_keys_ = {"territory", "title"}};

record_type const kBenchmarkMeasure{
    .name_ = "benchmark_measure",
    .table_ = "benchmark_measure",
    .entity_ = "benchmarked measure",
    .path_ = "/api/benchmark-measures",
    .fields_ = {text("title", 300, true), text("description", 20000), text("publics", 500), amount("budget"),
                text("indicator", 300), read_only(reference("proposal_action_id", "action"))},
    .order_by_ = "id",
    .audit_keys_ = {"plan_id", "title"},
    .parent_ = {&kBenchmarkPlan, "plan_id", "/api/benchmark-plans/:id/measures"}};

record_type const kFrameworkDocument{.name_ = "framework_document",
                                     .table_ = "framework_document",
                                     .entity_ = "framework document",
                                     .path_ = "/api/framework-documents",
                                     .fields_ = {text("title", 300, true), choice("kind", kFrameworkKinds),
                                                 date("adopted_on"), text("horizon", 50), text("summary", 20000)},
                                     .order_by_ = "title, id",
                                     .audit_keys_ = {"title"}};

// A commitment naming another organisation, or a cooperation document the partner is no party to,
// is not shown to partner accounts.
record_type const kCommitment{
    .name_ = "framework_commitment",
    .table_ = "framework_commitment",
    .entity_ = "commitment",
    .path_ = "/api/commitments",
    .fields_ = {text("text", 2000, true), reference("sector_id", "sector"), reference("partner_id", "organisation"),
                reference("cooperation_document_id", "cooperation_document")},
    .order_by_ = "id",
    .audit_keys_ = {"document_id", "sector_id"},
    .visible_ = {{.kind_ = visibility::kOwnOrNone, .column_ = "partner_id"},
                 {.kind_ = visibility::kVisibleParentOrNone,
                  .column_ = "cooperation_document_id",
                  .parent_type_ = &kDocument}},
    .parent_ = {&kFrameworkDocument, "document_id", "/api/framework-documents/:id/commitments"}};

record_type const kCooperationAxis{.name_ = "cooperation_axis",
                                   .table_ = "cooperation_axis",
                                   .entity_ = "axis of cooperation",
                                   .path_ = "/api/cooperation-axes",
                                   .fields_ = {text("title", 300, true), text("description", 20000)},
                                   .order_by_ = "title, id",
                                   .audit_keys_ = {"organisation_id", "title"},
                                   .parent_ = {&kOrganisation, "organisation_id", "/api/organisations/:id/axes"}};

// Answers are personal data: the survey states why they are kept and until when (GDPR).
record_type const kSurvey{.name_ = "survey",
                          .table_ = "survey",
                          .entity_ = "survey",
                          .path_ = "/api/surveys",
                          .fields_ = {text("title", 300, true), text("purpose", 2000, true),
                                      date("retention_until", true), creator("created_by")},
                          .order_by_ = "id DESC",
                          .audit_keys_ = {"title", "retention_until"}};

// Which column of a form tool's export holds what; saved to import the next export the same way.
record_type const kSurveyMapping{
    .name_ = "survey_mapping",
    .table_ = "survey_mapping",
    .entity_ = "column mapping",
    .path_ = "/api/survey-mappings",
    .fields_ = {text("name", 200, true), choice("tool", kSurveyTools), text("public_column", 200, true),
                text("commune_column", 200), text("barriers_column", 200), text("purposes_column", 200),
                text("destinations_column", 200), text("modes_column", 200), text("free_text_column", 200),
                text("separator", 3), text("longitude_column", 200), text("latitude_column", 200),
                optional_choice("encoding", kTextEncodings)},
    .order_by_ = "name, id",
    .audit_keys_ = {"name"},
    .check_ = check_survey_mapping};

std::span<record_type const* const> all_record_types() {
  static constexpr std::array<record_type const*, 24> kAll{&kObjective,
                                                           &kPlanSection,
                                                           &kAction,
                                                           &kEvaluation,
                                                           &kOrganisation,
                                                           &kContact,
                                                           &kDocument,
                                                           &kMeeting,
                                                           &kAgendaItem,
                                                           &kDecision,
                                                           &kFollowUp,
                                                           &kSector,
                                                           &kSectorProject,
                                                           &kView,
                                                           &kCall,
                                                           &kCriterion,
                                                           &kApplication,
                                                           &kBenchmarkPlan,
                                                           &kBenchmarkMeasure,
                                                           &kFrameworkDocument,
                                                           &kCommitment,
                                                           &kCooperationAxis,
                                                           &kSurvey,
                                                           &kSurveyMapping};
  return kAll;
}

std::span<enumeration const* const> all_enumerations() {
  static constexpr std::array<enumeration const*, 16> kAll{
      &kRoles,         &kOrgTypes,         &kActionStatuses, &kNatures,         &kDocTypes,     &kDocStatuses,
      &kMeetingTypes,  &kFollowUpStatuses, &kPlanKinds,      &kProjectStatuses, &kCallStatuses, &kEligibilities,
      &kCallDecisions, &kFrameworkKinds,   &kSurveyTools,    &kTextEncodings};
  return kAll;
}

}  // namespace solimob::server::records
