import { api, canEdit, type Action, type Evaluation } from '../api';
import { h, clear } from '../dom';
import { t } from '../i18n';
import { date, euros, number, signed } from '../format';
import { announce, field, onSubmit, str, num, nullableNum, nullableDate, table, pageHeader, loadError } from '../ui';

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
  const list = h('div', {}, h('p', {}, t('app.loading')));
  root.append(list);
  const editable = canEdit();
  const actions = await api
    .get<{ items: Action[]; total: number }>('actions?limit=200&offset=0')
    .then((p) => p.items)
    .catch(() => [] as Action[]);
  const actionById = new Map(actions.map((a) => [a.id, a]));

  const refresh = async () => {
    try {
      const items = await api.get<Evaluation[]>('evaluations');
      clear(list);
      list.append(
        table(
          title,
          [
            {
              label: t('common.title'),
              header: true,
              cell: (e: Evaluation) => [h('span', { class: 'block' }, e.title), e.description ? h('span', { class: 'muted block small' }, e.description) : null],
            },
            {
              label: t('evaluations.action'),
              cell: (e: Evaluation) => (e.action_id != null ? h('a', { href: `#/actions/${e.action_id}` }, actionById.get(e.action_id)?.title ?? `#${e.action_id}`) : '—'),
            },
            { label: t('evaluations.period'), cell: (e: Evaluation) => period(e) },
            { label: t('evaluations.beneficiaries'), cell: (e: Evaluation) => number(e.beneficiaries), numeric: true },
            { label: t('evaluations.cost'), cell: (e: Evaluation) => euros(e.cost), numeric: true },
            { label: t('evaluations.costPer'), cell: (e: Evaluation) => (e.cost_per_beneficiary == null ? '—' : euros(e.cost_per_beneficiary)), numeric: true },
            { label: t('evaluations.indicator'), cell: (e: Evaluation) => e.indicator_label },
            { label: t('evaluations.before'), cell: (e: Evaluation) => number(e.value_before), numeric: true },
            { label: t('evaluations.after'), cell: (e: Evaluation) => number(e.value_after), numeric: true },
            { label: t('evaluations.change'), cell: (e: Evaluation) => change(e), numeric: true },
          ],
          [...items].sort((a, b) => (b.period_end ?? '').localeCompare(a.period_end ?? '') || b.id - a.id),
          { captionHidden: true, scrollable: true },
        ),
      );
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();

  if (editable) {
    const form = h(
      'form',
      { class: 'form-grid' },
      h('p', { class: 'hint span-all' }, t('form.requiredHint')),
      h('div', { class: 'span-2' }, field({ name: 'title', label: t('common.title'), required: true, attrs: { maxlength: 300 } })),
      field({
        name: 'action_id',
        label: t('evaluations.action'),
        value: '',
        options: [{ value: '', label: t('form.none') }, ...[...actions].sort((a, b) => a.title.localeCompare(b.title)).map((a) => ({ value: String(a.id), label: a.title }))],
      }),
      h('div', { class: 'span-all' }, field({ name: 'description', label: t('common.description'), textarea: true })),
      field({ name: 'period_start', label: t('evaluations.periodStart'), type: 'date' }),
      field({ name: 'period_end', label: t('evaluations.periodEnd'), type: 'date' }),
      field({ name: 'beneficiaries', label: t('evaluations.beneficiaries'), type: 'number', required: true, value: 0, attrs: { min: 0, step: 1 } }),
      field({ name: 'cost', label: t('evaluations.cost'), type: 'number', required: true, value: 0, hint: t('evaluations.costHint'), attrs: { min: 0, step: '0.01', inputmode: 'decimal' } }),
      field({ name: 'indicator_label', label: t('evaluations.indicator'), attrs: { maxlength: 300 } }),
      field({ name: 'value_before', label: t('evaluations.before'), type: 'number', attrs: { step: 'any', inputmode: 'decimal' } }),
      field({ name: 'value_after', label: t('evaluations.after'), type: 'number', attrs: { step: 'any', inputmode: 'decimal' } }),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('form.create'))),
    );
    onSubmit(form, async (fd) => {
      const action = str(fd, 'action_id');
      await api.post<Evaluation>('evaluations', {
        action_id: action === '' ? null : Number(action),
        title: str(fd, 'title'),
        description: str(fd, 'description'),
        period_start: nullableDate(fd, 'period_start'),
        period_end: nullableDate(fd, 'period_end'),
        beneficiaries: num(fd, 'beneficiaries'),
        cost: num(fd, 'cost'),
        indicator_label: str(fd, 'indicator_label'),
        value_before: nullableNum(fd, 'value_before'),
        value_after: nullableNum(fd, 'value_after'),
      });
      form.reset();
      await refresh();
      announce(t('evaluations.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'eval-new' }, h('h2', { id: 'eval-new' }, t('evaluations.new')), form));
  }
  return title;
}
