// Generated from src/server/records/workspace.cc (tests/server/record_types_test.cc): do not edit.
// SOLIMOB_UPDATE_GENERATED=1 build/tests/solimob_tests --gtest_filter='record_types.*' rewrites it.

export type Role = 'admin' | 'agent' | 'partenaire' | 'lecture';
export type OrgType = 'autorite_organisatrice' | 'caf' | 'france_travail' | 'ccas' | 'commune' | 'ept' | 'association' | 'autre';
export type ActionStatus = 'proposee' | 'en_cours' | 'realisee' | 'abandonnee';
export type Nature = 'investissement' | 'fonctionnement';
export type DocType = 'charte' | 'protocole' | 'convention' | 'autre';
export type DocStatus = 'brouillon' | 'negociation' | 'signe' | 'en_vigueur' | 'expire' | 'renouvele';
export type MeetingType = 'cotech' | 'copil' | 'rencontre_annuelle' | 'executif_partenaire';
export type FollowUpStatus = 'a_faire' | 'en_cours' | 'fait';
export type PlanKind = 'diagnostic' | 'doctrine' | 'objectifs' | 'preconisations';
export type ProjectStatus = 'idee' | 'etude' | 'programme' | 'en_cours' | 'livre';
export type CallStatus = 'brouillon' | 'ouvert' | 'clos' | 'decide';
export type Eligibility = 'a_verifier' | 'eligible' | 'non_eligible';
export type CallDecision = 'en_attente' | 'retenu' | 'refuse';
export type FrameworkKind = 'plan' | 'schema' | 'strategie' | 'projet_territoire' | 'autre';
export type SurveyTool = 'limesurvey' | 'framaforms' | 'microsoft_forms' | 'google_forms' | 'autre';
export type TextEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15';

export const ROLES: readonly Role[] = ['admin', 'agent', 'partenaire', 'lecture'];
export const ORG_TYPES: readonly OrgType[] = ['autorite_organisatrice', 'caf', 'france_travail', 'ccas', 'commune', 'ept', 'association', 'autre'];
export const ACTION_STATUSES: readonly ActionStatus[] = ['proposee', 'en_cours', 'realisee', 'abandonnee'];
export const NATURES: readonly Nature[] = ['investissement', 'fonctionnement'];
export const DOC_TYPES: readonly DocType[] = ['charte', 'protocole', 'convention', 'autre'];
export const DOC_STATUSES: readonly DocStatus[] = ['brouillon', 'negociation', 'signe', 'en_vigueur', 'expire', 'renouvele'];
export const MEETING_TYPES: readonly MeetingType[] = ['cotech', 'copil', 'rencontre_annuelle', 'executif_partenaire'];
export const FOLLOW_UP_STATUSES: readonly FollowUpStatus[] = ['a_faire', 'en_cours', 'fait'];
export const PLAN_KINDS: readonly PlanKind[] = ['diagnostic', 'doctrine', 'objectifs', 'preconisations'];
export const PROJECT_STATUSES: readonly ProjectStatus[] = ['idee', 'etude', 'programme', 'en_cours', 'livre'];
export const CALL_STATUSES: readonly CallStatus[] = ['brouillon', 'ouvert', 'clos', 'decide'];
export const ELIGIBILITYS: readonly Eligibility[] = ['a_verifier', 'eligible', 'non_eligible'];
export const CALL_DECISIONS: readonly CallDecision[] = ['en_attente', 'retenu', 'refuse'];
export const FRAMEWORK_KINDS: readonly FrameworkKind[] = ['plan', 'schema', 'strategie', 'projet_territoire', 'autre'];
export const SURVEY_TOOLS: readonly SurveyTool[] = ['limesurvey', 'framaforms', 'microsoft_forms', 'google_forms', 'autre'];
export const TEXT_ENCODINGS: readonly TextEncoding[] = ['utf-8', 'windows-1252', 'iso-8859-15'];

/** The i18n keys of the labels of every closed list's values (i18n.ts must have them all). */
export type ChoiceKey =
  | 'role.admin'
  | 'role.agent'
  | 'role.partenaire'
  | 'role.lecture'
  | 'orgtype.autorite_organisatrice'
  | 'orgtype.caf'
  | 'orgtype.france_travail'
  | 'orgtype.ccas'
  | 'orgtype.commune'
  | 'orgtype.ept'
  | 'orgtype.association'
  | 'orgtype.autre'
  | 'status.proposee'
  | 'status.en_cours'
  | 'status.realisee'
  | 'status.abandonnee'
  | 'nature.investissement'
  | 'nature.fonctionnement'
  | 'doctype.charte'
  | 'doctype.protocole'
  | 'doctype.convention'
  | 'doctype.autre'
  | 'docstatus.brouillon'
  | 'docstatus.negociation'
  | 'docstatus.signe'
  | 'docstatus.en_vigueur'
  | 'docstatus.expire'
  | 'docstatus.renouvele'
  | 'meetingtype.cotech'
  | 'meetingtype.copil'
  | 'meetingtype.rencontre_annuelle'
  | 'meetingtype.executif_partenaire'
  | 'fustatus.a_faire'
  | 'fustatus.en_cours'
  | 'fustatus.fait'
  | 'plankind.diagnostic'
  | 'plankind.doctrine'
  | 'plankind.objectifs'
  | 'plankind.preconisations'
  | 'projectstatus.idee'
  | 'projectstatus.etude'
  | 'projectstatus.programme'
  | 'projectstatus.en_cours'
  | 'projectstatus.livre'
  | 'callstatus.brouillon'
  | 'callstatus.ouvert'
  | 'callstatus.clos'
  | 'callstatus.decide'
  | 'eligibility.a_verifier'
  | 'eligibility.eligible'
  | 'eligibility.non_eligible'
  | 'calldecision.en_attente'
  | 'calldecision.retenu'
  | 'calldecision.refuse'
  | 'frameworkkind.plan'
  | 'frameworkkind.schema'
  | 'frameworkkind.strategie'
  | 'frameworkkind.projet_territoire'
  | 'frameworkkind.autre'
  | 'surveytool.limesurvey'
  | 'surveytool.framaforms'
  | 'surveytool.microsoft_forms'
  | 'surveytool.google_forms'
  | 'surveytool.autre'
  | 'encoding.utf-8'
  | 'encoding.windows-1252'
  | 'encoding.iso-8859-15'
  ;

export interface Objective {
  id: number;
  code: string;
  title: string;
  description: string;
}

export interface PlanSection {
  id: number;
  kind: PlanKind;
  title: string;
  body: string;
  position: number;
}

export interface Evaluation {
  id: number;
  action_id: number | null;
  title: string;
  description: string;
  period_start: string | null;
  period_end: string | null;
  beneficiaries: number;
  cost: number;
  cost_per_beneficiary: number | null;
  indicator_label: string;
  value_before: number | null;
  value_after: number | null;
}

export interface Organisation {
  id: number;
  name: string;
  type: OrgType;
  territory: string;
}

export interface Contact {
  id: number;
  name: string;
  role: string;
  email: string;
  phone: string;
  purpose: string;
}

export interface CooperationDocument {
  id: number;
  title: string;
  type: DocType;
  status: DocStatus;
  signed_on: string | null;
  effective_on: string | null;
  ends_on: string | null;
  commitments: string;
}

export interface AgendaItem {
  id: number;
  position: number;
  title: string;
  problem_statement: string;
  priority: number;
  stakes: string;
  action_id: number | null;
  document_id: number | null;
  view_id: number | null;
}

export interface Decision {
  id: number;
  text: string;
}

export interface FollowUp {
  id: number;
  text: string;
  owner: string;
  due_on: string;
  status: FollowUpStatus;
}

export interface SectorProject {
  id: number;
  title: string;
  direction: string;
  partner_id: number | null;
  horizon: string;
  status: ProjectStatus;
}

export interface CallForProjects {
  id: number;
  title: string;
  objectives: string;
  eligibility: string;
  envelope: number;
  opens_on: string | null;
  closes_on: string | null;
  decision_on: string | null;
  objective_id: number | null;
  owner_direction: string;
  status: CallStatus;
}

export interface CallCriterion {
  id: number;
  position: number;
  label: string;
  description: string;
  weight: number;
}

export interface CallApplication {
  id: number;
  organisation_id: number | null;
  project_title: string;
  description: string;
  requested: number;
  eligibility: Eligibility;
  eligibility_note: string;
  decision: CallDecision;
  granted: number;
  action_id: number | null;
}

export interface BenchmarkPlan {
  id: number;
  territory: string;
  title: string;
  period: string;
  budget: number;
  source: string;
  summary: string;
}

export interface BenchmarkMeasure {
  id: number;
  title: string;
  description: string;
  publics: string;
  budget: number;
  indicator: string;
  proposal_action_id: number | null;
}

export interface FrameworkDocument {
  id: number;
  title: string;
  kind: FrameworkKind;
  adopted_on: string | null;
  horizon: string;
  summary: string;
}

export interface FrameworkCommitment {
  id: number;
  text: string;
  sector_id: number | null;
  partner_id: number | null;
  cooperation_document_id: number | null;
}

export interface CooperationAxis {
  id: number;
  title: string;
  description: string;
}

export interface Survey {
  id: number;
  title: string;
  purpose: string;
  retention_until: string;
  created_by: number | null;
}

export interface SurveyMapping {
  id: number;
  name: string;
  tool: SurveyTool;
  public_column: string;
  commune_column: string;
  barriers_column: string;
  purposes_column: string;
  destinations_column: string;
  modes_column: string;
  free_text_column: string;
  separator: string;
  longitude_column: string;
  latitude_column: string;
  encoding: TextEncoding;
}

export type FieldType = 'text' | 'email' | 'choice' | 'date' | 'amount' | 'integer' | 'real' | 'reference' | 'position' | 'derived' | 'creator';
export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  maxLength: number;
  /** choice: the values and the prefix of their labels' i18n keys */
  choices?: readonly string[];
  i18n?: string;
  min?: number;
  max?: number;
  /** reference: the table the id refers to */
  references?: string;
}
export interface RecordSpec {
  /** API path of the rows' corrections and deletions (`${path}/${id}`), and of the list unless parentPath */
  path: string;
  /** API path of the list and of creations under a parent row (`:id` its id) */
  parentPath?: string;
  fields: readonly FieldSpec[];
}

export const RECORDS = {
  objective: {
    path: 'objectives',
    fields: [
      { name: 'code', type: 'text', required: true, maxLength: 20 },
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'description', type: 'text', required: false, maxLength: 2000 },
    ],
  },
  plan_section: {
    path: 'plan-sections',
    fields: [
      { name: 'kind', type: 'choice', required: true, maxLength: 2000, choices: PLAN_KINDS, i18n: 'plankind' },
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'body', type: 'text', required: false, maxLength: 200000 },
      { name: 'position', type: 'position', required: false, maxLength: 2000, min: 1, max: 1000 },
    ],
  },
  evaluation: {
    path: 'evaluations',
    fields: [
      { name: 'action_id', type: 'reference', required: false, maxLength: 2000, references: 'action' },
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'description', type: 'text', required: false, maxLength: 20000 },
      { name: 'period_start', type: 'date', required: false, maxLength: 10 },
      { name: 'period_end', type: 'date', required: false, maxLength: 10 },
      { name: 'beneficiaries', type: 'integer', required: false, maxLength: 2000, min: 0, max: 100000000 },
      { name: 'cost', type: 'amount', required: false, maxLength: 2000 },
      { name: 'cost_per_beneficiary', type: 'derived', required: false, maxLength: 2000 },
      { name: 'indicator_label', type: 'text', required: false, maxLength: 300 },
      { name: 'value_before', type: 'real', required: false, maxLength: 2000 },
      { name: 'value_after', type: 'real', required: false, maxLength: 2000 },
    ],
  },
  organisation: {
    path: 'organisations',
    fields: [
      { name: 'name', type: 'text', required: true, maxLength: 200 },
      { name: 'type', type: 'choice', required: true, maxLength: 2000, choices: ORG_TYPES, i18n: 'orgtype' },
      { name: 'territory', type: 'text', required: false, maxLength: 200 },
    ],
  },
  contact: {
    path: 'contacts',
    parentPath: 'organisations/:id/contacts',
    fields: [
      { name: 'name', type: 'text', required: true, maxLength: 200 },
      { name: 'role', type: 'text', required: false, maxLength: 200 },
      { name: 'email', type: 'email', required: false, maxLength: 200 },
      { name: 'phone', type: 'text', required: false, maxLength: 50 },
      { name: 'purpose', type: 'text', required: true, maxLength: 500 },
    ],
  },
  cooperation_document: {
    path: 'documents',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'type', type: 'choice', required: true, maxLength: 2000, choices: DOC_TYPES, i18n: 'doctype' },
      { name: 'status', type: 'choice', required: true, maxLength: 2000, choices: DOC_STATUSES, i18n: 'docstatus' },
      { name: 'signed_on', type: 'date', required: false, maxLength: 10 },
      { name: 'effective_on', type: 'date', required: false, maxLength: 10 },
      { name: 'ends_on', type: 'date', required: false, maxLength: 10 },
      { name: 'commitments', type: 'text', required: false, maxLength: 20000 },
    ],
  },
  agenda_item: {
    path: 'agenda-items',
    parentPath: 'meetings/:id/agenda-items',
    fields: [
      { name: 'position', type: 'position', required: false, maxLength: 2000, min: 1, max: 1000 },
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'problem_statement', type: 'text', required: false, maxLength: 20000 },
      { name: 'priority', type: 'integer', required: false, maxLength: 2000, min: 1, max: 3 },
      { name: 'stakes', type: 'text', required: false, maxLength: 20000 },
      { name: 'action_id', type: 'reference', required: false, maxLength: 2000, references: 'action' },
      { name: 'document_id', type: 'reference', required: false, maxLength: 2000, references: 'cooperation_document' },
      { name: 'view_id', type: 'reference', required: false, maxLength: 2000, references: 'analysis_view' },
    ],
  },
  decision: {
    path: 'decisions',
    parentPath: 'meetings/:id/decisions',
    fields: [
      { name: 'text', type: 'text', required: true, maxLength: 20000 },
    ],
  },
  follow_up: {
    path: 'follow-ups',
    parentPath: 'meetings/:id/follow-ups',
    fields: [
      { name: 'text', type: 'text', required: true, maxLength: 2000 },
      { name: 'owner', type: 'text', required: true, maxLength: 200 },
      { name: 'due_on', type: 'date', required: true, maxLength: 10 },
      { name: 'status', type: 'choice', required: true, maxLength: 2000, choices: FOLLOW_UP_STATUSES, i18n: 'fustatus' },
    ],
  },
  sector_project: {
    path: 'sector-projects',
    parentPath: 'sectors/:id/projects',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'direction', type: 'text', required: false, maxLength: 200 },
      { name: 'partner_id', type: 'reference', required: false, maxLength: 2000, references: 'organisation' },
      { name: 'horizon', type: 'text', required: false, maxLength: 50 },
      { name: 'status', type: 'choice', required: true, maxLength: 2000, choices: PROJECT_STATUSES, i18n: 'projectstatus' },
    ],
  },
  call_for_projects: {
    path: 'calls',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'objectives', type: 'text', required: false, maxLength: 20000 },
      { name: 'eligibility', type: 'text', required: false, maxLength: 20000 },
      { name: 'envelope', type: 'amount', required: false, maxLength: 2000 },
      { name: 'opens_on', type: 'date', required: false, maxLength: 10 },
      { name: 'closes_on', type: 'date', required: false, maxLength: 10 },
      { name: 'decision_on', type: 'date', required: false, maxLength: 10 },
      { name: 'objective_id', type: 'reference', required: false, maxLength: 2000, references: 'objective' },
      { name: 'owner_direction', type: 'text', required: false, maxLength: 200 },
      { name: 'status', type: 'choice', required: true, maxLength: 2000, choices: CALL_STATUSES, i18n: 'callstatus' },
    ],
  },
  call_criterion: {
    path: 'criteria',
    parentPath: 'calls/:id/criteria',
    fields: [
      { name: 'position', type: 'position', required: false, maxLength: 2000, min: 1, max: 100 },
      { name: 'label', type: 'text', required: true, maxLength: 200 },
      { name: 'description', type: 'text', required: false, maxLength: 2000 },
      { name: 'weight', type: 'integer', required: false, maxLength: 2000, min: 1, max: 100 },
    ],
  },
  call_application: {
    path: 'applications',
    parentPath: 'calls/:id/applications',
    fields: [
      { name: 'organisation_id', type: 'reference', required: true, maxLength: 2000, references: 'organisation' },
      { name: 'project_title', type: 'text', required: true, maxLength: 300 },
      { name: 'description', type: 'text', required: false, maxLength: 20000 },
      { name: 'requested', type: 'amount', required: false, maxLength: 2000 },
      { name: 'eligibility', type: 'choice', required: true, maxLength: 2000, choices: ELIGIBILITYS, i18n: 'eligibility' },
      { name: 'eligibility_note', type: 'text', required: false, maxLength: 2000 },
      { name: 'decision', type: 'choice', required: true, maxLength: 2000, choices: CALL_DECISIONS, i18n: 'calldecision' },
      { name: 'granted', type: 'amount', required: false, maxLength: 2000 },
      { name: 'action_id', type: 'reference', required: false, maxLength: 2000, references: 'action' },
    ],
  },
  benchmark_plan: {
    path: 'benchmark-plans',
    fields: [
      { name: 'territory', type: 'text', required: true, maxLength: 200 },
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'period', type: 'text', required: false, maxLength: 50 },
      { name: 'budget', type: 'amount', required: false, maxLength: 2000 },
      { name: 'source', type: 'text', required: false, maxLength: 500 },
      { name: 'summary', type: 'text', required: false, maxLength: 20000 },
    ],
  },
  benchmark_measure: {
    path: 'benchmark-measures',
    parentPath: 'benchmark-plans/:id/measures',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'description', type: 'text', required: false, maxLength: 20000 },
      { name: 'publics', type: 'text', required: false, maxLength: 500 },
      { name: 'budget', type: 'amount', required: false, maxLength: 2000 },
      { name: 'indicator', type: 'text', required: false, maxLength: 300 },
      { name: 'proposal_action_id', type: 'reference', required: false, maxLength: 2000, references: 'action' },
    ],
  },
  framework_document: {
    path: 'framework-documents',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'kind', type: 'choice', required: true, maxLength: 2000, choices: FRAMEWORK_KINDS, i18n: 'frameworkkind' },
      { name: 'adopted_on', type: 'date', required: false, maxLength: 10 },
      { name: 'horizon', type: 'text', required: false, maxLength: 50 },
      { name: 'summary', type: 'text', required: false, maxLength: 20000 },
    ],
  },
  framework_commitment: {
    path: 'commitments',
    parentPath: 'framework-documents/:id/commitments',
    fields: [
      { name: 'text', type: 'text', required: true, maxLength: 2000 },
      { name: 'sector_id', type: 'reference', required: false, maxLength: 2000, references: 'sector' },
      { name: 'partner_id', type: 'reference', required: false, maxLength: 2000, references: 'organisation' },
      { name: 'cooperation_document_id', type: 'reference', required: false, maxLength: 2000, references: 'cooperation_document' },
    ],
  },
  cooperation_axis: {
    path: 'cooperation-axes',
    parentPath: 'organisations/:id/axes',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'description', type: 'text', required: false, maxLength: 20000 },
    ],
  },
  survey: {
    path: 'surveys',
    fields: [
      { name: 'title', type: 'text', required: true, maxLength: 300 },
      { name: 'purpose', type: 'text', required: true, maxLength: 2000 },
      { name: 'retention_until', type: 'date', required: true, maxLength: 10 },
      { name: 'created_by', type: 'creator', required: false, maxLength: 2000 },
    ],
  },
  survey_mapping: {
    path: 'survey-mappings',
    fields: [
      { name: 'name', type: 'text', required: true, maxLength: 200 },
      { name: 'tool', type: 'choice', required: true, maxLength: 2000, choices: SURVEY_TOOLS, i18n: 'surveytool' },
      { name: 'public_column', type: 'text', required: true, maxLength: 200 },
      { name: 'commune_column', type: 'text', required: false, maxLength: 200 },
      { name: 'barriers_column', type: 'text', required: false, maxLength: 200 },
      { name: 'purposes_column', type: 'text', required: false, maxLength: 200 },
      { name: 'destinations_column', type: 'text', required: false, maxLength: 200 },
      { name: 'modes_column', type: 'text', required: false, maxLength: 200 },
      { name: 'free_text_column', type: 'text', required: false, maxLength: 200 },
      { name: 'separator', type: 'text', required: false, maxLength: 3 },
      { name: 'longitude_column', type: 'text', required: false, maxLength: 200 },
      { name: 'latitude_column', type: 'text', required: false, maxLength: 200 },
      { name: 'encoding', type: 'choice', required: false, maxLength: 2000, choices: TEXT_ENCODINGS, i18n: 'encoding' },
    ],
  },
} as const satisfies Record<string, RecordSpec>;
