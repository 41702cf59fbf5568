import { api, canEdit, type Objective } from '../api';
import { h, clear } from '../dom';
import { t } from '../i18n';
import { announce, field, onSubmit, str, table, pageHeader, loadError, type Column } from '../ui';
import { confirmDelete, editDeleteTools, focusId } from '../edit';

/** The fields of an objective, empty (creation) or filled with `o` (correction). */
function objectiveForm(o: Objective | null, label: string, onCancel?: () => void): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'aria-label': label },
    field({ name: 'code', label: t('common.code'), required: true, value: o?.code, attrs: { maxlength: 20 } }),
    field({ name: 'title', label: t('common.title'), required: true, value: o?.title }),
    h('div', { class: 'span-all' }, field({ name: 'description', label: t('common.description'), textarea: true, value: o?.description })),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, o ? t('form.save') : t('form.create')),
      onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, t('form.cancel')) : null,
    ),
  );
}

function objectiveBody(fd: FormData) {
  return { code: str(fd, 'code'), title: str(fd, 'title'), description: str(fd, 'description') };
}

export async function renderObjectives(root: HTMLElement): Promise<string> {
  const title = t('objectives.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  // The correction of one objective opens here, below the list.
  const editSlot = h('div', {});
  root.append(list, editSlot);
  const editable = canEdit();
  const editId = (o: Objective) => `obj-edit-${o.id}`;

  const closeEditor = (focus?: string) => {
    clear(editSlot);
    focusId(focus);
  };

  const openEditor = (o: Objective) => {
    clear(editSlot);
    const label = t('objectives.edit', { name: o.title });
    const form = objectiveForm(o, label, () => closeEditor(editId(o)));
    onSubmit(form, async (fd) => {
      await api.put(`objectives/${o.id}`, objectiveBody(fd));
      clear(editSlot);
      await refresh();
      announce(t('objectives.updated'));
      focusId(editId(o));
    });
    editSlot.append(h('section', { class: 'card', 'aria-labelledby': 'obj-edit', 'data-id': o.id }, h('h2', { id: 'obj-edit', tabindex: -1 }, label), form));
    document.getElementById('obj-edit')?.focus();
  };

  const remove = async (o: Objective) => {
    const gone = await confirmDelete({ name: o.title, path: `objectives/${o.id}`, inUse: t('objectives.inUse', { name: o.title }) });
    if (!gone) return;
    if (editSlot.querySelector(`[data-id="${o.id}"]`)) clear(editSlot);
    await refresh();
    announce(t('objectives.deleted'));
    focusId('page-title');
  };

  const refresh = async () => {
    try {
      const items = await api.get<Objective[]>('objectives');
      clear(list);
      const columns: Column<Objective>[] = [
        { label: t('common.code'), cell: (o: Objective) => o.code, header: true },
        { label: t('common.title'), cell: (o: Objective) => o.title },
        { label: t('common.description'), cell: (o: Objective) => o.description },
      ];
      if (editable) {
        columns.push({
          label: t('common.actions'),
          cell: (o: Objective) =>
            editDeleteTools({
              editLabel: t('objectives.edit', { name: o.title }),
              deleteLabel: t('objectives.delete', { name: o.title }),
              editId: editId(o),
              onEdit: () => openEditor(o),
              onDelete: () => void remove(o),
            }),
        });
      }
      list.append(table(title, columns, [...items].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true })), { captionHidden: true }));
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();

  if (editable) {
    const form = objectiveForm(null, t('objectives.new'));
    onSubmit(form, async (fd) => {
      await api.post('objectives', objectiveBody(fd));
      form.reset();
      await refresh();
      announce(t('objectives.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'obj-new' }, h('h2', { id: 'obj-new' }, t('objectives.new')), form));
  }
  return title;
}
