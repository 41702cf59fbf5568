import { type Action, api, type Evaluation } from '../api';
import { crudSection } from '../crud';
import { h } from '../dom';
import { date, euros, number, signed } from '../format';
import { RECORDS } from '../generated/records';
import { t } from '../i18n';
import { pageHeader } from '../ui';

function period(e: Evaluation): string {
  if (!e.period_start && !e.period_end) return '';
  return `${date(e.period_start) || '…'} → ${date(e.period_end) || '…'}`;
}

function change(e: Evaluation): string {
  if (e.value_before == null || e.value_after == null) return '—';
  const d = e.value_after - e.value_before;
  const pct = e.value_before !== 0 ? ` (${signed((d / Math.abs(e.value_before)) * 100)} %)` : '';
  return `${signed(d)}${pct}`;
}

export async function renderEvaluations(root: HTMLElement): Promise<string> {
  const title = t('evaluations.title');
  root.append(pageHeader(title), h('p', {}, t('evaluations.intro')));
  const actions = await api
    .get<{ items: Action[]; total: number }>('actions?limit=200&offset=0')
    .then((p) => p.items)
    .catch(() => [] as Action[]);
  const actionById = new Map(actions.map((a) => [a.id, a]));
  const actionChoices = () =>
    [...actions].sort((a, b) => a.title.localeCompare(b.title)).map((a) => ({ value: String(a.id), label: a.title }));
  await crudSection<Evaluation>(root, {
    spec: RECORDS.evaluation,
    idPrefix: 'eval',
    caption: title,
    requiredHint: true,
    scrollable: true,
    fields: [
      { name: 'title', label: t('common.title'), span: 'span-2' },
      { name: 'action_id', label: t('evaluations.action'), options: actionChoices },
      { name: 'description', label: t('common.description'), textarea: true, span: 'span-all' },
      { name: 'period_start', label: t('evaluations.periodStart') },
      { name: 'period_end', label: t('evaluations.periodEnd') },
      { name: 'beneficiaries', label: t('evaluations.beneficiaries') },
      { name: 'cost', label: t('evaluations.cost'), hint: t('evaluations.costHint') },
      { name: 'indicator_label', label: t('evaluations.indicator') },
      { name: 'value_before', label: t('evaluations.before') },
      { name: 'value_after', label: t('evaluations.after') },
    ],
    columns: [
      {
        label: t('common.title'),
        header: true,
        cell: (e) => [
          h('span', { class: 'block' }, e.title),
          e.description ? h('span', { class: 'muted block small' }, e.description) : null,
        ],
      },
      {
        label: t('evaluations.action'),
        cell: (e) =>
          e.action_id != null ? h('a', { href: `#/actions/${e.action_id}` }, actionById.get(e.action_id)?.title ?? `#${e.action_id}`) : '—',
      },
      { label: t('evaluations.period'), cell: (e) => period(e) },
      { label: t('evaluations.beneficiaries'), cell: (e) => number(e.beneficiaries), numeric: true },
      { label: t('evaluations.cost'), cell: (e) => euros(e.cost), numeric: true },
      {
        label: t('evaluations.costPer'),
        cell: (e) => (e.cost_per_beneficiary == null ? '—' : euros(e.cost_per_beneficiary)),
        numeric: true,
      },
      { label: t('evaluations.indicator'), cell: (e) => e.indicator_label },
      { label: t('evaluations.before'), cell: (e) => number(e.value_before), numeric: true },
      { label: t('evaluations.after'), cell: (e) => number(e.value_after), numeric: true },
      { label: t('evaluations.change'), cell: (e) => change(e), numeric: true },
    ],
    // Next to the title: the table is wider than the screen, its last columns are scrolled to.
    toolsAt: 1,
    name: (e) => e.title,
    sort: (a, b) => (b.period_end ?? '').localeCompare(a.period_end ?? '') || b.id - a.id,
    messages: 'evaluations',
  });
  return title;
}
