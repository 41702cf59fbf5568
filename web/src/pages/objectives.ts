import { api, canEdit, type Objective } from '../api';
import { h, clear } from '../dom';
import { t } from '../i18n';
import { announce, field, onSubmit, str, table, pageHeader, loadError } from '../ui';

export async function renderObjectives(root: HTMLElement): Promise<string> {
  const title = t('objectives.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  root.append(list);

  const refresh = async () => {
    try {
      const items = await api.get<Objective[]>('objectives');
      clear(list);
      list.append(
        table(
          title,
          [
            { label: t('common.code'), cell: (o: Objective) => o.code, header: true },
            { label: t('common.title'), cell: (o: Objective) => o.title },
            { label: t('common.description'), cell: (o: Objective) => o.description },
          ],
          [...items].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true })),
          { captionHidden: true },
        ),
      );
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();

  if (canEdit()) {
    const form = h(
      'form',
      { class: 'form-grid' },
      field({ name: 'code', label: t('common.code'), required: true, attrs: { maxlength: 20 } }),
      field({ name: 'title', label: t('common.title'), required: true }),
      h('div', { class: 'span-all' }, field({ name: 'description', label: t('common.description'), textarea: true })),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('form.create'))),
    );
    onSubmit(form, async (fd) => {
      await api.post('objectives', { code: str(fd, 'code'), title: str(fd, 'title'), description: str(fd, 'description') });
      form.reset();
      await refresh();
      announce(t('objectives.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'obj-new' }, h('h2', { id: 'obj-new' }, t('objectives.new')), form));
  }
  return title;
}
