#include "store/plan_schema.h"

namespace solimob::store {

migration plan_schema_migration() {
  return {
      2,
      "plan: objectives, actions, partners, budget lines, cooperation documents, meetings, sectors",
      {
          R"(CREATE TABLE objective (
               id {{id}},
               code TEXT NOT NULL,
               title TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT ''))",
          R"(CREATE TABLE action (
               id {{id}},
               objective_id {{ref}} REFERENCES objective (id),
               title TEXT NOT NULL,
               owner_direction TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('proposee', 'en_cours', 'realisee', 'abandonnee')),
               publics TEXT NOT NULL DEFAULT '',
               territory TEXT NOT NULL DEFAULT '',
               start_date TEXT,
               end_date TEXT,
               updated_at {{ts}} NOT NULL))",
          "CREATE INDEX action_status_idx ON action (status)",
          // The partner organisations of an action: they take part, and their accounts see it.
          R"(CREATE TABLE action_partner (
               action_id {{ref}} NOT NULL REFERENCES action (id) ON DELETE CASCADE,
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id),
               PRIMARY KEY (action_id, organisation_id)))",
          "CREATE INDEX action_partner_org_idx ON action_partner (organisation_id)",
          R"(CREATE TABLE budget_line (
               id {{id}},
               action_id {{ref}} NOT NULL REFERENCES action (id) ON DELETE CASCADE,
               year INTEGER NOT NULL,
               direction TEXT NOT NULL,
               nature TEXT NOT NULL CHECK (nature IN ('investissement', 'fonctionnement')),
               planned {{real}} NOT NULL DEFAULT 0,
               voted {{real}} NOT NULL DEFAULT 0,
               spent {{real}} NOT NULL DEFAULT 0))",
          "CREATE INDEX budget_line_action_idx ON budget_line (action_id)",
          R"(CREATE TABLE cooperation_document (
               id {{id}},
               type TEXT NOT NULL CHECK (type IN ('charte', 'protocole', 'convention', 'autre')),
               title TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('brouillon', 'negociation', 'signe', 'en_vigueur', 'expire',
                                                      'renouvele')),
               commitments TEXT NOT NULL DEFAULT '',
               signed_on TEXT,
               effective_on TEXT,
               ends_on TEXT))",
          R"(CREATE TABLE document_party (
               document_id {{ref}} NOT NULL REFERENCES cooperation_document (id) ON DELETE CASCADE,
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id),
               PRIMARY KEY (document_id, organisation_id)))",
          R"(CREATE TABLE meeting (
               id {{id}},
               type TEXT NOT NULL CHECK (type IN ('cotech', 'copil', 'rencontre_annuelle', 'executif_partenaire')),
               title TEXT NOT NULL,
               held_on TEXT NOT NULL,
               place TEXT NOT NULL DEFAULT '',
               minutes TEXT NOT NULL DEFAULT ''))",
          R"(CREATE TABLE meeting_participant (
               meeting_id {{ref}} NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id),
               PRIMARY KEY (meeting_id, organisation_id)))",
          R"(CREATE TABLE agenda_item (
               id {{id}},
               meeting_id {{ref}} NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
               position INTEGER NOT NULL,
               title TEXT NOT NULL,
               problem_statement TEXT NOT NULL DEFAULT '',
               priority INTEGER NOT NULL DEFAULT 2,
               stakes TEXT NOT NULL DEFAULT '',
               action_id {{ref}} REFERENCES action (id) ON DELETE SET NULL))",
          R"(CREATE TABLE decision (
               id {{id}},
               meeting_id {{ref}} NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
               text TEXT NOT NULL))",
          R"(CREATE TABLE follow_up (
               id {{id}},
               meeting_id {{ref}} NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
               text TEXT NOT NULL,
               owner TEXT NOT NULL,
               due_on TEXT NOT NULL,
               status TEXT NOT NULL CHECK (status IN ('a_faire', 'en_cours', 'fait'))))",
          // Polygons as GeoJSON geometry text: the same in SQLite and PostgreSQL, exported as is.
          R"(CREATE TABLE sector (
               id {{id}},
               name TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               geometry TEXT NOT NULL))",
      },
      {{"objective", {"id"}},
       {"action", {"id"}},
       {"action_partner", {"action_id", "organisation_id"}},
       {"budget_line", {"id"}},
       {"cooperation_document", {"id"}},
       {"document_party", {"document_id", "organisation_id"}},
       {"meeting", {"id"}},
       {"meeting_participant", {"meeting_id", "organisation_id"}},
       {"agenda_item", {"id"}},
       {"decision", {"id"}},
       {"follow_up", {"id"}},
       {"sector", {"id"}}},
  };
}

migration plan_evaluation_migration() {
  return {
      3,
      "plan: sections, indicators and values, evaluations, sector projects, document files, partner contacts",
      {
          R"(CREATE TABLE plan_section (
               id {{id}},
               kind TEXT NOT NULL CHECK (kind IN ('diagnostic', 'doctrine', 'objectifs', 'preconisations')),
               title TEXT NOT NULL,
               body TEXT NOT NULL DEFAULT '',
               position INTEGER NOT NULL))",
          R"(CREATE TABLE indicator (
               id {{id}},
               objective_id {{ref}} REFERENCES objective (id),
               name TEXT NOT NULL,
               definition TEXT NOT NULL DEFAULT '',
               unit TEXT NOT NULL DEFAULT '',
               baseline {{real}},
               target {{real}}))",
          R"(CREATE TABLE indicator_value (
               id {{id}},
               indicator_id {{ref}} NOT NULL REFERENCES indicator (id) ON DELETE CASCADE,
               measured_on TEXT NOT NULL,
               value {{real}} NOT NULL))",
          "CREATE INDEX indicator_value_idx ON indicator_value (indicator_id, measured_on)",
          R"(CREATE TABLE evaluation (
               id {{id}},
               action_id {{ref}} REFERENCES action (id) ON DELETE SET NULL,
               title TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               period_start TEXT,
               period_end TEXT,
               beneficiaries INTEGER NOT NULL DEFAULT 0,
               cost {{real}} NOT NULL DEFAULT 0,
               indicator_label TEXT NOT NULL DEFAULT '',
               value_before {{real}},
               value_after {{real}}))",
          // Projects of the territorial project, each in a development sector.
          R"(CREATE TABLE sector_project (
               id {{id}},
               sector_id {{ref}} NOT NULL REFERENCES sector (id) ON DELETE CASCADE,
               title TEXT NOT NULL,
               direction TEXT NOT NULL DEFAULT '',
               partner_id {{ref}} REFERENCES organisation (id),
               horizon TEXT NOT NULL DEFAULT '',
               status TEXT NOT NULL CHECK (status IN ('idee', 'etude', 'programme', 'en_cours', 'livre'))))",
          // Files attached to cooperation documents (signed scans...), kept in the database so that
          // backups and transactions cover them; the name is only shown, never used as a path.
          R"(CREATE TABLE document_file (
               id {{id}},
               document_id {{ref}} NOT NULL REFERENCES cooperation_document (id) ON DELETE CASCADE,
               name TEXT NOT NULL,
               content_type TEXT NOT NULL,
               size INTEGER NOT NULL,
               content_base64 TEXT NOT NULL,
               uploaded_at {{ts}} NOT NULL))",
          // GDPR: contacts are minimal (no sensitive data) and say why they are kept.
          R"(CREATE TABLE contact (
               id {{id}},
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
               name TEXT NOT NULL,
               role TEXT NOT NULL DEFAULT '',
               email TEXT NOT NULL DEFAULT '',
               phone TEXT NOT NULL DEFAULT '',
               purpose TEXT NOT NULL))",
      },
      {{"plan_section", {"id"}},
       {"indicator", {"id"}},
       {"indicator_value", {"id"}},
       {"evaluation", {"id"}},
       {"sector_project", {"id"}},
       {"document_file", {"id"}},
       {"contact", {"id"}}},
  };
}

migration plan_links_and_search_migration() {
  return {
      4,
      "plan: agenda items linked to documents, text search of action titles",
      {
          "ALTER TABLE agenda_item ADD COLUMN document_id {{ref}} REFERENCES cooperation_document (id) ON DELETE SET "
          "NULL",
      },
      {},
      {
          // An index kept by triggers over the action table (external content): searching "bus 12"
          // reads the rows holding its trigrams instead of lowering and scanning every title.
          "CREATE VIRTUAL TABLE action_search USING fts5(title, content='action', content_rowid='id', "
          "tokenize='trigram')",
          "INSERT INTO action_search (action_search) VALUES ('rebuild')",
          R"(CREATE TRIGGER action_search_insert AFTER INSERT ON action BEGIN
               INSERT INTO action_search (rowid, title) VALUES (new.id, new.title);
             END)",
          R"(CREATE TRIGGER action_search_delete AFTER DELETE ON action BEGIN
               INSERT INTO action_search (action_search, rowid, title) VALUES ('delete', old.id, old.title);
             END)",
          R"(CREATE TRIGGER action_search_update AFTER UPDATE OF title ON action BEGIN
               INSERT INTO action_search (action_search, rowid, title) VALUES ('delete', old.id, old.title);
               INSERT INTO action_search (rowid, title) VALUES (new.id, new.title);
             END)",
      },
  };
}

migration analysis_links_migration() {
  return {
      5,
      "plan: saved analysis views and their sharing, indicators fed by an analysis, action scenarios",
      {
          // params: the front end's map state, a JSON object as text (at most 16 KiB, checked by the API).
          R"(CREATE TABLE analysis_view (
               id {{id}},
               name TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               params TEXT NOT NULL,
               created_by {{ref}} REFERENCES app_user (id) ON DELETE SET NULL,
               updated_at {{ts}} NOT NULL))",
          R"(CREATE TABLE analysis_view_share (
               view_id {{ref}} NOT NULL REFERENCES analysis_view (id) ON DELETE CASCADE,
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id),
               PRIMARY KEY (view_id, organisation_id)))",
          // JSON text or NULL: the analysis definition feeding the indicator, and how a value was computed.
          "ALTER TABLE indicator ADD COLUMN analysis TEXT",
          "ALTER TABLE indicator_value ADD COLUMN provenance TEXT",
          // A scenario id of the territory (not a reference: territories are files, not rows).
          "ALTER TABLE action ADD COLUMN scenario TEXT",
          // Deferred: a backup inserts agenda items (an older table) before the views they show.
          "ALTER TABLE agenda_item ADD COLUMN view_id {{ref}} REFERENCES analysis_view (id) ON DELETE SET NULL "
          "DEFERRABLE INITIALLY DEFERRED",
      },
      {{"analysis_view", {"id"}}, {"analysis_view_share", {"view_id", "organisation_id"}}},
  };
}

migration calls_for_projects_migration() {
  return {
      6,
      "plan: calls for projects, their criteria, applications and reviewers' scores",
      {
          R"(CREATE TABLE call_for_projects (
               id {{id}},
               title TEXT NOT NULL,
               objectives TEXT NOT NULL DEFAULT '',
               eligibility TEXT NOT NULL DEFAULT '',
               envelope {{real}} NOT NULL DEFAULT 0,
               opens_on TEXT,
               closes_on TEXT,
               decision_on TEXT,
               objective_id {{ref}} REFERENCES objective (id),
               owner_direction TEXT NOT NULL DEFAULT '',
               status TEXT NOT NULL CHECK (status IN ('brouillon', 'ouvert', 'clos', 'decide'))))",
          R"(CREATE TABLE call_criterion (
               id {{id}},
               call_id {{ref}} NOT NULL REFERENCES call_for_projects (id) ON DELETE CASCADE,
               position INTEGER NOT NULL,
               label TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               weight INTEGER NOT NULL))",
          R"(CREATE TABLE call_application (
               id {{id}},
               call_id {{ref}} NOT NULL REFERENCES call_for_projects (id) ON DELETE CASCADE,
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id),
               project_title TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               requested {{real}} NOT NULL DEFAULT 0,
               eligibility TEXT NOT NULL CHECK (eligibility IN ('a_verifier', 'eligible', 'non_eligible')),
               eligibility_note TEXT NOT NULL DEFAULT '',
               decision TEXT NOT NULL CHECK (decision IN ('en_attente', 'retenu', 'refuse')),
               granted {{real}} NOT NULL DEFAULT 0,
               action_id {{ref}} REFERENCES action (id) ON DELETE SET NULL))",
          // One score per reviewer and criterion; 0 (absent) to 5 (excellent).
          R"(CREATE TABLE call_score (
               id {{id}},
               application_id {{ref}} NOT NULL REFERENCES call_application (id) ON DELETE CASCADE,
               criterion_id {{ref}} NOT NULL REFERENCES call_criterion (id) ON DELETE CASCADE,
               reviewer_id {{ref}} NOT NULL REFERENCES app_user (id),
               score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 5),
               comment TEXT NOT NULL DEFAULT '',
               UNIQUE (application_id, criterion_id, reviewer_id)))",
      },
      {{"call_for_projects", {"id"}}, {"call_criterion", {"id"}}, {"call_application", {"id"}}, {"call_score", {"id"}}},
  };
}

migration benchmarking_migration() {
  return {
      7,
      "plan: other territories' plans and their measures (benchmarking)",
      {
          R"(CREATE TABLE benchmark_plan (
               id {{id}},
               territory TEXT NOT NULL,
               title TEXT NOT NULL,
               period TEXT NOT NULL DEFAULT '',
               budget {{real}} NOT NULL DEFAULT 0,
               source TEXT NOT NULL DEFAULT '',
               summary TEXT NOT NULL DEFAULT ''))",
          // publics: as an action's, comma-separated; proposal_action_id: the action of ours it became.
          R"(CREATE TABLE benchmark_measure (
               id {{id}},
               plan_id {{ref}} NOT NULL REFERENCES benchmark_plan (id) ON DELETE CASCADE,
               title TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT '',
               publics TEXT NOT NULL DEFAULT '',
               budget {{real}} NOT NULL DEFAULT 0,
               indicator TEXT NOT NULL DEFAULT '',
               proposal_action_id {{ref}} REFERENCES action (id) ON DELETE SET NULL))",
      },
      {{"benchmark_plan", {"id"}}, {"benchmark_measure", {"id"}}},
  };
}

migration framework_documents_migration() {
  return {
      8,
      "plan: framework documents and their commitments, axes of cooperation with partners",
      {
          R"(CREATE TABLE framework_document (
               id {{id}},
               title TEXT NOT NULL,
               kind TEXT NOT NULL CHECK (kind IN ('plan', 'schema', 'strategie', 'projet_territoire', 'autre')),
               adopted_on TEXT,
               horizon TEXT NOT NULL DEFAULT '',
               summary TEXT NOT NULL DEFAULT ''))",
          R"(CREATE TABLE framework_commitment (
               id {{id}},
               document_id {{ref}} NOT NULL REFERENCES framework_document (id) ON DELETE CASCADE,
               text TEXT NOT NULL,
               sector_id {{ref}} REFERENCES sector (id) ON DELETE SET NULL,
               partner_id {{ref}} REFERENCES organisation (id),
               cooperation_document_id {{ref}} REFERENCES cooperation_document (id) ON DELETE SET NULL))",
          R"(CREATE TABLE cooperation_axis (
               id {{id}},
               organisation_id {{ref}} NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
               title TEXT NOT NULL,
               description TEXT NOT NULL DEFAULT ''))",
      },
      {{"framework_document", {"id"}}, {"framework_commitment", {"id"}}, {"cooperation_axis", {"id"}}},
  };
}

migration surveys_migration() {
  return {
      9,
      "plan: mobility-needs surveys, column mappings of form exports, answers",
      {
          R"(CREATE TABLE survey (
               id {{id}},
               title TEXT NOT NULL,
               purpose TEXT NOT NULL,
               retention_until TEXT NOT NULL,
               created_by {{ref}} REFERENCES app_user (id) ON DELETE SET NULL))",
          R"(CREATE TABLE survey_mapping (
               id {{id}},
               name TEXT NOT NULL,
               tool TEXT NOT NULL CHECK (tool IN ('limesurvey', 'framaforms', 'microsoft_forms', 'google_forms',
                                                  'autre')),
               public_column TEXT NOT NULL,
               commune_column TEXT NOT NULL DEFAULT '',
               barriers_column TEXT NOT NULL DEFAULT '',
               purposes_column TEXT NOT NULL DEFAULT '',
               modes_column TEXT NOT NULL DEFAULT '',
               free_text_column TEXT NOT NULL DEFAULT '',
               separator TEXT NOT NULL DEFAULT ';'))",
          // Lists (barriers, purposes, modes) as "a;b;c"; no column for a name: none is imported.
          R"(CREATE TABLE survey_response (
               id {{id}},
               survey_id {{ref}} NOT NULL REFERENCES survey (id) ON DELETE CASCADE,
               public TEXT NOT NULL,
               commune TEXT NOT NULL DEFAULT '',
               barriers TEXT NOT NULL DEFAULT '',
               purposes TEXT NOT NULL DEFAULT '',
               modes TEXT NOT NULL DEFAULT '',
               free_text TEXT NOT NULL DEFAULT ''))",
          "CREATE INDEX survey_response_survey_idx ON survey_response (survey_id)",
      },
      {{"survey", {"id"}}, {"survey_mapping", {"id"}}, {"survey_response", {"id"}}},
  };
}

migration attachments_and_places_migration() {
  return {
      10,
      "plan: files attached to applications; surveys' coordinates, encodings and resolved communes",
      {
          // As document_file: in the database, so that backups and transactions cover them.
          R"(CREATE TABLE application_file (
               id {{id}},
               application_id {{ref}} NOT NULL REFERENCES call_application (id) ON DELETE CASCADE,
               name TEXT NOT NULL,
               content_type TEXT NOT NULL,
               size INTEGER NOT NULL,
               content_base64 TEXT NOT NULL,
               uploaded_at {{ts}} NOT NULL))",
          "ALTER TABLE survey_mapping ADD COLUMN longitude_column TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE survey_mapping ADD COLUMN latitude_column TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE survey_mapping ADD COLUMN encoding TEXT NOT NULL DEFAULT 'utf-8' CHECK (encoding IN ('utf-8', "
          "'windows-1252', 'iso-8859-15'))",
          // The INSEE code of the answer's commune (from its name, code or coordinates; '' when not
          // found); the coordinates themselves are not kept (data minimisation).
          "ALTER TABLE survey_response ADD COLUMN commune_code TEXT NOT NULL DEFAULT ''",
          "CREATE INDEX application_file_application_idx ON application_file (application_id)",
      },
      {{"application_file", {"id"}}},
  };
}

migration survey_destinations_migration() {
  return {
      11,
      "plan: the trip destinations of survey answers (France Travail agency, hospital...)",
      {
          "ALTER TABLE survey_mapping ADD COLUMN destinations_column TEXT NOT NULL DEFAULT ''",
          "ALTER TABLE survey_response ADD COLUMN destinations TEXT NOT NULL DEFAULT ''",
      },
      {},
  };
}

}  // namespace solimob::store
