// Development mock of the solimob API contract (in memory) + static server for web/dist.
// NOT the real back end: it only exists so the front end and its e2e tests can run before
// `solimob serve` is ready. Usage: node e2e/mock-server.mjs [port]   (default 8080, 0 = any)
// Users: admin/admin-pass (admin), agent/agent-pass (agent),
//        partenaire/partenaire-pass (partenaire of organisation 2), lecture/lecture-pass (lecture).
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

const here = path.dirname(fileURLToPath(import.meta.url));

const ORG_TYPES = ['autorite_organisatrice', 'caf', 'france_travail', 'ccas', 'commune', 'ept', 'association', 'autre'];
const ACTION_STATUSES = ['proposee', 'en_cours', 'realisee', 'abandonnee'];
const NATURES = ['investissement', 'fonctionnement'];
const DOC_TYPES = ['charte', 'protocole', 'convention', 'autre'];
const DOC_STATUSES = ['brouillon', 'negociation', 'signe', 'en_vigueur', 'expire', 'renouvele'];
const MEETING_TYPES = ['cotech', 'copil', 'rencontre_annuelle', 'executif_partenaire'];
const FOLLOW_UP_STATUSES = ['a_faire', 'en_cours', 'fait'];
const PLAN_KINDS = ['diagnostic', 'doctrine', 'objectifs', 'preconisations'];
const PROJECT_STATUSES = ['idee', 'etude', 'programme', 'en_cours', 'livre'];
const MAX_FILE_BYTES = 700 * 1024;

class HttpError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

function isoDate(offsetDays) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString().slice(0, 10);
}

function square(lon, lat, size) {
  return [[[lon, lat], [lon + size, lat], [lon + size, lat + size * 0.7], [lon, lat + size * 0.7], [lon, lat]]];
}

function seed() {
  const db = {
    seq: 100,
    users: [
      { login: 'admin', password: 'admin-pass', role: 'admin', organisation_id: null },
      { login: 'agent', password: 'agent-pass', role: 'agent', organisation_id: null },
      { login: 'partenaire', password: 'partenaire-pass', role: 'partenaire', organisation_id: 2 },
      { login: 'lecture', password: 'lecture-pass', role: 'lecture', organisation_id: null },
    ],
    organisations: [
      { id: 1, name: 'Île-de-France Mobilités', type: 'autorite_organisatrice', territory: 'Île-de-France' },
      { id: 2, name: 'CAF de la Seine-Saint-Denis', type: 'caf', territory: 'Seine-Saint-Denis' },
      { id: 3, name: 'France Travail 93', type: 'france_travail', territory: 'Seine-Saint-Denis' },
      { id: 4, name: 'Plaine Commune', type: 'ept', territory: 'Plaine Commune' },
      { id: 5, name: 'Garage solidaire du 93', type: 'association', territory: 'Bobigny' },
    ],
    objectives: [
      { id: 1, code: 'O1', title: "Faciliter l'accès à l'emploi", description: 'Lever les freins de mobilité des publics en insertion.' },
      { id: 2, code: 'O2', title: 'Accompagner les personnes âgées et handicapées', description: 'PAM, Améthyste, accompagnement.' },
    ],
    actions: [
      { id: 1, title: 'Plateforme de mobilité départementale', objective_id: 1, owner_direction: 'DTCM', status: 'en_cours', publics: 'publics en insertion, demandeurs d’emploi', territory: 'Seine-Saint-Denis', start_date: '2024-01-01', end_date: '2026-12-31', partner_ids: [2, 3] },
      { id: 2, title: 'Extension du service PAM 93', objective_id: 2, owner_direction: 'DPAPH', status: 'proposee', publics: 'personnes handicapées', territory: 'Seine-Saint-Denis', start_date: '2025-01-01', end_date: null, partner_ids: [1] },
      { id: 3, title: 'Auto-école solidaire', objective_id: 1, owner_direction: 'DEIAT', status: 'realisee', publics: 'bénéficiaires du RSA', territory: 'Plaine Commune', start_date: '2023-03-01', end_date: '2024-06-30', partner_ids: [4, 5] },
    ],
    budget_lines: [
      { id: 1, action_id: 1, year: 2024, direction: 'DTCM', nature: 'fonctionnement', planned: 120000, voted: 110000, spent: 98000 },
      { id: 2, action_id: 1, year: 2025, direction: 'DTCM', nature: 'fonctionnement', planned: 130000, voted: 125000, spent: 40000 },
      { id: 3, action_id: 2, year: 2025, direction: 'DPAPH', nature: 'investissement', planned: 250000, voted: 200000, spent: 0 },
      { id: 4, action_id: 3, year: 2023, direction: 'DEIAT', nature: 'fonctionnement', planned: 60000, voted: 60000, spent: 57500 },
    ],
    documents: [
      { id: 1, type: 'convention', title: 'Convention plateforme de mobilité 2024-2026', status: 'en_vigueur', signed_on: '2023-12-12', effective_on: '2024-01-01', ends_on: isoDate(45), party_ids: [2, 3] },
      { id: 2, type: 'charte', title: 'Charte des partenaires de la mobilité solidaire', status: 'signe', signed_on: '2024-05-02', effective_on: '2024-05-02', ends_on: isoDate(400), party_ids: [1, 2, 3, 4, 5] },
      { id: 3, type: 'protocole', title: 'Protocole PAM 93 avec IDFM', status: 'negociation', signed_on: null, effective_on: null, ends_on: isoDate(-10), party_ids: [1] },
    ],
    meetings: [
      { id: 1, title: 'COTECH mobilité solidaire', type: 'cotech', held_on: isoDate(-20), place: 'Bobigny, Hôtel du Département', minutes: '', participant_ids: [2, 3] },
      { id: 2, title: 'COPIL plan de mobilité solidaire', type: 'copil', held_on: isoDate(12), place: 'Bobigny', minutes: '', participant_ids: [1, 2, 3, 4] },
      { id: 3, title: 'COTECH appel à projets', type: 'cotech', held_on: isoDate(30), place: '', minutes: '', participant_ids: [] },
    ],
    agenda_items: [
      { id: 1, meeting_id: 1, position: 1, title: 'Diagnostic des freins à la mobilité', problem_statement: 'Les publics en insertion renoncent à des offres d’emploi faute de solution de transport.', priority: 1, stakes: 'Accès à l’emploi ; coordination CAF / France Travail.', action_id: 1 },
    ],
    decisions: [{ id: 1, meeting_id: 1, text: 'Le diagnostic est partagé avec les EPT avant le COPIL.' }],
    follow_ups: [
      { id: 1, meeting_id: 1, text: 'Transmettre le diagnostic aux EPT', owner: 'DTCM', due_on: isoDate(-5), status: 'a_faire' },
      { id: 2, meeting_id: 1, text: 'Chiffrer l’extension du PAM', owner: 'DPAPH', due_on: isoDate(-2), status: 'en_cours' },
    ],
    indicators: [
      { id: 1, objective_id: 1, name: 'Part des bénéficiaires accompagnés ayant retrouvé un emploi', definition: 'Bénéficiaires de la plateforme en emploi à 6 mois / bénéficiaires accompagnés.', unit: '%', baseline: 22, target: 40 },
    ],
    indicator_values: [
      { id: 1, indicator_id: 1, measured_on: '2024-06-30', value: 24 },
      { id: 2, indicator_id: 1, measured_on: '2024-12-31', value: 29.5 },
      { id: 3, indicator_id: 1, measured_on: '2025-06-30', value: 33 },
    ],
    evaluations: [
      { id: 1, action_id: 3, title: 'Auto-école solidaire : bilan de l’expérimentation', description: 'Permis B pour des bénéficiaires du RSA.', period_start: '2023-03-01', period_end: '2024-06-30', beneficiaries: 60, cost: 57500, indicator_label: 'Taux de réussite au permis (%)', value_before: 0, value_after: 71 },
    ],
    plan_sections: [
      { id: 1, kind: 'diagnostic', title: 'Les freins à la mobilité', body: 'Un quart des ménages du département n’a pas de voiture.\n\nLes horaires décalés ne sont pas couverts par les transports en commun.', position: 1 },
      { id: 2, kind: 'doctrine', title: 'Principes d’intervention', body: 'Le Département coordonne ; les partenaires mettent en œuvre.', position: 1 },
    ],
    contacts: [
      { id: 1, organisation_id: 2, name: 'Référente mobilité', role: 'Chargée de mission insertion', email: 'mobilite@caf93.example', phone: '01 00 00 00 00', purpose: 'Coordination de la plateforme de mobilité' },
    ],
    sectors: [
      { id: 1, name: 'Secteur Nord-Ouest', description: 'Plaine Commune, Saint-Denis', geometry: { type: 'Polygon', coordinates: square(2.30, 48.90, 0.12) } },
      { id: 2, name: 'Secteur Est', description: 'Est Ensemble, Grand Paris Grand Est', geometry: { type: 'Polygon', coordinates: square(2.45, 48.86, 0.14) } },
    ],
    sector_projects: [
      { id: 1, sector_id: 1, title: 'Pôle d’échanges de Saint-Denis Pleyel', direction: 'DTCM', partner_id: 1, horizon: '2027', status: 'en_cours' },
    ],
    document_files: [
      { id: 1, document_id: 1, name: 'convention-signee.txt', content_type: 'text/plain', content_base64: Buffer.from('Convention signée (exemple).\n').toString('base64'), uploaded_at: '2024-01-05T09:30:00Z' },
    ],
  };
  return db;
}

// ---------------------------------------------------------------- helpers
function json(res, status, body) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(data);
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 10 * 1024 * 1024) throw new HttpError(413, 'too_large', 'Corps de requête trop volumineux.');
    chunks.push(c);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'JSON invalide.');
  }
}

function parseCookies(req) {
  const out = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function reqString(body, field, label) {
  const v = body[field];
  if (typeof v !== 'string' || v.trim() === '') throw new HttpError(400, 'required', `Le champ « ${label} » est obligatoire.`, field);
  return v.trim();
}
function optString(body, field) {
  const v = body[field];
  return typeof v === 'string' ? v.trim() : '';
}
function optDate(body, field) {
  const v = body[field];
  if (v == null || v === '') return null;
  if (typeof v !== 'string' || !DATE_RE.test(v)) throw new HttpError(400, 'invalid_date', 'Date invalide (AAAA-MM-JJ attendu).', field);
  return v;
}
function oneOf(body, field, values) {
  const v = body[field];
  if (!values.includes(v)) throw new HttpError(400, 'invalid_value', `Valeur invalide pour « ${field} ».`, field);
  return v;
}
function amount(body, field) {
  const v = body[field] ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, 'invalid_amount', 'Montant invalide.', field);
  return v;
}

// ---------------------------------------------------------------- server
export function createMockServer({ distDir = path.join(here, '..', 'dist') } = {}) {
  const db = seed();
  const sessions = new Map(); // token -> {login, role, organisation_id, csrf_token}
  const failures = new Map(); // login -> [timestamps]

  const nextId = () => ++db.seq;
  const visibleActions = (s) =>
    s.role === 'partenaire' ? db.actions.filter((a) => a.partner_ids.includes(s.organisation_id)) : db.actions;
  const visibleDocuments = (s) =>
    s.role === 'partenaire' ? db.documents.filter((d) => d.party_ids.includes(s.organisation_id)) : db.documents;
  const visibleMeetings = (s) =>
    s.role === 'partenaire' ? db.meetings.filter((m) => m.participant_ids.includes(s.organisation_id)) : db.meetings;
  const findAction = (s, id) => {
    const a = visibleActions(s).find((x) => x.id === id);
    if (!a) throw new HttpError(404, 'not_found', 'Action introuvable.');
    return a;
  };

  function validateAction(body) {
    const a = {
      title: reqString(body, 'title', 'Intitulé'),
      objective_id: body.objective_id == null || body.objective_id === '' ? null : Number(body.objective_id),
      owner_direction: optString(body, 'owner_direction'),
      status: oneOf(body, 'status', ACTION_STATUSES),
      publics: optString(body, 'publics'),
      territory: optString(body, 'territory'),
      start_date: optDate(body, 'start_date'),
      end_date: optDate(body, 'end_date'),
      partner_ids: Array.isArray(body.partner_ids) ? body.partner_ids.map(Number) : [],
    };
    if (a.objective_id != null && !db.objectives.some((o) => o.id === a.objective_id)) {
      throw new HttpError(400, 'unknown_objective', 'Objectif inconnu.', 'objective_id');
    }
    for (const p of a.partner_ids) {
      if (!db.organisations.some((o) => o.id === p)) throw new HttpError(400, 'unknown_partner', 'Partenaire inconnu.', 'partner_ids');
    }
    if (a.start_date && a.end_date && a.end_date < a.start_date) {
      throw new HttpError(400, 'invalid_period', 'La date de fin précède la date de début.', 'end_date');
    }
    return a;
  }

  function validateLine(body) {
    const year = body.year;
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new HttpError(400, 'invalid_year', 'Année invalide.', 'year');
    return {
      year,
      direction: reqString(body, 'direction', 'Direction'),
      nature: oneOf(body, 'nature', NATURES),
      planned: amount(body, 'planned'),
      voted: amount(body, 'voted'),
      spent: amount(body, 'spent'),
    };
  }

  function validateDocument(body) {
    return {
      type: oneOf(body, 'type', DOC_TYPES),
      title: reqString(body, 'title', 'Intitulé'),
      status: oneOf(body, 'status', DOC_STATUSES),
      signed_on: optDate(body, 'signed_on'),
      effective_on: optDate(body, 'effective_on'),
      ends_on: optDate(body, 'ends_on'),
      party_ids: Array.isArray(body.party_ids) ? body.party_ids.map(Number) : [],
    };
  }

  const lineOut = (l) => ({ id: l.id, year: l.year, direction: l.direction, nature: l.nature, planned: l.planned, voted: l.voted, spent: l.spent });
  const objectiveLabel = (id) => {
    const o = db.objectives.find((x) => x.id === id);
    return o ? `${o.code} – ${o.title}` : 'Sans objectif';
  };

  function annex(s) {
    const actionIds = new Set(visibleActions(s).map((a) => a.id));
    const lines = db.budget_lines.filter((l) => actionIds.has(l.action_id));
    const group = (keyFn, make) => {
      const m = new Map();
      for (const l of lines) {
        const k = keyFn(l);
        if (!m.has(k)) m.set(k, { ...make(l), planned: 0, voted: 0, spent: 0 });
        const g = m.get(k);
        g.planned += l.planned;
        g.voted += l.voted;
        g.spent += l.spent;
      }
      return [...m.values()];
    };
    const actionOf = (l) => db.actions.find((a) => a.id === l.action_id);
    return {
      lines,
      actionOf,
      by_direction: group((l) => `${l.direction}|${l.year}|${l.nature}`, (l) => ({ direction: l.direction, year: l.year, nature: l.nature })),
      by_objective: group((l) => `${actionOf(l)?.objective_id}|${l.year}`, (l) => ({ objective: objectiveLabel(actionOf(l)?.objective_id), year: l.year })),
      total: lines.reduce((t, l) => ({ planned: t.planned + l.planned, voted: t.voted + l.voted, spent: t.spent + l.spent }), { planned: 0, voted: 0, spent: 0 }),
    };
  }

  async function annexXlsx(s) {
    const a = annex(s);
    const wb = new ExcelJS.Workbook();
    const money = '#,##0.00';
    const sheet = (name, headers, rows) => {
      const ws = wb.addWorksheet(name);
      ws.addRow([...headers, 'Prévu (€)', 'Voté (€)', 'Réalisé (€)']).font = { bold: true };
      for (const r of rows) ws.addRow(r);
      const n = headers.length;
      const sum = (i) => rows.reduce((acc, r) => acc + r[n + i], 0);
      const total = ws.addRow(['Total', ...Array(n - 1).fill(null), sum(0), sum(1), sum(2)]);
      total.font = { bold: true };
      for (let c = n + 1; c <= n + 3; c++) ws.getColumn(c).numFmt = money;
      ws.columns.forEach((col) => (col.width = 22));
    };
    sheet('Par direction', ['Direction', 'Année', 'Nature'], a.by_direction.map((r) => [r.direction, r.year, r.nature, r.planned, r.voted, r.spent]));
    sheet('Par objectif', ['Objectif', 'Année'], a.by_objective.map((r) => [r.objective, r.year, r.planned, r.voted, r.spent]));
    sheet(
      'Détail',
      ['Action', 'Objectif', 'Année', 'Direction', 'Nature'],
      a.lines.map((l) => [a.actionOf(l)?.title ?? '', objectiveLabel(a.actionOf(l)?.objective_id), l.year, l.direction, l.nature, l.planned, l.voted, l.spent]),
    );
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  function sectorsGeoJSON() {
    return {
      type: 'FeatureCollection',
      features: db.sectors.map((s) => ({ type: 'Feature', id: s.id, geometry: s.geometry, properties: { id: s.id, name: s.name, description: s.description } })),
    };
  }

  function importSectors(body) {
    let features;
    if (body?.type === 'FeatureCollection' && Array.isArray(body.features)) features = body.features;
    else if (body?.type === 'Feature') features = [body];
    else throw new HttpError(400, 'invalid_geojson', 'GeoJSON attendu : Feature ou FeatureCollection.', 'file');
    const created = [];
    for (const [i, f] of features.entries()) {
      const g = f?.geometry;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
        throw new HttpError(400, 'invalid_geometry', `Entité ${i + 1} : Polygon ou MultiPolygon attendu.`, 'file');
      }
      const flat = JSON.stringify(g.coordinates).match(/-?\d+(\.\d+)?(e-?\d+)?/gi)?.map(Number) ?? [];
      for (let k = 0; k + 1 < flat.length; k += 2) {
        if (Math.abs(flat[k]) > 180 || Math.abs(flat[k + 1]) > 90) {
          throw new HttpError(400, 'not_wgs84', `Entité ${i + 1} : coordonnées hors WGS84 (Lambert-93 ?).`, 'file');
        }
      }
      const p = f.properties ?? {};
      created.push({ id: 0, name: String(p.name ?? p.nom ?? `Secteur ${i + 1}`), description: String(p.description ?? ''), geometry: g });
    }
    for (const c of created) {
      c.id = nextId();
      db.sectors.push(c);
    }
    return created.length;
  }

  function dashboard(s) {
    const docs = visibleDocuments(s)
      .filter((d) => d.ends_on && !['expire', 'renouvele'].includes(d.status))
      .map((d) => ({ id: d.id, title: d.title, type: d.type, ends_on: d.ends_on, days_left: Math.round((Date.parse(d.ends_on) - Date.parse(isoDate(0))) / 86400000) }))
      .filter((d) => d.days_left <= 180)
      .sort((a, b) => a.days_left - b.days_left);
    const a = annex(s);
    const years = new Map();
    for (const l of a.lines) {
      const y = years.get(l.year) ?? { year: l.year, planned: 0, voted: 0, spent: 0 };
      y.planned += l.planned;
      y.voted += l.voted;
      y.spent += l.spent;
      years.set(l.year, y);
    }
    const today = isoDate(0);
    return {
      expiring_documents: docs,
      budget_execution: [...years.values()].sort((x, y) => x.year - y.year),
      overdue_follow_ups: s.role === 'partenaire' ? [] : db.follow_ups
        .filter((f) => f.status !== 'fait' && f.due_on < today)
        .map((f) => ({ id: f.id, meeting_id: f.meeting_id, meeting_title: db.meetings.find((m) => m.id === f.meeting_id)?.title ?? '', text: f.text, owner: f.owner, due_on: f.due_on })),
      upcoming_meetings: visibleMeetings(s).filter((m) => m.held_on >= today).sort((x, y) => x.held_on.localeCompare(y.held_on)).map((m) => ({ id: m.id, title: m.title, type: m.type, held_on: m.held_on })),
    };
  }

  // ---- meetings, indicators, evaluations, plan sections, contacts ----
  const findMeeting = (s, id) => {
    const m = visibleMeetings(s).find((x) => x.id === id);
    if (!m) throw new HttpError(404, 'not_found', 'Réunion introuvable.');
    return m;
  };
  const meetingOut = (m) => ({ id: m.id, type: m.type, title: m.title, held_on: m.held_on, place: m.place });
  const meetingDetail = (m) => ({
    ...meetingOut(m),
    minutes: m.minutes,
    participant_ids: m.participant_ids,
    agenda_items: db.agenda_items
      .filter((i) => i.meeting_id === m.id)
      .sort((a, b) => a.position - b.position || a.id - b.id)
      .map(({ meeting_id: _m, ...i }) => i),
    decisions: db.decisions.filter((d) => d.meeting_id === m.id).map((d) => ({ id: d.id, text: d.text })),
    follow_ups: db.follow_ups
      .filter((f) => f.meeting_id === m.id)
      .sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id)
      .map((f) => ({ id: f.id, text: f.text, owner: f.owner, due_on: f.due_on, status: f.status })),
  });
  const meetingMarkdown = (d) => {
    const lines = [`# ${d.title}`, '', `**Date :** ${d.held_on}${d.place ? ` — **Lieu :** ${d.place}` : ''}`, '', '## Ordre du jour', ''];
    for (const i of d.agenda_items) {
      lines.push(`${i.position}. **${i.title}** (priorité ${i.priority})`);
      if (i.problem_statement) lines.push(`   - Problématique : ${i.problem_statement}`);
      if (i.stakes) lines.push(`   - Synthèse des enjeux : ${i.stakes}`);
    }
    if (d.minutes) lines.push('', '## Compte rendu', '', d.minutes);
    lines.push('', '## Relevé de décisions', '', ...d.decisions.map((x) => `- ${x.text}`));
    lines.push('', '## Suivi', '', '| Action | Responsable | Échéance | État |', '|---|---|---|---|');
    for (const f of d.follow_ups) lines.push(`| ${f.text} | ${f.owner} | ${f.due_on} | ${f.status} |`);
    return `${lines.join('\n')}\n`;
  };
  const xmlEscape = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  /** A minimal DOCX / ODT (one paragraph per Markdown line) or a one-page PDF: enough for the tests. */
  async function meetingFile(d, format) {
    const md = meetingMarkdown(d).split('\n');
    if (format === 'docx') {
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
      zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
      zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${md.map((l) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(l)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`);
      return { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buf: await zip.generateAsync({ type: 'nodebuffer' }) };
    }
    if (format === 'odt') {
      const zip = new JSZip();
      zip.file('mimetype', 'application/vnd.oasis.opendocument.text', { compression: 'STORE' });
      zip.file('META-INF/manifest.xml', '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>');
      zip.file('content.xml', `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>${md.map((l) => `<text:p>${xmlEscape(l)}</text:p>`).join('')}</office:text></office:body></office:document-content>`);
      return { type: 'application/vnd.oasis.opendocument.text', buf: await zip.generateAsync({ type: 'nodebuffer' }) };
    }
    // PDF: ASCII-only text lines (the mock does not embed fonts).
    const ascii = md.map((l) => l.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/[\\()]/g, '\\$&'));
    const stream = `BT /F1 10 Tf 40 800 Td 14 TL ${ascii.map((l) => `(${l}) '`).join(' ')} ET`;
    const objs = [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ];
    let pdf = '%PDF-1.4\n';
    const offsets = [];
    objs.forEach((o, i) => {
      offsets.push(Buffer.byteLength(pdf));
      pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    });
    const xref = Buffer.byteLength(pdf);
    pdf += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    pdf += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return { type: 'application/pdf', buf: Buffer.from(pdf, 'latin1') };
  }
  const optNumber = (body, field) => {
    const v = body[field];
    if (v == null || v === '') return null;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new HttpError(400, 'invalid_number', 'Nombre invalide.', field);
    return v;
  };
  const optObjective = (body) => {
    const v = body.objective_id;
    if (v == null || v === '') return null;
    if (!db.objectives.some((o) => o.id === Number(v))) throw new HttpError(400, 'unknown_objective', 'Objectif inconnu.', 'objective_id');
    return Number(v);
  };
  const indicatorOut = (i) => ({
    ...i,
    values: db.indicator_values
      .filter((v) => v.indicator_id === i.id)
      .sort((a, b) => a.measured_on.localeCompare(b.measured_on) || a.id - b.id)
      .map((v) => ({ id: v.id, measured_on: v.measured_on, value: v.value })),
  });
  const evaluationOut = (e) => ({ ...e, cost_per_beneficiary: e.beneficiaries > 0 ? Math.round((e.cost / e.beneficiaries) * 100) / 100 : null });
  const validatePlanSection = (b) => ({ kind: oneOf(b, 'kind', PLAN_KINDS), title: reqString(b, 'title', 'Intitulé'), body: typeof b.body === 'string' ? b.body : '' });

  // ------------------------------------------------------------ routing
  async function handleApi(req, res, url) {
    const method = req.method;
    const p = url.pathname.replace(/^\/api\/?/, '');
    const cookies = parseCookies(req);
    const session = sessions.get(cookies.solimob_session ?? '') ?? null;
    const sessOut = (s) => ({ login: s.login, role: s.role, organisation_id: s.organisation_id, csrf_token: s.csrf_token });

    if (p === 'login' && method === 'POST') {
      const body = await readBody(req);
      const login = String(body.login ?? '');
      const now = Date.now();
      const fails = (failures.get(login) ?? []).filter((t) => now - t < 60000);
      if (fails.length >= 5) throw new HttpError(429, 'too_many_attempts', 'Trop de tentatives.');
      const u = db.users.find((x) => x.login === login && x.password === body.password);
      if (!u) {
        fails.push(now);
        failures.set(login, fails);
        throw new HttpError(401, 'bad_credentials', 'Identifiant ou mot de passe incorrect.', 'password');
      }
      const token = randomBytes(24).toString('hex');
      const s = { login: u.login, role: u.role, organisation_id: u.organisation_id, csrf_token: randomBytes(24).toString('hex') };
      sessions.set(token, s);
      res.setHeader('Set-Cookie', `solimob_session=${token}; HttpOnly; SameSite=Strict; Path=/`);
      return json(res, 200, sessOut(s));
    }

    if (!session) throw new HttpError(401, 'unauthenticated', 'Non connecté.');
    if (method !== 'GET' && method !== 'HEAD') {
      if (req.headers['x-csrf-token'] !== session.csrf_token) throw new HttpError(403, 'csrf', 'Jeton CSRF manquant ou invalide.');
    }
    const canEdit = session.role === 'admin' || session.role === 'agent';
    const needEdit = () => {
      if (!canEdit) throw new HttpError(403, 'forbidden', 'Droits insuffisants (lecture seule).');
    };
    let m;

    if (p === 'me' && method === 'GET') return json(res, 200, sessOut(session));
    if (p === 'logout' && method === 'POST') {
      sessions.delete(cookies.solimob_session);
      res.setHeader('Set-Cookie', 'solimob_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
      return json(res, 204);
    }
    if (p === 'dashboard' && method === 'GET') return json(res, 200, dashboard(session));

    if (p === 'objectives') {
      if (method === 'GET') return json(res, 200, db.objectives);
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const code = reqString(b, 'code', 'Code');
        if (db.objectives.some((o) => o.code === code)) throw new HttpError(409, 'duplicate', 'Ce code existe déjà.', 'code');
        const o = { id: nextId(), code, title: reqString(b, 'title', 'Intitulé'), description: optString(b, 'description') };
        db.objectives.push(o);
        return json(res, 201, o);
      }
    }

    if (p === 'organisations') {
      if (method === 'GET') return json(res, 200, db.organisations);
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const o = { id: nextId(), name: reqString(b, 'name', 'Nom'), type: oneOf(b, 'type', ORG_TYPES), territory: optString(b, 'territory') };
        db.organisations.push(o);
        return json(res, 201, o);
      }
    }

    if (p === 'actions') {
      if (method === 'GET') {
        const q = (url.searchParams.get('q') ?? '').toLowerCase();
        const status = url.searchParams.get('status') ?? '';
        const limit = Math.min(200, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
        const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
        const all = visibleActions(session)
          .filter((a) => !q || `${a.title} ${a.publics} ${a.territory} ${a.owner_direction}`.toLowerCase().includes(q))
          .filter((a) => !status || a.status === status)
          .sort((a, b) => b.id - a.id);
        return json(res, 200, { items: all.slice(offset, offset + limit), total: all.length });
      }
      if (method === 'POST') {
        needEdit();
        const a = { id: nextId(), ...validateAction(await readBody(req)) };
        db.actions.push(a);
        return json(res, 201, a);
      }
    }

    if ((m = /^actions\/(\d+)$/.exec(p))) {
      const id = Number(m[1]);
      if (method === 'GET') {
        const a = findAction(session, id);
        return json(res, 200, { ...a, budget_lines: db.budget_lines.filter((l) => l.action_id === id).map(lineOut) });
      }
      if (method === 'PUT') {
        needEdit();
        const a = findAction(session, id);
        Object.assign(a, validateAction(await readBody(req)));
        return json(res, 200, a);
      }
      if (method === 'DELETE') {
        needEdit();
        findAction(session, id);
        db.actions = db.actions.filter((a) => a.id !== id);
        db.budget_lines = db.budget_lines.filter((l) => l.action_id !== id);
        return json(res, 204);
      }
    }

    if ((m = /^actions\/(\d+)\/budget-lines$/.exec(p)) && method === 'POST') {
      needEdit();
      const id = Number(m[1]);
      findAction(session, id);
      const l = { id: nextId(), action_id: id, ...validateLine(await readBody(req)) };
      db.budget_lines.push(l);
      return json(res, 201, lineOut(l));
    }

    if ((m = /^budget-lines\/(\d+)$/.exec(p))) {
      needEdit();
      const id = Number(m[1]);
      const l = db.budget_lines.find((x) => x.id === id);
      if (!l) throw new HttpError(404, 'not_found', 'Ligne introuvable.');
      if (method === 'PUT') {
        Object.assign(l, validateLine(await readBody(req)));
        return json(res, 200, lineOut(l));
      }
      if (method === 'DELETE') {
        db.budget_lines = db.budget_lines.filter((x) => x.id !== id);
        return json(res, 204);
      }
    }

    if (p === 'budget-annex' && method === 'GET') {
      const a = annex(session);
      return json(res, 200, { by_direction: a.by_direction, by_objective: a.by_objective, total: a.total });
    }
    if (p === 'budget-annex.xlsx' && method === 'GET') {
      const buf = await annexXlsx(session);
      res.writeHead(200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': 'attachment; filename="annexe-budgetaire.xlsx"',
        'Content-Length': buf.length,
      });
      return res.end(buf);
    }

    if (p === 'documents') {
      if (method === 'GET') return json(res, 200, visibleDocuments(session));
      if (method === 'POST') {
        needEdit();
        const d = { id: nextId(), ...validateDocument(await readBody(req)) };
        db.documents.push(d);
        return json(res, 201, d);
      }
    }
    if ((m = /^documents\/(\d+)\/files$/.exec(p))) {
      const d = visibleDocuments(session).find((x) => x.id === Number(m[1]));
      if (!d) throw new HttpError(404, 'not_found', 'Document introuvable.');
      const out = (f) => ({ id: f.id, name: f.name, content_type: f.content_type, size: Buffer.from(f.content_base64, 'base64').length, uploaded_at: f.uploaded_at });
      if (method === 'GET') return json(res, 200, db.document_files.filter((f) => f.document_id === d.id).map(out));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const name = reqString(b, 'name', 'Nom');
        if (/[\/\\]/.test(name) || name.startsWith('.')) throw new HttpError(400, 'invalid_value', 'Un nom de fichier, sans dossier.', 'name');
        const content_type = reqString(b, 'content_type', 'Type');
        const content = typeof b.content_base64 === 'string' ? b.content_base64 : '';
        if (!content) throw new HttpError(400, 'required', 'Contenu du fichier manquant.', 'content_base64');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new HttpError(400, 'invalid_value', 'Contenu non encodé en base64.', 'content_base64');
        if (Buffer.from(content, 'base64').length > MAX_FILE_BYTES) throw new HttpError(400, 'too_large', 'Fichier trop volumineux (700 Kio au plus).', 'content_base64');
        const f = { id: nextId(), document_id: d.id, name, content_type, content_base64: content, uploaded_at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
        db.document_files.push(f);
        return json(res, 201, out(f));
      }
    }
    if ((m = /^document-files\/(\d+)$/.exec(p)) && method === 'GET') {
      const f = db.document_files.find((x) => x.id === Number(m[1]));
      if (!f || !visibleDocuments(session).some((d) => d.id === f.document_id)) throw new HttpError(404, 'not_found', 'Fichier introuvable.');
      const buf = Buffer.from(f.content_base64, 'base64');
      // Always a download, never rendered (like the real server).
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${f.name.replace(/["\x00-\x1f\x7f-\uffff]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(f.name)}`, 'Content-Length': buf.length });
      return res.end(buf);
    }
    if ((m = /^documents\/(\d+)$/.exec(p)) && method === 'PUT') {
      needEdit();
      const d = visibleDocuments(session).find((x) => x.id === Number(m[1]));
      if (!d) throw new HttpError(404, 'not_found', 'Document introuvable.');
      Object.assign(d, validateDocument(await readBody(req)));
      return json(res, 200, d);
    }

    if (p === 'sectors') {
      if (method === 'GET') return json(res, 200, sectorsGeoJSON());
      if (method === 'POST') {
        needEdit();
        return json(res, 201, { created: importSectors(await readBody(req)) });
      }
    }
    if ((m = /^sectors\/(\d+)$/.exec(p)) && method === 'DELETE') {
      needEdit();
      const id = Number(m[1]);
      if (!db.sectors.some((s) => s.id === id)) throw new HttpError(404, 'not_found', 'Secteur introuvable.');
      db.sectors = db.sectors.filter((s) => s.id !== id);
      db.sector_projects = db.sector_projects.filter((x) => x.sector_id !== id);
      return json(res, 204);
    }
    if ((m = /^sectors\/(\d+)\/projects$/.exec(p))) {
      const id = Number(m[1]);
      if (!db.sectors.some((s) => s.id === id)) throw new HttpError(404, 'not_found', 'Secteur introuvable.');
      const out = (x) => ({ id: x.id, title: x.title, direction: x.direction, partner_id: x.partner_id, horizon: x.horizon, status: x.status });
      if (method === 'GET') return json(res, 200, db.sector_projects.filter((x) => x.sector_id === id).map(out));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const title = reqString(b, 'title', 'Intitulé');
        const status = oneOf(b, 'status', PROJECT_STATUSES);
        let partner_id = null;
        if (b.partner_id != null) {
          partner_id = b.partner_id;
          if (!Number.isInteger(partner_id) || !db.organisations.some((o) => o.id === partner_id)) throw new HttpError(400, 'unknown_partner', 'Partenaire inconnu.', 'partner_id');
        }
        const horizon = optString(b, 'horizon');
        if (horizon.length > 50) throw new HttpError(400, 'too_long', 'Horizon trop long (50 caractères au plus).', 'horizon');
        const x = { id: nextId(), sector_id: id, title, direction: optString(b, 'direction'), partner_id, horizon, status };
        db.sector_projects.push(x);
        return json(res, 201, out(x));
      }
    }

    if (p === 'meetings') {
      if (method === 'GET') return json(res, 200, [...visibleMeetings(session)].sort((a, b) => a.held_on.localeCompare(b.held_on) || a.id - b.id).map(meetingOut));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const type = oneOf(b, 'type', MEETING_TYPES);
        const title = reqString(b, 'title', 'Intitulé');
        const held_on = optDate(b, 'held_on');
        if (!held_on) throw new HttpError(400, 'required', 'La date est obligatoire.', 'held_on');
        const participant_ids = Array.isArray(b.participant_ids) ? b.participant_ids.map(Number) : [];
        for (const id of participant_ids) {
          if (!db.organisations.some((o) => o.id === id)) throw new HttpError(400, 'unknown_partner', 'Partenaire inconnu.', 'participant_ids');
        }
        const m = { id: nextId(), type, title, held_on, place: optString(b, 'place'), minutes: '', participant_ids };
        db.meetings.push(m);
        return json(res, 201, meetingOut(m));
      }
    }
    if ((m = /^meetings\/(\d+)$/.exec(p)) && method === 'GET') return json(res, 200, meetingDetail(findMeeting(session, Number(m[1]))));
    if ((m = /^meetings\/(\d+)\/minutes$/.exec(p)) && method === 'PUT') {
      needEdit();
      const meeting = findMeeting(session, Number(m[1]));
      const b = await readBody(req);
      if (b.minutes != null && typeof b.minutes !== 'string') throw new HttpError(400, 'invalid_value', 'Texte attendu.', 'minutes');
      if ((b.minutes ?? '').length > 200000) throw new HttpError(400, 'too_long', 'Compte rendu trop long.', 'minutes');
      meeting.minutes = b.minutes ?? '';
      return json(res, 200, meetingDetail(meeting));
    }
    if ((m = /^meetings\/(\d+)\/export$/.exec(p)) && method === 'GET') {
      const d = meetingDetail(findMeeting(session, Number(m[1])));
      const format = url.searchParams.get('format') ?? 'md';
      if (format === 'md') {
        res.writeHead(200, { 'Content-Type': 'text/markdown; charset=utf-8' });
        return res.end(meetingMarkdown(d));
      }
      if (!['docx', 'odt', 'pdf'].includes(format)) throw new HttpError(400, 'invalid_value', 'Format : md, docx, odt ou pdf.', 'format');
      const f = await meetingFile(d, format);
      res.writeHead(200, { 'Content-Type': f.type, 'Content-Disposition': `attachment; filename="reunion-${d.id}.${format}"`, 'Content-Length': f.buf.length });
      return res.end(f.buf);
    }
    if ((m = /^meetings\/(\d+)\/(agenda-items|decisions|follow-ups)$/.exec(p)) && method === 'POST') {
      needEdit();
      const meeting = findMeeting(session, Number(m[1]));
      const b = await readBody(req);
      if (m[2] === 'agenda-items') {
        const priority = b.priority ?? 2;
        if (![1, 2, 3].includes(priority)) throw new HttpError(400, 'invalid_value', 'Priorité : 1, 2 ou 3.', 'priority');
        const position = Math.max(0, ...db.agenda_items.filter((i) => i.meeting_id === meeting.id).map((i) => i.position)) + 1;
        const it = { id: nextId(), meeting_id: meeting.id, position, title: reqString(b, 'title', 'Intitulé'), problem_statement: optString(b, 'problem_statement'), priority, stakes: optString(b, 'stakes'), action_id: null };
        db.agenda_items.push(it);
        return json(res, 201, { id: it.id, position, title: it.title, priority });
      }
      if (m[2] === 'decisions') {
        const d = { id: nextId(), meeting_id: meeting.id, text: reqString(b, 'text', 'Décision') };
        db.decisions.push(d);
        return json(res, 201, { id: d.id, text: d.text });
      }
      const due_on = optDate(b, 'due_on');
      if (!due_on) throw new HttpError(400, 'required', "L'échéance est obligatoire.", 'due_on');
      const f = { id: nextId(), meeting_id: meeting.id, text: reqString(b, 'text', 'Action'), owner: reqString(b, 'owner', 'Responsable'), due_on, status: oneOf(b, 'status', FOLLOW_UP_STATUSES) };
      db.follow_ups.push(f);
      return json(res, 201, { id: f.id, text: f.text, owner: f.owner, due_on: f.due_on, status: f.status });
    }

    if (p === 'indicators') {
      if (method === 'GET') return json(res, 200, db.indicators.map(indicatorOut));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const i = { id: nextId(), objective_id: optObjective(b), name: reqString(b, 'name', 'Nom'), definition: optString(b, 'definition'), unit: optString(b, 'unit'), baseline: optNumber(b, 'baseline'), target: optNumber(b, 'target') };
        db.indicators.push(i);
        return json(res, 201, indicatorOut(i));
      }
    }
    if ((m = /^indicators\/(\d+)\/values$/.exec(p)) && method === 'POST') {
      needEdit();
      const i = db.indicators.find((x) => x.id === Number(m[1]));
      if (!i) throw new HttpError(404, 'not_found', 'Indicateur introuvable.');
      const b = await readBody(req);
      const measured_on = optDate(b, 'measured_on');
      if (!measured_on) throw new HttpError(400, 'required', 'La date de mesure est obligatoire.', 'measured_on');
      const value = optNumber(b, 'value');
      if (value == null) throw new HttpError(400, 'required', 'La valeur est obligatoire.', 'value');
      const v = { id: nextId(), indicator_id: i.id, measured_on, value };
      db.indicator_values.push(v);
      return json(res, 201, { id: v.id, measured_on, value });
    }

    if (p === 'evaluations') {
      if (method === 'GET') return json(res, 200, db.evaluations.map(evaluationOut));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const action_id = b.action_id == null || b.action_id === '' ? null : Number(b.action_id);
        if (action_id != null && !db.actions.some((a) => a.id === action_id)) throw new HttpError(400, 'unknown_action', 'Action inconnue.', 'action_id');
        const beneficiaries = b.beneficiaries ?? 0;
        if (!Number.isInteger(beneficiaries) || beneficiaries < 0) throw new HttpError(400, 'invalid_number', 'Nombre de bénéficiaires invalide.', 'beneficiaries');
        const e = {
          id: nextId(), action_id, title: reqString(b, 'title', 'Intitulé'), description: optString(b, 'description'),
          period_start: optDate(b, 'period_start'), period_end: optDate(b, 'period_end'), beneficiaries, cost: amount(b, 'cost'),
          indicator_label: optString(b, 'indicator_label'), value_before: optNumber(b, 'value_before'), value_after: optNumber(b, 'value_after'),
        };
        db.evaluations.push(e);
        return json(res, 201, evaluationOut(e));
      }
    }

    if (p === 'plan-sections') {
      if (method === 'GET') return json(res, 200, db.plan_sections);
      if (method === 'POST') {
        needEdit();
        const v = validatePlanSection(await readBody(req));
        const position = Math.max(0, ...db.plan_sections.filter((x) => x.kind === v.kind).map((x) => x.position)) + 1;
        const sec = { id: nextId(), ...v, position };
        db.plan_sections.push(sec);
        return json(res, 201, sec);
      }
    }
    if ((m = /^plan-sections\/(\d+)$/.exec(p)) && method === 'PUT') {
      needEdit();
      const sec = db.plan_sections.find((x) => x.id === Number(m[1]));
      if (!sec) throw new HttpError(404, 'not_found', 'Section introuvable.');
      Object.assign(sec, validatePlanSection(await readBody(req)));
      return json(res, 200, sec);
    }

    if ((m = /^organisations\/(\d+)\/contacts$/.exec(p))) {
      const orgId = Number(m[1]);
      if (!db.organisations.some((o) => o.id === orgId)) throw new HttpError(404, 'not_found', 'Organisation introuvable.');
      const out = (c) => ({ id: c.id, name: c.name, role: c.role, email: c.email, phone: c.phone, purpose: c.purpose });
      if (method === 'GET') return json(res, 200, db.contacts.filter((c) => c.organisation_id === orgId).map(out));
      if (method === 'POST') {
        needEdit();
        const b = await readBody(req);
        const c = { id: nextId(), organisation_id: orgId, name: reqString(b, 'name', 'Nom'), role: optString(b, 'role'), email: optString(b, 'email'), phone: optString(b, 'phone'), purpose: reqString(b, 'purpose', 'Finalité') };
        db.contacts.push(c);
        return json(res, 201, out(c));
      }
    }

    throw new HttpError(404, 'not_found', `Pas de route ${method} /api/${p}`);
  }

  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.map': 'application/json' };

  async function handleStatic(req, res, url) {
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    let file = path.resolve(distDir, rel || 'index.html');
    if (!file.startsWith(path.resolve(distDir))) file = path.join(distDir, 'index.html');
    try {
      const st = await stat(file);
      if (st.isDirectory()) file = path.join(file, 'index.html');
    } catch {
      // config.json is optional: a real 404 lets the app fall back to defaults.
      if (rel === 'config.json' || /\.[a-z0-9]+$/i.test(rel)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      file = path.join(distDir, 'index.html');
    }
    try {
      const data = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(data);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end(`web/dist not built (${file}); run npm run build`);
    }
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await handleApi(req, res, url);
      else await handleStatic(req, res, url);
    } catch (err) {
      if (err instanceof HttpError) json(res, err.status, { code: err.code, message: err.message, field: err.field });
      else {
        console.error(err);
        json(res, 500, { code: 'internal', message: 'Erreur interne du serveur fictif.', field: null });
      }
    }
  });
}

/** Start on 127.0.0.1:port (0 = any free port); resolves to {server, url}. */
export async function startMockServer(port = 0, opts = {}) {
  const server = createMockServer(opts);
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const addr = server.address();
  return { server, url: `http://127.0.0.1:${addr.port}` };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 8080);
  const { url } = await startMockServer(port);
  console.log(`solimob mock server on ${url} (users admin/admin-pass, partenaire/partenaire-pass)`);
}
