import { api, canEdit, type Action, type Evaluation } from '../api';
import { h, clear } from '../dom';
import { t } from '../i18n';
import { date, dateInput, euros, number, signed } from '../format';
import { announce, field, onSubmit, str, num, nullableNum, nullableDate, table, pageHeader, loadError, type Column } from '../ui';
import { confirmDelete, editDeleteTools, focusId } from '../edit';

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

/** The fields of an evaluation, empty (creation) or filled with `e` (correction). */
function evaluationForm(actions: Action[], e: Evaluation | null, label: string, onCancel?: () => void): HTMLFormElement {
  const choices = [...actions].sort((a, b) => a.title.localeCompare(b.title)).map((a) => ({ value: String(a.id), label: a.title }));
  // An evaluated action beyond the list loaded here keeps its link.
  if (e?.action_id != null && !actions.some((a) => a.id === e.action_id)) choices.push({ value: String(e.action_id), label: `#${e.action_id}` });
  return h(
    'form',
    { class: 'form-grid', 'aria-label': label },
    h('p', { class: 'hint span-all' }, t('form.requiredHint')),
    h('div', { class: 'span-2' }, field({ name: 'title', label: t('common.title'), required: true, value: e?.title, attrs: { maxlength: 300 } })),
    field({
      name: 'action_id',
      label: t('evaluations.action'),
      value: e?.action_id != null ? String(e.action_id) : '',
      options: [{ value: '', label: t('form.none') }, ...choices],
    }),
    h('div', { class: 'span-all' }, field({ name: 'description', label: t('common.description'), textarea: true, value: e?.description })),
    field({ name: 'period_start', label: t('evaluations.periodStart'), type: 'date', value: dateInput(e?.period_start) }),
    field({ name: 'period_end', label: t('evaluations.periodEnd'), type: 'date', value: dateInput(e?.period_end) }),
    field({ name: 'beneficiaries', label: t('evaluations.beneficiaries'), type: 'number', required: true, value: e?.beneficiaries ?? 0, attrs: { min: 0, step: 1 } }),
    field({ name: 'cost', label: t('evaluations.cost'), type: 'number', required: true, value: e?.cost ?? 0, hint: t('evaluations.costHint'), attrs: { min: 0, step: '0.01', inputmode: 'decimal' } }),
    field({ name: 'indicator_label', label: t('evaluations.indicator'), value: e?.indicator_label, attrs: { maxlength: 300 } }),
    field({ name: 'value_before', label: t('evaluations.before'), type: 'number', value: e?.value_before, attrs: { step: 'any', inputmode: 'decimal' } }),
    field({ name: 'value_after', label: t('evaluations.after'), type: 'number', value: e?.value_after, attrs: { step: 'any', inputmode: 'decimal' } }),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, e ? t('form.save') : t('form.create')),
      onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, t('form.cancel')) : null,
    ),
  );
}

function evaluationBody(fd: FormData) {
  const action = str(fd, 'action_id');
  return {
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
  };
}

export async function renderEvaluations(root: HTMLElement): Promise<string> {
  const title = t('evaluations.title');
  root.append(pageHeader(title), h('p', {}, t('evaluations.intro')));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  // The correction of one evaluation opens here, below the table.
  const editSlot = h('div', {});
  root.append(list, editSlot);
  const editable = canEdit();
  const actions = await api
    .get<{ items: Action[]; total: number }>('actions?limit=200&offset=0')
    .then((p) => p.items)
    .catch(() => [] as Action[]);
  const actionById = new Map(actions.map((a) => [a.id, a]));

  const editId = (e: Evaluation) => `eval-edit-${e.id}`;
  const openEditor = (e: Evaluation) => {
    clear(editSlot);
    const label = t('evaluations.edit', { name: e.title });
    const form = evaluationForm(actions, e, label, () => {
      clear(editSlot);
      focusId(editId(e));
    });
    onSubmit(form, async (fd) => {
      await api.put(`evaluations/${e.id}`, evaluationBody(fd));
      clear(editSlot);
      await refresh();
      announce(t('evaluations.updated'));
      focusId(editId(e));
    });
    editSlot.append(h('section', { class: 'card', 'aria-labelledby': 'eval-edit', 'data-id': e.id }, h('h2', { id: 'eval-edit', tabindex: -1 }, label), form));
    focusId('eval-edit');
  };
  const remove = async (e: Evaluation) => {
    if (!(await confirmDelete({ name: e.title, path: `evaluations/${e.id}` }))) return;
    if (editSlot.querySelector(`[data-id="${e.id}"]`)) clear(editSlot);
    await refresh();
    announce(t('evaluations.deleted'));
    focusId('page-title');
  };

  const refresh = async () => {
    try {
      const items = await api.get<Evaluation[]>('evaluations');
      clear(list);
      const columns: Column<Evaluation>[] = [
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
      ];
      if (editable) {
        // Next to the title: the table is wider than the screen, its last columns are scrolled to.
        columns.splice(1, 0, {
          label: t('common.actions'),
          cell: (e: Evaluation) =>
            editDeleteTools({
              editLabel: t('evaluations.edit', { name: e.title }),
              deleteLabel: t('evaluations.delete', { name: e.title }),
              editId: editId(e),
              onEdit: () => openEditor(e),
              onDelete: () => void remove(e),
            }),
        });
      }
      list.append(
        table(
          title,
          columns,
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
    const form = evaluationForm(actions, null, t('evaluations.new'));
    onSubmit(form, async (fd) => {
      await api.post<Evaluation>('evaluations', evaluationBody(fd));
      form.reset();
      await refresh();
      announce(t('evaluations.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'eval-new' }, h('h2', { id: 'eval-new' }, t('evaluations.new')), form));
  }
  return title;
}
