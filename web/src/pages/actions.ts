import {
  api,
  canEdit,
  loadTerritory,
  ACTION_STATUSES,
  NATURES,
  type Action,
  type ActionDetail,
  type AnalysisJob,
  type BudgetLine,
  type Objective,
  type Organisation,
  type TerritoryChoices,
} from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { euros, date, dateInput, number, signed } from '../format';
import {
  announce,
  field,
  checkboxGroup,
  onSubmit,
  str,
  num,
  nullableDate,
  ids,
  table,
  pageHeader,
  loadError,
  linkButton,
  errorMessage,
  type Column,
} from '../ui';
import { navigate } from '../nav';

const PAGE_SIZE = 20;

function publicsText(p: Action['publics']): string {
  return Array.isArray(p) ? p.join(', ') : (p ?? '');
}

function statusBadge(s: string): HTMLElement {
  return h('span', { class: `badge status-${s}` }, tv('status', s));
}

async function loadRefs(): Promise<{ objectives: Objective[]; orgs: Organisation[] }> {
  const [objectives, orgs] = await Promise.all([
    api.get<Objective[]>('objectives').catch(() => [] as Objective[]),
    api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]),
  ]);
  return { objectives, orgs };
}

// ---------------------------------------------------------------- list
export async function renderActionList(root: HTMLElement, _p: string[], query: URLSearchParams): Promise<string> {
  const title = t('actions.title');
  const q = query.get('q') ?? '';
  const status = query.get('status') ?? '';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);

  root.append(pageHeader(title, canEdit() ? linkButton('#/actions/new', t('actions.new')) : null));

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('actions.search') },
    field({ name: 'q', label: t('actions.searchLabel'), type: 'search', value: q }),
    field({
      name: 'status',
      label: t('actions.statusFilter'),
      value: status,
      options: [{ value: '', label: t('actions.allStatuses') }, ...ACTION_STATUSES.map((s) => ({ value: s, label: tv('status', s) }))],
    }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('actions.filter'))),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const p = new URLSearchParams();
    if (str(fd, 'q')) p.set('q', str(fd, 'q'));
    if (str(fd, 'status')) p.set('status', str(fd, 'status'));
    const qs = p.toString();
    navigate(`#/actions${qs ? `?${qs}` : ''}`);
  });
  root.append(form);

  const results = h('div', { 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  root.append(results);

  const params = new URLSearchParams({ q, status, limit: String(PAGE_SIZE), offset: String(offset) });
  try {
    const [page, refs] = await Promise.all([api.get<{ items: Action[]; total: number }>(`actions?${params.toString()}`), loadRefs()]);
    results.removeAttribute('aria-busy');
    clear(results);
    const objById = new Map(refs.objectives.map((o) => [o.id, o]));
    const summary =
      page.total === 0
        ? t('actions.noResults')
        : t('actions.results', { from: offset + 1, to: offset + page.items.length, total: page.total });
    results.append(h('p', { class: 'results-count', role: 'status' }, summary));
    if (page.items.length) {
      results.append(
        table(
          title,
          [
            { label: t('common.title'), cell: (a) => h('a', { href: `#/actions/${a.id}` }, a.title), header: true },
            { label: t('common.status'), cell: (a) => statusBadge(a.status) },
            { label: t('actions.objective'), cell: (a) => (a.objective_id != null ? (objById.get(a.objective_id)?.code ?? '') : '') },
            { label: t('actions.owner'), cell: (a) => a.owner_direction },
            { label: t('common.territory'), cell: (a) => a.territory },
            { label: t('actions.period'), cell: (a) => periodText(a) },
          ],
          page.items,
          { captionHidden: true },
        ),
      );
    }
    if (page.total > PAGE_SIZE) {
      const link = (off: number) => {
        const p = new URLSearchParams();
        if (q) p.set('q', q);
        if (status) p.set('status', status);
        p.set('offset', String(off));
        return `#/actions?${p.toString()}`;
      };
      results.append(
        h(
          'nav',
          { class: 'pagination', 'aria-label': t('actions.pagination') },
          offset > 0
            ? h('a', { href: link(Math.max(0, offset - PAGE_SIZE)), class: 'btn btn-secondary', rel: 'prev' }, t('actions.prev'))
            : null,
          offset + PAGE_SIZE < page.total
            ? h('a', { href: link(offset + PAGE_SIZE), class: 'btn btn-secondary', rel: 'next' }, t('actions.next'))
            : null,
        ),
      );
    }
  } catch (err) {
    loadError(results, err);
  }
  return title;
}

function periodText(a: Action): string {
  if (!a.start_date && !a.end_date) return '';
  return `${date(a.start_date) || '…'} → ${date(a.end_date) || '…'}`;
}

// ---------------------------------------------------------------- create / edit
export async function renderActionForm(root: HTMLElement, id: number | null): Promise<string> {
  const title = id == null ? t('actions.createTitle') : t('actions.editTitle');
  root.append(
    h(
      'p',
      { class: 'breadcrumb' },
      h('a', { href: id == null ? '#/actions' : `#/actions/${id}` }, `← ${id == null ? t('actions.back') : t('form.cancel')}`),
    ),
  );
  root.append(pageHeader(title));
  const box = h('div', {}, h('p', {}, t('app.loading')));
  root.append(box);
  let action: ActionDetail | null = null;
  let refs: { objectives: Objective[]; orgs: Organisation[] };
  let territory: TerritoryChoices | null;
  try {
    [action, refs, territory] = await Promise.all([
      id == null ? Promise.resolve(null) : api.get<ActionDetail>(`actions/${id}`),
      loadRefs(),
      loadTerritory(),
    ]);
  } catch (err) {
    loadError(box, err);
    return title;
  }
  clear(box);
  const a = action;
  const form = h(
    'form',
    { class: 'card form-grid' },
    h('p', { class: 'hint span-all' }, t('form.requiredHint')),
    h(
      'div',
      { class: 'span-all' },
      field({ name: 'title', label: t('common.title'), required: true, value: a?.title, attrs: { maxlength: 300 } }),
    ),
    field({
      name: 'objective_id',
      label: t('actions.objective'),
      value: a?.objective_id != null ? String(a.objective_id) : '',
      options: [
        { value: '', label: t('form.none') },
        ...refs.objectives.map((o) => ({ value: String(o.id), label: `${o.code} – ${o.title}` })),
      ],
    }),
    field({
      name: 'status',
      label: t('common.status'),
      required: true,
      value: a?.status ?? 'proposee',
      options: ACTION_STATUSES.map((s) => ({ value: s, label: tv('status', s) })),
    }),
    field({ name: 'owner_direction', label: t('actions.owner'), required: true, value: a?.owner_direction }),
    field({ name: 'territory', label: t('common.territory'), value: a?.territory }),
    h(
      'div',
      { class: 'span-all' },
      field({ name: 'publics', label: t('actions.publics'), hint: t('actions.publicsHint'), value: a ? publicsText(a.publics) : '' }),
    ),
    field({ name: 'start_date', label: t('actions.start'), type: 'date', value: dateInput(a?.start_date) }),
    field({ name: 'end_date', label: t('actions.end'), type: 'date', value: dateInput(a?.end_date) }),
    territory
      ? field({
          name: 'scenario',
          label: t('actions.scenario'),
          hint: t('actions.scenarioHint'),
          value: a?.scenario ?? '',
          options: [
            { value: '', label: t('form.none') },
            ...territory.scenarios.filter((sc) => sc.id !== 'baseline').map((sc) => ({ value: sc.id, label: sc.name || sc.id })),
          ],
        })
      : null,
    h(
      'div',
      { class: 'span-all' },
      checkboxGroup(
        'partner_ids',
        t('actions.partners'),
        refs.orgs.map((o) => ({ value: String(o.id), label: `${o.name} (${tv('orgtype', o.type)})` })),
        new Set((a?.partner_ids ?? []).map(String)),
        t('actions.noPartners'),
      ),
    ),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, id == null ? t('form.create') : t('form.save')),
      h('a', { href: id == null ? '#/actions' : `#/actions/${id}`, class: 'btn btn-secondary' }, t('form.cancel')),
    ),
  );
  onSubmit(form, async (fd) => {
    const obj = str(fd, 'objective_id');
    const body = {
      title: str(fd, 'title'),
      objective_id: obj === '' ? null : Number(obj),
      owner_direction: str(fd, 'owner_direction'),
      status: str(fd, 'status'),
      publics: str(fd, 'publics'),
      territory: str(fd, 'territory'),
      start_date: nullableDate(fd, 'start_date'),
      end_date: nullableDate(fd, 'end_date'),
      partner_ids: ids(fd, 'partner_ids'),
      // Without a territory the select is absent: the action keeps its scenario.
      scenario: fd.has('scenario') ? str(fd, 'scenario') || null : (a?.scenario ?? null),
    };
    if (id == null) {
      const created = await api.post<Action>('actions', body);
      announce(t('actions.created'));
      navigate(`#/actions/${created.id}`);
    } else {
      await api.put<Action>(`actions/${id}`, body);
      announce(t('actions.updated'));
      navigate(`#/actions/${id}`);
    }
  });
  box.append(form);
  return title;
}

// ---------------------------------------------------------------- detail
export async function renderActionDetail(root: HTMLElement, id: number): Promise<string> {
  root.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/actions' }, `← ${t('actions.back')}`)));
  let a: ActionDetail;
  let refs: { objectives: Objective[]; orgs: Organisation[] };
  let territory: TerritoryChoices | null;
  try {
    [a, refs, territory] = await Promise.all([api.get<ActionDetail>(`actions/${id}`), loadRefs(), loadTerritory()]);
  } catch (err) {
    root.append(pageHeader(t('actions.title')));
    const box = h('div');
    root.append(box);
    loadError(box, err);
    return t('actions.title');
  }
  const editable = canEdit();
  const objective = a.objective_id != null ? refs.objectives.find((o) => o.id === a.objective_id) : undefined;
  const orgById = new Map(refs.orgs.map((o) => [o.id, o]));

  const deleteBtn = editable
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-danger',
          onclick: async () => {
            if (!window.confirm(t('form.confirmDelete', { name: a.title }))) return;
            try {
              await api.del(`actions/${id}`);
              announce(t('actions.deleted'));
              navigate('#/actions');
            } catch (err) {
              announce(errorMessage(err), 'error');
            }
          },
        },
        t('form.delete'),
      )
    : null;
  root.append(pageHeader(a.title, editable ? linkButton(`#/actions/${id}/edit`, t('form.edit')) : null, deleteBtn));
  if (a.from_call) {
    root.append(
      h('p', { class: 'notice' }, t('actions.fromCall'), ' ', h('a', { href: `#/calls/${a.from_call.call_id}` }, a.from_call.call_title)),
    );
  }

  const dl = h(
    'dl',
    { class: 'details' },
    h('dt', {}, t('common.status')),
    h('dd', {}, statusBadge(a.status)),
    h('dt', {}, t('actions.objective')),
    h('dd', {}, objective ? `${objective.code} – ${objective.title}` : t('form.none')),
    h('dt', {}, t('actions.owner')),
    h('dd', {}, a.owner_direction || '—'),
    h('dt', {}, t('actions.publics')),
    h('dd', {}, publicsText(a.publics) || '—'),
    h('dt', {}, t('common.territory')),
    h('dd', {}, a.territory || '—'),
    h('dt', {}, t('actions.period')),
    h('dd', {}, periodText(a) || '—'),
    a.scenario
      ? [h('dt', {}, t('actions.scenario')), h('dd', {}, territory?.scenarios.find((sc) => sc.id === a.scenario)?.name ?? a.scenario)]
      : null,
    h('dt', {}, t('actions.partners')),
    h(
      'dd',
      {},
      a.partner_ids.length
        ? h(
            'ul',
            { class: 'inline-list' },
            a.partner_ids.map((pid) => h('li', {}, orgById.get(pid)?.name ?? `#${pid}`)),
          )
        : '—',
    ),
  );
  root.append(h('section', { class: 'card', 'aria-labelledby': 'sec-details' }, h('h2', { id: 'sec-details' }, t('actions.details')), dl));

  const linesSection = h('section', { class: 'card', 'aria-labelledby': 'sec-lines' });
  root.append(linesSection);
  renderLines(linesSection, id, a.budget_lines, editable);
  if (a.scenario && territory) {
    const effect = h('section', { class: 'card', 'aria-labelledby': 'sec-effect' });
    root.append(effect);
    renderEffect(effect, territory, a.scenario);
  }
  return a.title;
}

// ---------------------------------------------------------------- expected effect (scenario vs baseline)
interface EffectRow {
  label: string;
  gainers: number | null;
  share: number | null;
  change: number | null;
  state: string;
}

const kPollMs = 1000;

/** One access job per public for the action's scenario, polled until done; its difference from the baseline. */
async function runJob(params: Record<string, string>, onProgress: (p: number) => void): Promise<AnalysisJob> {
  let job = await api.post<AnalysisJob>('analysis/jobs', { kind: 'access', ...params });
  while (job.status === 'queued' || job.status === 'running') {
    onProgress(job.progress ?? 0);
    await new Promise((r) => setTimeout(r, kPollMs));
    job = await api.get<AnalysisJob>(`analysis/jobs/${job.id}`);
  }
  return job;
}

function renderEffect(section: HTMLElement, territory: TerritoryChoices, scenario: string): void {
  const name = territory.scenarios.find((sc) => sc.id === scenario)?.name ?? scenario;
  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('actions.effect') },
    field({
      name: 'category',
      label: t('actions.effectCategory'),
      value: territory.categories[0]?.code,
      options: territory.categories.map((c) => ({ value: c.code, label: c.label || c.code })),
    }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-secondary' }, t('actions.effectRun'))),
  );
  const results = h('div', { class: 'effect-results' });
  section.append(
    h('h2', { id: 'sec-effect' }, t('actions.effect')),
    h('p', {}, t('actions.effectIntro', { scenario: name })),
    form,
    results,
  );
  let run = 0;
  const start = (category: string) => {
    const mine = ++run;
    const rows: EffectRow[] = territory.publics.map((p) => ({
      label: p.label || p.name,
      gainers: null,
      share: null,
      change: null,
      state: t('actions.effectRunning', { percent: 0 }),
    }));
    const draw = () => {
      if (mine !== run) return;
      clear(results);
      results.append(
        table(
          t('actions.effect'),
          [
            { label: t('actions.effectPublic'), cell: (r: EffectRow) => r.label, header: true },
            { label: t('actions.effectGainers'), cell: (r: EffectRow) => (r.gainers != null ? number(r.gainers) : r.state), numeric: true },
            {
              label: t('actions.effectShare'),
              cell: (r: EffectRow) => (r.share != null ? `${number(100 * r.share)} %` : ''),
              numeric: true,
            },
            { label: t('actions.effectMeanChange'), cell: (r: EffectRow) => (r.change != null ? signed(r.change) : ''), numeric: true },
          ],
          rows,
          { captionHidden: true },
        ),
      );
    };
    draw();
    results.setAttribute('aria-busy', 'true');
    const jobs = territory.publics.map(async (p, i) => {
      const row = rows[i];
      try {
        const job = await runJob({ public: p.name, category, scenario }, (progress) => {
          row.state = t('actions.effectRunning', { percent: Math.round(100 * progress) });
          draw();
        });
        if (job.status !== 'done') throw new Error(job.error ?? job.status);
        const d = job.result?.difference;
        row.gainers = d?.gainers ?? 0;
        row.share = d?.gainers_share ?? null;
        row.change = d?.mean_change_min ?? null;
      } catch (err) {
        row.state = t('actions.effectFailed', {
          error: err instanceof Error && !(err as { status?: number }).status ? err.message : errorMessage(err),
        });
      }
      draw();
    });
    void Promise.all(jobs).then(() => {
      if (mine !== run) return;
      results.removeAttribute('aria-busy');
      announce(t('actions.effectDone'));
    });
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    start(str(new FormData(form), 'category'));
  });
  if (territory.categories.length) start(territory.categories[0].code);
}

function renderLines(section: HTMLElement, actionId: number, lines: BudgetLine[], editable: boolean): void {
  clear(section);
  section.append(h('h2', { id: 'sec-lines' }, t('actions.budgetLines')));
  const sorted = [...lines].sort((x, y) => x.year - y.year || x.direction.localeCompare(y.direction));
  const sum = (k: 'planned' | 'voted' | 'spent') => sorted.reduce((s, l) => s + Number(l[k] ?? 0), 0);

  const reload = async (msg: string) => {
    const fresh = await api.get<ActionDetail>(`actions/${actionId}`);
    renderLines(section, actionId, fresh.budget_lines, editable);
    announce(msg);
    section.querySelector<HTMLElement>('.line-form-box h3')?.focus();
  };

  const formBox = h('div', { class: 'line-form-box' });
  const showForm = (line: BudgetLine | null) => {
    clear(formBox);
    formBox.append(lineForm(actionId, line, reload, () => showForm(null)));
    if (line) formBox.querySelector<HTMLElement>('h3')?.focus();
  };

  const columns: Column<BudgetLine>[] = [
    { label: t('common.year'), cell: (l: BudgetLine) => String(l.year), header: true },
    { label: t('common.direction'), cell: (l: BudgetLine) => l.direction },
    { label: t('common.nature'), cell: (l: BudgetLine) => tv('nature', l.nature) },
    { label: t('common.planned'), cell: (l: BudgetLine) => euros(l.planned), numeric: true },
    { label: t('common.voted'), cell: (l: BudgetLine) => euros(l.voted), numeric: true },
    { label: t('common.spent'), cell: (l: BudgetLine) => euros(l.spent), numeric: true },
  ];
  if (editable) {
    columns.push({
      label: t('common.actions'),
      cell: (l: BudgetLine) => {
        const name = t('actions.lineName', { year: l.year, direction: l.direction });
        return h(
          'div',
          { class: 'row-actions' },
          h(
            'button',
            { type: 'button', class: 'btn btn-small btn-secondary', 'aria-label': `${t('form.edit')} ${name}`, onclick: () => showForm(l) },
            t('form.edit'),
          ),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-small btn-danger',
              'aria-label': `${t('form.delete')} ${name}`,
              onclick: async () => {
                if (!window.confirm(t('form.confirmDelete', { name }))) return;
                try {
                  await api.del(`budget-lines/${l.id}`);
                  await reload(t('actions.lineDeleted'));
                } catch (err) {
                  announce(errorMessage(err), 'error');
                }
              },
            },
            t('form.delete'),
          ),
        );
      },
    });
  }
  const footer = [
    h('th', { scope: 'row', colspan: 3 }, t('common.total')),
    h('td', { class: 'num' }, euros(sum('planned'))),
    h('td', { class: 'num' }, euros(sum('voted'))),
    h('td', { class: 'num' }, euros(sum('spent'))),
    editable ? h('td') : null,
  ];
  section.append(table(t('actions.budgetLines'), columns, sorted, { captionHidden: true, footer, emptyText: t('actions.noLines') }));
  if (editable) {
    section.append(formBox);
    showForm(null);
  }
}

function lineForm(actionId: number, line: BudgetLine | null, reload: (msg: string) => Promise<void>, reset: () => void): HTMLElement {
  const heading = line ? t('actions.editLine') : t('actions.addLine');
  const amount = (name: string, label: string, v: number | undefined) =>
    field({
      name,
      label,
      type: 'number',
      required: true,
      value: v ?? 0,
      hint: t('actions.amountHint'),
      attrs: { min: 0, step: '0.01', inputmode: 'decimal' },
    });
  const form = h(
    'form',
    { class: 'form-grid line-form', 'aria-label': heading },
    field({
      name: 'year',
      label: t('common.year'),
      type: 'number',
      required: true,
      value: line?.year ?? new Date().getFullYear(),
      attrs: { min: 2000, max: 2100, step: 1 },
    }),
    field({ name: 'direction', label: t('common.direction'), required: true, value: line?.direction }),
    field({
      name: 'nature',
      label: t('common.nature'),
      required: true,
      value: line?.nature ?? 'fonctionnement',
      options: NATURES.map((n) => ({ value: n, label: tv('nature', n) })),
    }),
    amount('planned', t('common.planned'), line?.planned),
    amount('voted', t('common.voted'), line?.voted),
    amount('spent', t('common.spent'), line?.spent),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, line ? t('form.save') : t('actions.addLine')),
      line ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: reset }, t('form.cancel')) : null,
    ),
  );
  onSubmit(form, async (fd) => {
    const body = {
      year: num(fd, 'year'),
      direction: str(fd, 'direction'),
      nature: str(fd, 'nature'),
      planned: num(fd, 'planned'),
      voted: num(fd, 'voted'),
      spent: num(fd, 'spent'),
    };
    if (line) {
      await api.put(`budget-lines/${line.id}`, body);
      await reload(t('actions.lineUpdated'));
    } else {
      await api.post(`actions/${actionId}/budget-lines`, body);
      await reload(t('actions.lineAdded'));
    }
  });
  return h('div', {}, h('h3', { tabindex: -1 }, heading), form);
}
