import { api, canEdit, ORG_TYPES, type Organisation } from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { announce, field, onSubmit, str, table, pageHeader, loadError } from '../ui';

export async function renderPartners(root: HTMLElement): Promise<string> {
  const title = t('partners.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  root.append(list);

  const refresh = async () => {
    try {
      const items = await api.get<Organisation[]>('organisations');
      clear(list);
      list.append(
        table(
          title,
          [
            { label: t('common.name'), cell: (o: Organisation) => o.name, header: true },
            { label: t('common.type'), cell: (o: Organisation) => tv('orgtype', o.type) },
            { label: t('common.territory'), cell: (o: Organisation) => o.territory },
          ],
          [...items].sort((a, b) => a.name.localeCompare(b.name)),
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
      field({ name: 'name', label: t('common.name'), required: true }),
      field({ name: 'type', label: t('common.type'), required: true, value: 'commune', options: ORG_TYPES.map((v) => ({ value: v, label: tv('orgtype', v) })) }),
      field({ name: 'territory', label: t('common.territory') }),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('form.create'))),
    );
    onSubmit(form, async (fd) => {
      await api.post('organisations', { name: str(fd, 'name'), type: str(fd, 'type'), territory: str(fd, 'territory') });
      form.reset();
      await refresh();
      announce(t('partners.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'org-new' }, h('h2', { id: 'org-new' }, t('partners.new')), form));
  }
  return title;
}
