// JSON API client: session, CSRF header, error normalisation.
import type {
  ActionStatus,
  AgendaItem as AgendaItemRecord,
  CooperationDocument,
  Decision,
  DocType,
  FollowUp,
  MeetingType,
  Nature,
  Role,
} from './generated/records';

// The record types and closed lists the server describes (src/server/records/workspace.cc).
export type {
  ActionStatus,
  Survey,
  SurveyMapping,
  SurveyTool,
  FrameworkCommitment,
  CooperationAxis,
  FrameworkDocument,
  FrameworkKind,
  BenchmarkMeasure,
  BenchmarkPlan,
  CallApplication,
  CallCriterion,
  CallDecision,
  CallForProjects,
  CallStatus,
  Eligibility,
  Contact,
  Decision,
  DocStatus,
  DocType,
  Evaluation,
  FollowUp,
  FollowUpStatus,
  MeetingType,
  Nature,
  Objective,
  Organisation,
  OrgType,
  PlanKind,
  PlanSection,
  ProjectStatus,
  Role,
  SectorProject,
} from './generated/records';
export {
  ACTION_STATUSES,
  DOC_STATUSES,
  DOC_TYPES,
  FOLLOW_UP_STATUSES,
  MEETING_TYPES,
  NATURES,
  ORG_TYPES,
  PLAN_KINDS,
  PROJECT_STATUSES,
} from './generated/records';

export interface Session {
  id: number;
  login: string;
  role: Role;
  organisation_id: number | null;
  csrf_token: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
    public field: string | null = null,
  ) {
    super(message);
  }
}

let session: Session | null = null;
let onUnauthorized: (() => void) | null = null;

export function getSession(): Session | null {
  return session;
}
export function setSession(s: Session | null): void {
  session = s;
}
export function setUnauthorizedHandler(fn: () => void): void {
  onUnauthorized = fn;
}

export function canEdit(): boolean {
  return session?.role === 'admin' || session?.role === 'agent';
}

/** Absolute-ish URL of an API path, relative to the page (works under a sub-path since base is './'). */
export function apiUrl(path: string): string {
  return `api/${path.replace(/^\/+/, '')}`;
}

async function request<T>(method: string, path: string, body?: unknown, opts: { auth401?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session?.csrf_token) headers['X-CSRF-Token'] = session.csrf_token;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const d = (data ?? {}) as { code?: string; message?: string; field?: string | null };
    const err = new ApiError(res.status, d.code ?? `http_${res.status}`, d.message ?? res.statusText, d.field ?? null);
    if (res.status === 401 && opts.auth401 !== false && onUnauthorized) onUnauthorized();
    throw err;
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, opts?: { auth401?: boolean }) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body: unknown, opts?: { auth401?: boolean }) => request<T>('POST', path, body, opts),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
};

// ---- contract types ----
export interface Action {
  id: number;
  title: string;
  objective_id: number | null;
  owner_direction: string;
  status: ActionStatus;
  publics: string | string[];
  territory: string;
  start_date: string | null;
  end_date: string | null;
  partner_ids: number[];
  /** A scenario id of the loaded territory (GET /api/analysis/territory), or null. */
  scenario?: string | null;
}
export interface BudgetLine {
  id: number;
  year: number;
  direction: string;
  nature: Nature;
  planned: number;
  voted: number;
  spent: number;
}
export interface ActionDetail extends Action {
  budget_lines: BudgetLine[];
  /** The call for projects the action was funded by. */
  from_call?: { application_id: number; call_id: number; call_title: string } | null;
}
export interface Amounts {
  planned: number;
  voted: number;
  spent: number;
}
export interface BudgetAnnex {
  by_direction: (Amounts & { direction: string; year: number; nature: Nature })[];
  by_objective: (Amounts & { objective: string; year: number })[];
  total: Amounts;
}
/** A cooperation document as its routes give it: the description's fields and its parties. */
export interface CoopDocument extends CooperationDocument {
  party_ids: number[];
}
export interface Dashboard {
  expiring_documents: { id: number; title: string; type: DocType; ends_on: string; days_left: number }[];
  budget_execution: (Amounts & { year: number })[];
  overdue_follow_ups: { id: number; meeting_id: number; meeting_title: string; text: string; owner: string; due_on: string }[];
  upcoming_meetings: { id: number; title: string; type: string; held_on: string }[];
}

// ---- meetings ----
export interface Meeting {
  id: number;
  type: MeetingType;
  title: string;
  held_on: string;
  place: string;
}
/** 1 = haute, 2 = moyenne, 3 = basse. */
export const PRIORITIES = [1, 2, 3] as const;
/** As GET /api/meetings/{id} lists it: the titles of the linked records the user may see. */
export interface AgendaItem extends AgendaItemRecord {
  action_title?: string | null;
  document_title?: string | null;
  view_name?: string | null;
}
export interface MeetingDetail extends Meeting {
  minutes: string;
  participant_ids: number[];
  agenda_items: AgendaItem[];
  decisions: Decision[];
  follow_ups: FollowUp[];
}
export const MEETING_EXPORTS = ['docx', 'odt', 'pdf'] as const;

// ---- indicators & evaluations ----
/** How a computed value was obtained (POST /api/indicators/{id}/recompute). */
export interface Provenance {
  inputs?: { file: string; modified: string }[];
  parameters?: Record<string, unknown>;
  fingerprint?: string;
  version?: string;
  computed_at?: string;
  measure?: string;
  cutoff?: number | null;
  public?: string;
  category?: string;
  scenario?: string;
}
export interface IndicatorValue {
  id: number;
  measured_on: string;
  value: number;
  provenance?: Provenance | null;
}
export type AnalysisMeasure = 'share_within' | 'mean_nearest' | 'white_zone_share';
export const ANALYSIS_MEASURES: AnalysisMeasure[] = ['share_within', 'mean_nearest', 'white_zone_share'];
/** The analysis feeding an indicator. */
export interface IndicatorAnalysis {
  public: string;
  category: string;
  measure: AnalysisMeasure;
  cutoff?: number | null;
  scenario?: string;
  departure?: string;
}
export interface Indicator {
  id: number;
  objective_id: number | null;
  name: string;
  definition: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  values: IndicatorValue[];
  analysis?: IndicatorAnalysis | null;
}

// ---- territorial projects, document files ----
export interface DocumentFile {
  id: number;
  name: string;
  content_type: string;
  size: number;
  uploaded_at: string;
}
/** Largest file the server accepts as a cooperation document attachment. */
export const MAX_FILE_BYTES = 700 * 1024;

// ---- the territory's analyses (as the plan pages use them; docs/API.md, "Analyses") ----
/** The part of GET /api/analysis/territory the plan pages read. */
export interface TerritoryChoices {
  name: string;
  publics: { name: string; label: string }[];
  categories: { code: string; label: string; cutoffs?: number[] }[];
  scenarios: { id: string; name: string }[];
}
/** The loaded territory, or null when the server has none (409) or the user may not read it. */
export async function loadTerritory(): Promise<TerritoryChoices | null> {
  try {
    return await api.get<TerritoryChoices>('analysis/territory');
  } catch {
    return null;
  }
}
export interface AnalysisView {
  id: number;
  name: string;
  description: string;
  params: Record<string, unknown>;
  shared_with: number[];
}
export interface AnalysisJob {
  id: number | string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  error?: string;
  result?: {
    summary?: { population?: number; share_within?: Record<string, number> };
    difference?: { gainers?: number; gainers_share?: number; mean_change_min?: number } | null;
  };
}
