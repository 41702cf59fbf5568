import {
  api,
  canEdit,
  loadTerritory,
  ANALYSIS_MEASURES,
  type Indicator,
  type IndicatorAnalysis,
  type IndicatorValue,
  type Objective,
  type Provenance,
  type TerritoryChoices,
} from '../api';
import { h, clear } from '../dom';
import { t, type Key } from '../i18n';
import { date, number } from '../format';
import { announce, errorMessage, field, onSubmit, str, num, nullableNum, table, pageHeader, loadError, type Column } from '../ui';
import { paragraphs } from './meetings';
import { confirmDelete, deleteButton, editDeleteTools, focusId } from '../edit';

type ChartLike = { destroy: () => void };
let charts: ChartLike[] = [];

function withUnit(v: number | null, unit: string): string {
  if (v == null) return '—';
  return unit ? `${number(v)} ${unit}` : number(v);
}

function measureLabel(m: string): string {
  return t(`indicators.measure.${m}` as Key);
}

/** "Alimenté par une analyse": the analysis feeding the indicator, choices from the loaded territory. */
function analysisFieldset(territory: TerritoryChoices, a: IndicatorAnalysis | null | undefined): HTMLElement {
  return h(
    'fieldset',
    { class: 'form-grid span-all analysis-source' },
    h('legend', {}, t('indicators.analysis')),
    h('p', { class: 'hint span-all' }, t('indicators.analysisHint')),
    field({
      name: 'analysis_measure',
      label: t('indicators.analysisMeasure'),
      value: a?.measure ?? '',
      options: [{ value: '', label: measureLabel('none') }, ...ANALYSIS_MEASURES.map((m) => ({ value: m, label: measureLabel(m) }))],
    }),
    field({
      name: 'analysis_public',
      label: t('indicators.analysisPublic'),
      value: a?.public,
      options: territory.publics.map((p) => ({ value: p.name, label: p.label || p.name })),
    }),
    field({
      name: 'analysis_category',
      label: t('indicators.analysisCategory'),
      value: a?.category,
      options: territory.categories.map((c) => ({ value: c.code, label: c.label || c.code })),
    }),
    field({
      name: 'analysis_cutoff',
      label: t('indicators.analysisCutoff'),
      hint: t('indicators.analysisCutoffHint'),
      type: 'number',
      value: a?.cutoff ?? 30,
      attrs: { min: 1, max: 120, step: 1 },
    }),
    field({
      name: 'analysis_scenario',
      label: t('indicators.analysisScenario'),
      value: a?.scenario ?? 'baseline',
      options: territory.scenarios.map((sc) => ({ value: sc.id, label: sc.name || sc.id })),
    }),
  );
}

/** The indicator's analysis from the form; undefined when the form has no such section (no territory: keep it). */
function analysisBody(fd: FormData): IndicatorAnalysis | null | undefined {
  if (!fd.has('analysis_measure')) return undefined;
  const measure = str(fd, 'analysis_measure');
  if (measure === '') return null;
  const a: IndicatorAnalysis = {
    public: str(fd, 'analysis_public'),
    category: str(fd, 'analysis_category'),
    measure: measure as IndicatorAnalysis['measure'],
    scenario: str(fd, 'analysis_scenario') || 'baseline',
  };
  const cutoff = nullableNum(fd, 'analysis_cutoff');
  if (cutoff != null) a.cutoff = cutoff;
  return a;
}

/** A value's provenance (inputs and their dates, parameters, network fingerprint, version, date). */
function provenanceDetails(v: IndicatorValue): HTMLElement | string {
  const p: Provenance | null | undefined = v.provenance;
  if (!p) return t('indicators.provManual');
  const params = Object.entries(p.parameters ?? {}).map(([k, x]) => `${k} = ${typeof x === 'string' ? x : JSON.stringify(x)}`);
  const analysis = [
    p.measure ? measureLabel(p.measure) : '',
    p.cutoff != null ? `${p.cutoff} min` : '',
    p.public ?? '',
    p.category ?? '',
    p.scenario ?? '',
  ]
    .filter((x) => x !== '')
    .join(' · ');
  return h(
    'details',
    { class: 'provenance' },
    h('summary', { 'aria-label': t('indicators.provenanceOf', { date: date(v.measured_on) }) }, t('indicators.provenance')),
    h(
      'dl',
      { class: 'details small' },
      analysis ? [h('dt', {}, t('indicators.analysis')), h('dd', {}, analysis)] : null,
      h('dt', {}, t('indicators.provInputs')),
      h(
        'dd',
        {},
        h(
          'ul',
          {},
          (p.inputs ?? []).map((i) => h('li', {}, `${i.file} (${i.modified})`)),
        ),
      ),
      h('dt', {}, t('indicators.provParameters')),
      h(
        'dd',
        {},
        params.length
          ? h(
              'ul',
              {},
              params.map((x) => h('li', {}, x)),
            )
          : '—',
      ),
      h('dt', {}, t('indicators.provFingerprint')),
      h('dd', {}, h('code', {}, p.fingerprint ?? '—')),
      h('dt', {}, t('indicators.provVersion')),
      h('dd', {}, p.version ?? '—'),
      h('dt', {}, t('indicators.provComputed')),
      h('dd', {}, p.computed_at ?? '—'),
    ),
  );
}

/** The fields of an indicator, empty (creation) or filled with `ind` (correction). */
function indicatorForm(
  objectives: Objective[],
  ind: Indicator | null,
  label: string,
  onCancel?: () => void,
  territory: TerritoryChoices | null = null,
): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'aria-label': label },
    h('p', { class: 'hint span-all' }, t('form.requiredHint')),
    h(
      'div',
      { class: 'span-2' },
      field({ name: 'name', label: t('indicators.name'), required: true, value: ind?.name, attrs: { maxlength: 300 } }),
    ),
    field({
      name: 'objective_id',
      label: t('indicators.objective'),
      value: ind?.objective_id != null ? String(ind.objective_id) : '',
      options: [{ value: '', label: t('form.none') }, ...objectives.map((o) => ({ value: String(o.id), label: `${o.code} – ${o.title}` }))],
    }),
    h(
      'div',
      { class: 'span-all' },
      field({ name: 'definition', label: t('indicators.definition'), textarea: true, value: ind?.definition }),
    ),
    field({ name: 'unit', label: t('indicators.unit'), hint: t('indicators.unitHint'), value: ind?.unit, attrs: { maxlength: 50 } }),
    field({
      name: 'baseline',
      label: t('indicators.baseline'),
      type: 'number',
      value: ind?.baseline,
      attrs: { step: 'any', inputmode: 'decimal' },
    }),
    field({
      name: 'target',
      label: t('indicators.target'),
      type: 'number',
      value: ind?.target,
      attrs: { step: 'any', inputmode: 'decimal' },
    }),
    territory ? analysisFieldset(territory, ind?.analysis) : null,
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, ind ? t('form.save') : t('form.create')),
      onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, t('form.cancel')) : null,
    ),
  );
}

function indicatorBody(fd: FormData) {
  const obj = str(fd, 'objective_id');
  const analysis = analysisBody(fd);
  return {
    ...(analysis === undefined ? {} : { analysis }),
    objective_id: obj === '' ? null : Number(obj),
    name: str(fd, 'name'),
    definition: str(fd, 'definition'),
    unit: str(fd, 'unit'),
    baseline: nullableNum(fd, 'baseline'),
    target: nullableNum(fd, 'target'),
  };
}

export async function renderIndicators(root: HTMLElement): Promise<string> {
  const title = t('indicators.title');
  root.append(pageHeader(title), h('p', {}, t('indicators.intro')));
  const list = h('div', { class: 'indicators' }, h('p', {}, t('app.loading')));
  root.append(list);
  const editable = canEdit();
  const objectives = await api.get<Objective[]>('objectives').catch(() => [] as Objective[]);
  const objById = new Map(objectives.map((o) => [o.id, o]));
  // The analysis section and "Recalculer" exist only when the server has a territory (409 otherwise).
  const territory = editable ? await loadTerritory() : null;

  const refresh = async (focusOn?: number) => {
    let items: Indicator[];
    try {
      items = await api.get<Indicator[]>('indicators');
    } catch (err) {
      loadError(list, err);
      return;
    }
    for (const c of charts) c.destroy();
    charts = [];
    clear(list);
    if (!items.length) list.append(h('p', { class: 'empty' }, t('indicators.none')));
    for (const ind of items) list.append(card(ind));
    if (focusOn != null) focusId(`ind-${focusOn}`);
  };

  const valueColumns = (ind: Indicator): Column<IndicatorValue>[] => {
    const columns: Column<IndicatorValue>[] = [
      { label: t('indicators.measuredOn'), cell: (v: IndicatorValue) => date(v.measured_on), header: true },
      {
        label: ind.unit ? `${t('indicators.value')} (${ind.unit})` : t('indicators.value'),
        cell: (v: IndicatorValue) => number(v.value),
        numeric: true,
      },
    ];
    if (ind.analysis || ind.values.some((v) => v.provenance)) {
      columns.push({ label: t('indicators.provenance'), cell: (v: IndicatorValue) => provenanceDetails(v) });
    }
    if (editable) {
      columns.push({
        label: t('common.actions'),
        cell: (v: IndicatorValue) =>
          deleteButton(t('indicators.deleteValue', { date: date(v.measured_on), name: ind.name }), () => void removeValue(ind, v)),
      });
    }
    return columns;
  };

  const removeValue = async (ind: Indicator, v: IndicatorValue) => {
    const name = `${date(v.measured_on)} : ${withUnit(v.value, ind.unit)}`;
    const question = t('indicators.confirmDeleteValue', { date: date(v.measured_on), value: withUnit(v.value, ind.unit), name: ind.name });
    if (!(await confirmDelete({ name, path: `indicator-values/${v.id}`, question }))) return;
    await refresh(ind.id);
    announce(t('indicators.valueDeleted'));
  };

  const removeIndicator = async (ind: Indicator) => {
    const question = t('indicators.confirmDelete', { name: ind.name });
    if (!(await confirmDelete({ name: ind.name, path: `indicators/${ind.id}`, question }))) return;
    await refresh();
    announce(t('indicators.deleted'));
    focusId('page-title');
  };

  const card = (ind: Indicator): HTMLElement => {
    const headingId = `ind-${ind.id}`;
    const values = [...ind.values].sort((a, b) => a.measured_on.localeCompare(b.measured_on) || a.id - b.id);
    const objective = ind.objective_id != null ? objById.get(ind.objective_id) : undefined;
    const last = values.length ? values[values.length - 1] : null;
    const canvas = h('canvas', { role: 'img', 'aria-label': t('indicators.chartLabel', { name: ind.name }) });
    const section = h(
      'section',
      { class: 'card indicator', 'aria-labelledby': headingId },
      h('h2', { id: headingId, tabindex: -1 }, ind.name),
      ind.definition ? paragraphs(ind.definition) : null,
      ind.analysis
        ? h(
            'p',
            { class: 'hint analysis-fed' },
            t('indicators.fedBy', {
              measure:
                measureLabel(ind.analysis.measure) +
                (ind.analysis.cutoff != null && ind.analysis.measure === 'share_within' ? ` (${ind.analysis.cutoff} min)` : ''),
              public: ind.analysis.public,
              category: ind.analysis.category,
              scenario: ind.analysis.scenario ?? 'baseline',
            }),
          )
        : null,
      h(
        'dl',
        { class: 'totals' },
        h(
          'div',
          {},
          h('dt', {}, t('indicators.objective')),
          h('dd', { class: 'small' }, objective ? `${objective.code} – ${objective.title}` : t('form.none')),
        ),
        h('div', {}, h('dt', {}, t('indicators.baseline')), h('dd', {}, withUnit(ind.baseline, ind.unit))),
        h('div', {}, h('dt', {}, t('indicators.target')), h('dd', {}, withUnit(ind.target, ind.unit))),
        h('div', {}, h('dt', {}, t('indicators.latest')), h('dd', {}, last ? withUnit(last.value, ind.unit) : '—')),
      ),
      values.length ? h('div', { class: 'chart-box' }, canvas) : null,
      table(t('indicators.valuesOf', { name: ind.name }), valueColumns(ind), values, { emptyText: t('indicators.noValues') }),
    );
    if (editable) {
      // Correction of the indicator, opened in place under its title; deletion with its measures.
      const editBox = h('div', { hidden: true });
      const tools = editDeleteTools({
        editLabel: t('indicators.edit', { name: ind.name }),
        deleteLabel: t('indicators.delete', { name: ind.name }),
        onEdit: () => {
          const open = editBox.hidden;
          editBox.hidden = !open;
          editButton.setAttribute('aria-expanded', String(open));
          clear(editBox);
          if (!open) return;
          const label = t('indicators.edit', { name: ind.name });
          const form = indicatorForm(
            objectives,
            ind,
            label,
            () => {
              editBox.hidden = true;
              clear(editBox);
              editButton.setAttribute('aria-expanded', 'false');
              editButton.focus();
            },
            territory,
          );
          onSubmit(form, async (fd) => {
            await api.put(`indicators/${ind.id}`, indicatorBody(fd));
            await refresh(ind.id);
            announce(t('indicators.updated'));
          });
          editBox.append(h('div', { class: 'subform' }, h('h3', {}, label), form));
          form.querySelector<HTMLElement>('input')?.focus();
        },
        onDelete: () => void removeIndicator(ind),
      });
      const editButton = tools.querySelector('button') as HTMLButtonElement;
      editButton.setAttribute('aria-expanded', 'false');
      section.querySelector('h2')?.insertAdjacentElement('afterend', tools);
      tools.insertAdjacentElement('afterend', editBox);
    }
    if (editable) {
      const label = t('indicators.addValueTo', { name: ind.name });
      const form = h(
        'form',
        { class: 'form-grid line-form', 'aria-label': label },
        field({ name: 'measured_on', label: t('indicators.measuredOn'), type: 'date', required: true }),
        field({
          name: 'value',
          label: ind.unit ? `${t('indicators.value')} (${ind.unit})` : t('indicators.value'),
          type: 'number',
          required: true,
          attrs: { step: 'any', inputmode: 'decimal' },
        }),
        h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn', 'aria-label': label }, t('indicators.addValue'))),
      );
      onSubmit(form, async (fd) => {
        await api.post(`indicators/${ind.id}/values`, { measured_on: str(fd, 'measured_on'), value: num(fd, 'value') });
        await refresh(ind.id);
        announce(t('indicators.valueAdded'));
      });
      section.append(form);
      if (ind.analysis && territory) {
        const recompute = h(
          'button',
          { type: 'button', class: 'btn btn-secondary', 'aria-label': t('indicators.recomputeLabel', { name: ind.name }) },
          t('indicators.recompute'),
        );
        recompute.addEventListener('click', async () => {
          recompute.disabled = true;
          recompute.setAttribute('aria-busy', 'true');
          try {
            const v = await api.post<IndicatorValue>(`indicators/${ind.id}/recompute`, {});
            await refresh(ind.id);
            announce(t('indicators.recomputed', { value: withUnit(v.value, ind.unit) }));
          } catch (err) {
            recompute.disabled = false;
            recompute.removeAttribute('aria-busy');
            announce(errorMessage(err), 'error');
          }
        });
        section.append(h('div', { class: 'form-actions' }, recompute));
      }
    }
    if (values.length) void drawChart(canvas, ind, values);
    return section;
  };

  await refresh();

  if (editable) {
    const form = indicatorForm(objectives, null, t('indicators.new'), undefined, territory);
    onSubmit(form, async (fd) => {
      const created = await api.post<Indicator>('indicators', indicatorBody(fd));
      form.reset();
      await refresh(created?.id);
      announce(t('indicators.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'ind-new' }, h('h2', { id: 'ind-new' }, t('indicators.new')), form));
  }
  return title;
}

async function drawChart(canvas: HTMLCanvasElement, ind: Indicator, values: IndicatorValue[]): Promise<void> {
  const { Chart, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip } = await import('chart.js');
  Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);
  if (!canvas.isConnected) return;
  const labels = values.map((v) => date(v.measured_on));
  const flat = (v: number) => labels.map(() => v);
  const unit = ind.unit ? ` ${ind.unit}` : '';
  const datasets = [
    {
      label: ind.name,
      data: values.map((v) => v.value),
      borderColor: '#000091',
      backgroundColor: '#000091',
      pointRadius: 4,
      borderWidth: 2,
      borderDash: [] as number[],
      pointStyle: 'circle',
    },
  ];
  if (ind.baseline != null) {
    datasets.push({
      label: t('indicators.baseline'),
      data: flat(ind.baseline),
      borderColor: '#4a4a4a',
      backgroundColor: '#4a4a4a',
      pointRadius: 0,
      borderWidth: 2,
      borderDash: [6, 4],
      pointStyle: 'line',
    });
  }
  if (ind.target != null) {
    datasets.push({
      label: t('indicators.target'),
      data: flat(ind.target),
      borderColor: '#18753c',
      backgroundColor: '#18753c',
      pointRadius: 0,
      borderWidth: 2,
      borderDash: [2, 3],
      pointStyle: 'line',
    });
  }
  const chart = new Chart(canvas, {
    type: 'line',
    data: { labels, datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom', labels: { color: '#161616', usePointStyle: true } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''} : ${number(c.parsed.y ?? 0)}${unit}` } },
      },
      scales: {
        x: { ticks: { color: '#161616' } },
        y: { grace: '10%', ticks: { color: '#161616', callback: (v) => `${number(Number(v))}${unit}` } },
      },
    },
  });
  charts.push(chart);
}
