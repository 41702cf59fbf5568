// Benchmarking ("parangonnage"): other territories' solidarity mobility plans with their measures,
// compared side by side with ours by public (a table and an XLSX export); a measure of another plan
// can be turned into a proposal of ours (a proposed action).
import { api, type BenchmarkMeasure, type BenchmarkPlan, canEdit } from '../api';
import { crudSection } from '../crud';
import { clear, h } from '../dom';
import { euros, number } from '../format';
import { RECORDS } from '../generated/records';
import { t } from '../i18n';
import { announce, type Column, downloadLink, errorMessage, loadError, pageHeader, table } from '../ui';

interface ComparedPlan {
  id: number | null;
  territory: string;
  title: string;
  period: string;
  budget: number;
  measures: number;
  measures_budget: number;
}
interface Comparison {
  plans: ComparedPlan[];
  publics: { public: string; per_plan: string[][] }[];
}

export async function renderBenchmark(root: HTMLElement): Promise<string> {
  const title = t('benchmark.title');
  root.append(pageHeader(title), h('p', {}, t('benchmark.intro')));
  const plansCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'bplans-title' },
    h('h2', { id: 'bplans-title' }, t('benchmark.plans')),
  );
  const measuresCard = h('section', { class: 'card', 'aria-labelledby': 'bmeasures-title' });
  const comparisonCard = h('section', { class: 'card', 'aria-labelledby': 'bcompare-title' });
  root.append(plansCard, measuresCard, comparisonCard);
  let plans: BenchmarkPlan[] = [];
  let ready = false;
  let loadingMeasures = false; // the comparison follows a change of a measure, not their first load

  /** Each plan's measures, with the button that turns one into a proposal of ours. */
  async function renderMeasures(): Promise<void> {
    clear(measuresCard);
    measuresCard.append(h('h2', { id: 'bmeasures-title' }, t('benchmark.measures')));
    loadingMeasures = true;
    for (const p of plans) {
      const block = h('div', { class: 'contacts-org' }, h('h3', {}, `${p.territory} — ${p.title}`));
      measuresCard.append(block);
      await crudSection<BenchmarkMeasure>(block, {
        spec: RECORDS.benchmark_measure,
        parentId: p.id,
        idPrefix: `bm-${p.id}`,
        caption: t('benchmark.measuresOf', { plan: p.title }),
        fields: [
          { name: 'title', label: t('common.title'), span: 'span-2' },
          { name: 'publics', label: t('benchmark.publics'), hint: t('benchmark.publicsHint') },
          { name: 'budget', label: t('benchmark.budget') },
          { name: 'indicator', label: t('benchmark.indicator') },
          { name: 'description', label: t('common.description'), textarea: true, span: 'span-all' },
        ],
        columns: [
          { label: t('common.title'), header: true, cell: (m) => m.title },
          { label: t('benchmark.publics'), cell: (m) => m.publics },
          { label: t('benchmark.budget'), cell: (m) => euros(m.budget), numeric: true },
          { label: t('benchmark.indicator'), cell: (m) => m.indicator },
          {
            label: t('benchmark.proposal'),
            cell: (m) =>
              m.proposal_action_id != null
                ? h('a', { href: `#/actions/${m.proposal_action_id}` }, t('benchmark.seeProposal'))
                : canEdit()
                  ? h(
                      'button',
                      { type: 'button', class: 'btn btn-small', onclick: () => void propose(m) },
                      t('benchmark.propose', { name: m.title }),
                    )
                  : '—',
          },
        ],
        name: (m) => m.title,
        messages: 'benchmarkMeasures',
        afterLoad: async () => {
          if (ready && !loadingMeasures) await renderComparison();
        },
      });
    }
    loadingMeasures = false;
  }

  async function propose(m: BenchmarkMeasure): Promise<void> {
    try {
      await api.post(`benchmark-measures/${m.id}/proposal`, {});
      announce(t('benchmark.proposed', { name: m.title }));
      await renderMeasures();
      await renderComparison();
    } catch (err) {
      announce(errorMessage(err), 'error');
    }
  }

  /** The plans ticked, side by side with ours: a summary and a row per public. */
  async function renderComparison(): Promise<void> {
    clear(comparisonCard);
    comparisonCard.append(h('h2', { id: 'bcompare-title' }, t('benchmark.comparison')));
    const boxes = plans.map((p) =>
      h('input', { type: 'checkbox', id: `bcmp-${p.id}`, value: String(p.id), checked: true, onchange: () => void show() }),
    );
    comparisonCard.append(
      h(
        'fieldset',
        {},
        h('legend', {}, t('benchmark.comparedPlans')),
        ...plans.map((p, k) => h('div', { class: 'check' }, boxes[k], h('label', { for: `bcmp-${p.id}` }, `${p.territory} — ${p.title}`))),
      ),
    );
    const out = h('div', {});
    comparisonCard.append(out);
    async function show(): Promise<void> {
      const ids = boxes.filter((b) => b.checked).map((b) => b.value);
      const query = ids.length === plans.length ? '' : `?plans=${ids.join(',') || '0'}`;
      clear(out);
      let c: Comparison;
      try {
        c = await api.get<Comparison>(`benchmark/comparison${query}`);
      } catch (err) {
        loadError(out, err);
        return;
      }
      const name = (p: ComparedPlan) => (p.id == null ? t('benchmark.ours') : `${p.territory} — ${p.title}`);
      const summary: Column<ComparedPlan>[] = [
        { label: t('benchmark.plan'), header: true, cell: (p) => name(p) },
        { label: t('benchmark.period'), cell: (p) => p.period },
        { label: t('benchmark.measuresCount'), cell: (p) => number(p.measures), numeric: true },
        { label: t('benchmark.planBudget'), cell: (p) => euros(p.budget), numeric: true },
        { label: t('benchmark.measuresBudget'), cell: (p) => euros(p.measures_budget), numeric: true },
      ];
      const byPublic: Column<Comparison['publics'][number]>[] = [
        { label: t('benchmark.public'), header: true, cell: (r) => r.public },
        ...c.plans.map((p, k) => ({
          label: name(p),
          cell: (r: Comparison['publics'][number]) =>
            r.per_plan[k].length ? h('ul', { class: 'plain' }, ...r.per_plan[k].map((m) => h('li', {}, m))) : '—',
        })),
      ];
      out.append(
        table(t('benchmark.summary'), summary, c.plans),
        table(t('benchmark.byPublic'), byPublic, c.publics, { scrollable: true }),
        h('p', {}, downloadLink(`benchmark/comparison.xlsx${query}`, 'parangonnage-mobilite-solidaire.xlsx', t('benchmark.export'))),
      );
    }
    await show();
  }

  await crudSection<BenchmarkPlan>(plansCard, {
    spec: RECORDS.benchmark_plan,
    idPrefix: 'bplan',
    caption: t('benchmark.plans'),
    fields: [
      { name: 'territory', label: t('benchmark.territory') },
      { name: 'title', label: t('common.title'), span: 'span-2' },
      { name: 'period', label: t('benchmark.period') },
      { name: 'budget', label: t('benchmark.planBudget') },
      { name: 'source', label: t('benchmark.source') },
      { name: 'summary', label: t('benchmark.summaryText'), textarea: true, span: 'span-all' },
    ],
    columns: [
      { label: t('benchmark.territory'), header: true, cell: (p) => p.territory },
      { label: t('common.title'), cell: (p) => p.title },
      { label: t('benchmark.period'), cell: (p) => p.period },
      { label: t('benchmark.planBudget'), cell: (p) => euros(p.budget), numeric: true },
      { label: t('benchmark.source'), cell: (p) => p.source },
    ],
    name: (p) => `${p.territory} — ${p.title}`,
    messages: 'benchmarkPlans',
    afterLoad: async (rows) => {
      plans = rows;
      if (ready) {
        await renderMeasures();
        await renderComparison();
      }
    },
  });
  ready = true;
  await renderMeasures();
  await renderComparison();
  return title;
}
