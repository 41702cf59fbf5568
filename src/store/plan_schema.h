#pragma once

#include "store/migrations.h"

namespace solimob::store {

// Migration 2: the direction's workspace — plan objectives and actions with their partners and
// budget lines, cooperation documents, meetings (agenda, decisions, follow-up), development sectors.
migration plan_schema_migration();

// Migration 3: the plan's texts (diagnostic, doctrine, objectives, recommendations), indicators with
// dated values, evaluations of schemes and experiments, projects of the development sectors, files
// attached to cooperation documents, partner contacts (minimal, with a purpose).
migration plan_evaluation_migration();

// Version 4: agenda items linked to a cooperation document; a substring index of action titles
// (SQLite FTS5 trigram; PostgreSQL scans, fast enough at this size).
migration plan_links_and_search_migration();

// Version 5: the plan linked to the territory's analyses — saved map views (their parameters as JSON
// text) shared with partner organisations, indicators fed by an analysis and the provenance of their
// computed values, the scenario an action corresponds to, agenda items showing a view.
migration analysis_links_migration();

// Version 6: calls for projects — the call (objectives, eligibility, envelope, calendar, the plan
// objective it serves), its weighted criteria, the applications (organisation, project, amount,
// eligibility, decision, the action it became) and the reviewers' scores with their comments.
migration calls_for_projects_migration();

// Version 7: benchmarking ("parangonnage") — other territories' solidarity mobility plans and their
// measures (publics, budget, indicator), a measure turned into a proposed action of ours.
migration benchmarking_migration();

// Version 8: the territorial project's framework documents (plans, schemes, strategies) and their
// commitments, linked to a development sector, a partner, a cooperation document; the axes of
// cooperation with each partner.
migration framework_documents_migration();

// Version 9: mobility-needs surveys — the survey (its GDPR purpose and retention), saved column
// mappings of the usual form tools' exports, the answers (public, commune, barriers, purposes,
// modes, free text; no names).
migration surveys_migration();

// Version 10: files attached to call-for-projects applications; a survey mapping's coordinate columns
// and CSV encoding; the INSEE code each answer's commune resolves to.
migration attachments_and_places_migration();

// Version 11: the trip destinations a survey answer names, and the mapping's column of them.
migration survey_destinations_migration();

}  // namespace solimob::store
