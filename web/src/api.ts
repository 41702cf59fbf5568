// JSON API client: session, CSRF header, error normalisation.

export type Role = 'admin' | 'agent' | 'partenaire' | 'lecture';

export interface Session {
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
  del: (path: string) => request<void>('DELETE', path),
};

// ---- contract types ----
export interface Objective { id: number; code: string; title: string; description: string }
export type OrgType = 'autorite_organisatrice' | 'caf' | 'france_travail' | 'ccas' | 'commune' | 'ept' | 'association' | 'autre';
export const ORG_TYPES: OrgType[] = ['autorite_organisatrice', 'caf', 'france_travail', 'ccas', 'commune', 'ept', 'association', 'autre'];
export interface Organisation { id: number; name: string; type: OrgType; territory: string }
export type ActionStatus = 'proposee' | 'en_cours' | 'realisee' | 'abandonnee';
export const ACTION_STATUSES: ActionStatus[] = ['proposee', 'en_cours', 'realisee', 'abandonnee'];
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
}
export type Nature = 'investissement' | 'fonctionnement';
export const NATURES: Nature[] = ['investissement', 'fonctionnement'];
export interface BudgetLine { id: number; year: number; direction: string; nature: Nature; planned: number; voted: number; spent: number }
export interface ActionDetail extends Action { budget_lines: BudgetLine[] }
export interface Amounts { planned: number; voted: number; spent: number }
export interface BudgetAnnex {
  by_direction: (Amounts & { direction: string; year: number; nature: Nature })[];
  by_objective: (Amounts & { objective: string; year: number })[];
  total: Amounts;
}
export type DocType = 'charte' | 'protocole' | 'convention' | 'autre';
export const DOC_TYPES: DocType[] = ['charte', 'protocole', 'convention', 'autre'];
export type DocStatus = 'brouillon' | 'negociation' | 'signe' | 'en_vigueur' | 'expire' | 'renouvele';
export const DOC_STATUSES: DocStatus[] = ['brouillon', 'negociation', 'signe', 'en_vigueur', 'expire', 'renouvele'];
export interface CoopDocument {
  id: number; type: DocType; title: string; status: DocStatus;
  signed_on: string | null; effective_on: string | null; ends_on: string | null; party_ids: number[];
  commitments: string;
}
export interface Dashboard {
  expiring_documents: { id: number; title: string; type: DocType; ends_on: string; days_left: number }[];
  budget_execution: (Amounts & { year: number })[];
  overdue_follow_ups: { id: number; meeting_id: number; meeting_title: string; text: string; owner: string; due_on: string }[];
  upcoming_meetings: { id: number; title: string; type: string; held_on: string }[];
}

// ---- meetings ----
export type MeetingType = 'cotech' | 'copil' | 'rencontre_annuelle' | 'executif_partenaire';
export const MEETING_TYPES: MeetingType[] = ['cotech', 'copil', 'rencontre_annuelle', 'executif_partenaire'];
export interface Meeting { id: number; type: MeetingType; title: string; held_on: string; place: string }
/** 1 = haute, 2 = moyenne, 3 = basse. */
export const PRIORITIES = [1, 2, 3] as const;
export interface AgendaItem {
  id: number; position: number; title: string; problem_statement: string; priority: number; stakes: string;
  action_id: number | null; action_title?: string | null; document_id: number | null; document_title?: string | null;
}
export interface Decision { id: number; text: string }
export type FollowUpStatus = 'a_faire' | 'en_cours' | 'fait';
export const FOLLOW_UP_STATUSES: FollowUpStatus[] = ['a_faire', 'en_cours', 'fait'];
export interface FollowUp { id: number; text: string; owner: string; due_on: string; status: FollowUpStatus }
export interface MeetingDetail extends Meeting {
  minutes: string;
  participant_ids: number[];
  agenda_items: AgendaItem[];
  decisions: Decision[];
  follow_ups: FollowUp[];
}
export const MEETING_EXPORTS = ['docx', 'odt', 'pdf'] as const;

// ---- indicators & evaluations ----
export interface IndicatorValue { id: number; measured_on: string; value: number }
export interface Indicator {
  id: number; objective_id: number | null; name: string; definition: string; unit: string;
  baseline: number | null; target: number | null; values: IndicatorValue[];
}
export interface Evaluation {
  id: number; action_id: number | null; title: string; description: string;
  period_start: string | null; period_end: string | null;
  beneficiaries: number; cost: number; cost_per_beneficiary: number | null;
  indicator_label: string; value_before: number | null; value_after: number | null;
}

// ---- plan texts & partner contacts ----
export type PlanKind = 'diagnostic' | 'doctrine' | 'objectifs' | 'preconisations';
export const PLAN_KINDS: PlanKind[] = ['diagnostic', 'doctrine', 'objectifs', 'preconisations'];
export interface PlanSection { id: number; kind: PlanKind; title: string; body: string; position: number }
export interface Contact { id: number; name: string; role: string; email: string; phone: string; purpose: string }

// ---- territorial projects, document files ----
export type ProjectStatus = 'idee' | 'etude' | 'programme' | 'en_cours' | 'livre';
export const PROJECT_STATUSES: ProjectStatus[] = ['idee', 'etude', 'programme', 'en_cours', 'livre'];
export interface SectorProject { id: number; title: string; direction: string; partner_id: number | null; horizon: string; status: ProjectStatus }
export interface DocumentFile { id: number; name: string; content_type: string; size: number; uploaded_at: string }
/** Largest file the server accepts as a cooperation document attachment. */
export const MAX_FILE_BYTES = 700 * 1024;
