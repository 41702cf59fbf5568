// Calls for projects ("appels à projets"): the list of calls, and a call's page — its criteria grid,
// the applications and their eligibility, the reviewer's own scores, the ranking with the spread
// between reviewers and the envelope, the decisions, the selection report, the action a funded
// application becomes.
import { ApiError, api, type CallApplication, type CallCriterion, type CallForProjects, canEdit, getSession } from '../api';
import { crudSection, type FormField } from '../crud';
import { attachedFiles } from '../files';
import { clear, h } from '../dom';
import { date, euros, number } from '../format';
import { RECORDS } from '../generated/records';
import { type Key, t, tv } from '../i18n';
import { announce, type Column, downloadLink, loadError, onSubmit, pageHeader, table } from '../ui';

interface Ranked {
  id: number;
  organisation_id: number;
  organisation: string;
  project_title: string;
  requested: number;
  granted: number;
  eligibility: string;
  decision: string;
  action_id: number | null;
  reviewers: number;
  total: number | null;
  spread: number | null;
  rank: number | null;
  criteria: { criterion_id: number; mean: number | null }[];
}
interface Ranking {
  envelope: number;
  granted_total: number;
  over_envelope: boolean;
  criteria: { id: number; label: string; weight: number }[];
  applications: Ranked[];
}

/** The fields of a call (the plan objective among `objectives`). */
function callFields(objectives: { id: number; code: string; title: string }[]): FormField<CallForProjects>[] {
  const choices = () => objectives.map((o) => ({ value: String(o.id), label: `${o.code} — ${o.title}` }));
  return [
    { name: 'title', label: t('common.title'), span: 'span-2' },
    { name: 'status', label: t('common.status'), initial: 'brouillon' },
    { name: 'objectives', label: t('calls.objectives'), textarea: true, span: 'span-all' },
    { name: 'eligibility', label: t('calls.eligibility'), textarea: true, span: 'span-all' },
    { name: 'envelope', label: t('calls.envelope') },
    { name: 'objective_id', label: t('calls.planObjective'), options: choices },
    { name: 'owner_direction', label: t('common.direction') },
    { name: 'opens_on', label: t('calls.opensOn') },
    { name: 'closes_on', label: t('calls.closesOn') },
    { name: 'decision_on', label: t('calls.decisionOn') },
  ];
}

export async function renderCalls(root: HTMLElement): Promise<string> {
  const title = t('calls.title');
  root.append(pageHeader(title), h('p', {}, t('calls.intro')));
  const objectives = await api.get<{ id: number; code: string; title: string }[]>('objectives').catch(() => []);
  await crudSection<CallForProjects>(root, {
    spec: RECORDS.call_for_projects,
    idPrefix: 'call',
    caption: title,
    requiredHint: true,
    fields: callFields(objectives),
    columns: [
      { label: t('common.title'), header: true, cell: (c) => h('a', { href: `#/calls/${c.id}` }, c.title) },
      { label: t('common.status'), cell: (c) => tv('callstatus', c.status) },
      { label: t('calls.envelope'), cell: (c) => euros(c.envelope), numeric: true },
      { label: t('calls.closesOn'), cell: (c) => date(c.closes_on) },
      { label: t('calls.decisionOn'), cell: (c) => date(c.decision_on) },
    ],
    name: (c) => c.title,
    messages: 'calls',
  });
  return title;
}

export async function renderCallDetail(root: HTMLElement, id: number): Promise<string> {
  let call: CallForProjects | undefined;
  try {
    call = (await api.get<CallForProjects[]>('calls')).find((c) => c.id === id);
  } catch (err) {
    loadError(root, err);
    return t('calls.title');
  }
  if (!call) {
    root.append(pageHeader(t('app.notFound')), h('p', {}, t('calls.notFound')));
    return t('app.notFound');
  }
  const c = call;
  const title = c.title;
  const partner = getSession()?.role === 'partenaire';
  root.append(
    pageHeader(title, h('a', { href: '#/calls', class: 'btn btn-secondary' }, t('calls.back'))),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('common.status')),
      h('dd', {}, tv('callstatus', c.status)),
      h('dt', {}, t('calls.envelope')),
      h('dd', {}, euros(c.envelope)),
      h('dt', {}, t('calls.calendar')),
      h('dd', {}, `${date(c.opens_on) || '…'} → ${date(c.closes_on) || '…'} ; ${t('calls.decisionOn')} ${date(c.decision_on) || '…'}`),
    ),
    h(
      'div',
      {},
      c.objectives ? h('p', {}, c.objectives) : null,
      c.eligibility ? h('p', { class: 'muted' }, `${t('calls.eligibility')} : ${c.eligibility}`) : null,
    ),
  );

  const criteriaCard = h('section', { class: 'card', 'aria-labelledby': 'crit-title' }, h('h2', { id: 'crit-title' }, t('calls.criteria')));
  const appsCard = h('section', { class: 'card', 'aria-labelledby': 'apps-title' }, h('h2', { id: 'apps-title' }, t('calls.applications')));
  const filesCard = h('section', { class: 'card', 'aria-labelledby': 'app-files-title' });
  const reviewCard = h('section', { class: 'card', 'aria-labelledby': 'review-title' });
  const rankingCard = h('section', { class: 'card', 'aria-labelledby': 'ranking-title' });
  root.append(criteriaCard, appsCard, filesCard);
  if (!partner) root.append(reviewCard, rankingCard); // the review is the reviewers' work
  let criteria: CallCriterion[] = [];
  let applications: CallApplication[] = [];
  // The review and the ranking follow every change of the criteria and applications, once both are loaded.
  let ready = false;
  await crudSection<CallCriterion>(criteriaCard, {
    spec: RECORDS.call_criterion,
    parentId: id,
    idPrefix: 'crit',
    caption: t('calls.criteria'),
    fields: [
      { name: 'label', label: t('calls.criterion') },
      { name: 'weight', label: t('calls.weight') },
      { name: 'description', label: t('common.description'), span: 'span-all' },
    ],
    columns: [
      { label: t('calls.criterion'), header: true, cell: (x) => x.label },
      { label: t('calls.weight'), cell: (x) => number(x.weight), numeric: true },
      { label: t('common.description'), cell: (x) => x.description },
    ],
    name: (x) => x.label,
    messages: 'criteria',
    afterLoad: async (rows) => {
      criteria = rows;
      await refreshReview();
    },
  });

  const orgs = await api.get<{ id: number; name: string }[]>('organisations').catch(() => []);
  await crudSection<CallApplication>(appsCard, {
    spec: RECORDS.call_application,
    parentId: id,
    idPrefix: 'app',
    caption: t('calls.applications'),
    requiredHint: true,
    fields: [
      {
        name: 'organisation_id',
        label: t('calls.applicant'),
        options: () => [...orgs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: String(o.id), label: o.name })),
      },
      { name: 'project_title', label: t('calls.project'), span: 'span-2' },
      { name: 'description', label: t('common.description'), textarea: true, span: 'span-all' },
      { name: 'requested', label: t('calls.requested') },
      { name: 'eligibility', label: t('calls.eligibilityCheck'), initial: 'a_verifier' },
      { name: 'eligibility_note', label: t('calls.eligibilityNote'), span: 'span-2' },
      { name: 'decision', label: t('calls.decision'), initial: 'en_attente' },
      { name: 'granted', label: t('calls.granted'), hint: t('calls.grantedHint') },
    ],
    columns: [
      { label: t('calls.project'), header: true, cell: (a) => a.project_title },
      { label: t('calls.applicant'), cell: (a) => orgs.find((o) => o.id === a.organisation_id)?.name ?? `#${a.organisation_id}` },
      { label: t('calls.requested'), cell: (a) => euros(a.requested), numeric: true },
      { label: t('calls.eligibilityCheck'), cell: (a) => tv('eligibility', a.eligibility) },
      { label: t('calls.decision'), cell: (a) => tv('calldecision', a.decision) },
      { label: t('calls.granted'), cell: (a) => euros(a.granted), numeric: true },
    ],
    name: (a) => a.project_title,
    messages: 'applications',
    afterLoad: async (rows) => {
      applications = rows;
      await Promise.all([refreshReview(), renderApplicationFiles(filesCard, rows)]);
    },
  });
  if (partner) return title;

  /** The calling reviewer's scores of one application: a 0-5 note and a comment per criterion. */
  async function renderReview(): Promise<void> {
    clear(reviewCard);
    reviewCard.append(h('h2', { id: 'review-title' }, t('calls.review')), h('p', { class: 'hint' }, t('calls.reviewIntro')));
    if (!canEdit() || criteria.length === 0 || applications.length === 0) {
      reviewCard.append(h('p', { class: 'empty' }, t('calls.reviewEmpty')));
      return;
    }
    const select = h(
      'select',
      { id: 'review-app', name: 'application' },
      ...applications.map((a) => h('option', { value: String(a.id) }, a.project_title)),
    );
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': t('calls.reviewForm') },
      h('div', { class: 'field span-all' }, h('label', { for: 'review-app' }, t('calls.application')), select),
      ...criteria.map((cr) =>
        h(
          'fieldset',
          { class: 'span-all' },
          h('legend', {}, `${cr.label} (${t('calls.weight')} ${cr.weight})`),
          h(
            'div',
            { class: 'field' },
            h('label', { for: `score-${cr.id}` }, t('calls.score', { criterion: cr.label })),
            h('input', { id: `score-${cr.id}`, name: `score-${cr.id}`, type: 'number', min: 0, max: 5, step: 1, required: true }),
          ),
          h(
            'div',
            { class: 'field' },
            h('label', { for: `comment-${cr.id}` }, t('calls.comment', { criterion: cr.label })),
            h('textarea', { id: `comment-${cr.id}`, name: `comment-${cr.id}`, rows: 2, maxlength: 4000 }),
          ),
        ),
      ),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('calls.saveScores'))),
    );
    onSubmit(form, async (fd) => {
      const scores = criteria.map((cr) => ({
        criterion_id: cr.id,
        score: Number(fd.get(`score-${cr.id}`)),
        comment: String(fd.get(`comment-${cr.id}`) ?? '').trim(),
      }));
      try {
        await api.put(`applications/${select.value}/scores`, { scores });
      } catch (err) {
        // The server names the rule in English; the reviewer reads it in the interface's language.
        if (err instanceof ApiError && err.field === 'reviewer')
          throw new ApiError(err.status, err.code, t('calls.conflict'), 'application');
        throw err;
      }
      announce(t('calls.scoresSaved'));
      await renderRanking();
    });
    reviewCard.append(form);
  }

  function decisionMessage(r: Ranking): HTMLElement {
    const amounts = { granted: euros(r.granted_total), envelope: euros(r.envelope) };
    return r.over_envelope
      ? h('p', { class: 'notice notice-warning', role: 'alert', id: 'over-envelope' }, t('calls.overEnvelope', amounts))
      : h('p', { class: 'notice' }, t('calls.withinEnvelope', amounts));
  }

  async function toAction(a: Ranked): Promise<void> {
    try {
      const made = await api.post<{ action_id: number }>(`applications/${a.id}/action`, {});
      announce(t('calls.actionCreated', { name: a.project_title }));
      await renderRanking();
      document.getElementById(`action-link-${made.action_id}`)?.focus();
    } catch (err) {
      announce(err instanceof Error ? err.message : String(err), 'error');
    }
  }

  async function renderRanking(): Promise<void> {
    clear(rankingCard);
    rankingCard.append(h('h2', { id: 'ranking-title' }, t('calls.ranking')), h('p', { class: 'hint' }, t('calls.rankingIntro')));
    let r: Ranking;
    try {
      r = await api.get<Ranking>(`calls/${id}/ranking`);
    } catch (err) {
      loadError(rankingCard, err);
      return;
    }
    const columns: Column<Ranked>[] = [
      { label: t('calls.rank'), cell: (a) => (a.rank == null ? '—' : String(a.rank)), numeric: true },
      { label: t('calls.project'), header: true, cell: (a) => a.project_title },
      { label: t('calls.applicant'), cell: (a) => a.organisation },
      ...r.criteria.map(
        (cr, k): Column<Ranked> => ({
          label: `${cr.label} (${cr.weight})`,
          cell: (a) => (a.criteria[k]?.mean == null ? '—' : number(a.criteria[k].mean)),
          numeric: true,
        }),
      ),
      { label: t('calls.total'), cell: (a) => (a.total == null ? '—' : number(a.total)), numeric: true },
      { label: t('calls.spread'), cell: (a) => (a.spread == null ? '—' : number(a.spread)), numeric: true },
      { label: t('calls.reviewers'), cell: (a) => String(a.reviewers), numeric: true },
      { label: t('calls.requested'), cell: (a) => euros(a.requested), numeric: true },
      { label: t('calls.granted'), cell: (a) => euros(a.granted), numeric: true },
      { label: t('calls.decision'), cell: (a) => tv('calldecision', a.decision) },
      {
        label: t('calls.action'),
        cell: (a) =>
          a.action_id != null
            ? h('a', { href: `#/actions/${a.action_id}`, id: `action-link-${a.action_id}` }, t('calls.seeAction'))
            : canEdit() && a.decision === 'retenu' && a.granted > 0
              ? h(
                  'button',
                  { type: 'button', class: 'btn btn-small', onclick: () => void toAction(a) },
                  t('calls.makeAction', { name: a.project_title }),
                )
              : '—',
      },
    ];
    const format = (f: string, key: Key) => downloadLink(`calls/${id}/report?format=${f}`, `selection-appel-${id}.${f}`, t(key));
    rankingCard.append(
      decisionMessage(r),
      table(t('calls.ranking'), columns, r.applications, { scrollable: true }),
      h('h3', {}, t('calls.report')),
      h(
        'ul',
        { class: 'button-list' },
        h('li', {}, format('docx', 'calls.report.docx')),
        h('li', {}, format('odt', 'calls.report.odt')),
        h('li', {}, format('pdf', 'calls.report.pdf')),
        h('li', {}, format('md', 'calls.report.md')),
      ),
    );
  }

  async function refreshReview(): Promise<void> {
    if (partner || !ready) return;
    await renderReview();
    await renderRanking();
  }
  ready = true;
  await refreshReview();
  return title;
}

/** Each application's attached files (the project file, the budget...), as downloads. */
async function renderApplicationFiles(card: HTMLElement, apps: CallApplication[]): Promise<void> {
  clear(card);
  card.append(h('h2', { id: 'app-files-title' }, t('calls.files')), h('p', { class: 'hint' }, t('calls.filesIntro')));
  if (!apps.length) {
    card.append(h('p', { class: 'empty' }, t('common.empty')));
    return;
  }
  const blocks = apps.map((a) =>
    attachedFiles({
      listPath: `applications/${a.id}/files`,
      filePath: 'application-files',
      title: a.project_title,
      headingId: `app-files-${a.id}`,
      editable: canEdit(),
    }),
  );
  card.append(...blocks.map((b) => b.section));
  await Promise.all(blocks.map((b) => b.loaded));
}
