import { api, canEdit, getSession, ORG_TYPES, type Contact, type Organisation } from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { announce, field, onSubmit, str, table, pageHeader, loadError } from '../ui';

export async function renderPartners(root: HTMLElement): Promise<string> {
  const title = t('partners.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  root.append(list);
  const editable = canEdit();
  const contacts = h(
    'section',
    { class: 'card', 'aria-labelledby': 'contacts-title' },
    h('h2', { id: 'contacts-title' }, t('contacts.title')),
    h('p', { class: 'notice', id: 'contacts-gdpr' }, t('contacts.gdpr')),
  );
  const contactsBody = h('div', {});
  contacts.append(contactsBody);

  const refresh = async () => {
    try {
      const items = await api.get<Organisation[]>('organisations');
      const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));
      clear(list);
      list.append(
        table(
          title,
          [
            { label: t('common.name'), cell: (o: Organisation) => o.name, header: true },
            { label: t('common.type'), cell: (o: Organisation) => tv('orgtype', o.type) },
            { label: t('common.territory'), cell: (o: Organisation) => o.territory },
          ],
          sorted,
          { captionHidden: true },
        ),
      );
      clear(contactsBody);
      // A partner account only sees its own organisation's contacts.
      const session = getSession();
      const own = session?.role === 'partenaire' ? sorted.filter((o) => o.id === session.organisation_id) : sorted;
      const blocks = own.map((o) => {
        const block = h('div', { class: 'contacts-org' });
        contactsBody.append(block);
        return { o, block };
      });
      await Promise.all(blocks.map(({ o, block }) => renderContacts(block, o, editable)));
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();
  root.append(contacts);

  if (editable) {
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

/** One organisation's contacts: table, and for editors an add form (purpose required, GDPR). */
async function renderContacts(block: HTMLElement, org: Organisation, editable: boolean, focus = false): Promise<void> {
  const headingId = `contacts-${org.id}`;
  let items: Contact[] | null = null;
  let error: unknown = null;
  try {
    items = await api.get<Contact[]>(`organisations/${org.id}/contacts`);
  } catch (err) {
    error = err;
  }
  clear(block);
  const heading = h('h3', { id: headingId, tabindex: -1 }, t('contacts.of', { org: org.name }));
  block.append(heading);
  if (items == null) {
    const box = h('div');
    block.append(box);
    loadError(box, error);
    return;
  }
  block.append(
    table(
      t('contacts.of', { org: org.name }),
      [
        { label: t('common.name'), cell: (c: Contact) => c.name, header: true },
        { label: t('contacts.role'), cell: (c: Contact) => c.role },
        { label: t('contacts.email'), cell: (c: Contact) => (c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : '') },
        { label: t('contacts.phone'), cell: (c: Contact) => c.phone },
        { label: t('contacts.purpose'), cell: (c: Contact) => c.purpose },
      ],
      [...items].sort((a, b) => a.name.localeCompare(b.name)),
      { captionHidden: true, emptyText: t('contacts.none') },
    ),
  );
  if (editable) {
    const label = t('contacts.addTo', { org: org.name });
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': label },
      field({ name: 'name', label: t('common.name'), required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
      field({ name: 'role', label: t('contacts.role'), attrs: { maxlength: 200, autocomplete: 'off' } }),
      field({ name: 'email', label: t('contacts.email'), type: 'email', attrs: { maxlength: 200, autocomplete: 'off' } }),
      field({ name: 'phone', label: t('contacts.phone'), type: 'tel', attrs: { maxlength: 50, autocomplete: 'off' } }),
      h('div', { class: 'span-all' }, field({ name: 'purpose', label: t('contacts.purpose'), required: true, hint: `${t('contacts.purposeHint')} ${t('contacts.gdpr')}`, attrs: { maxlength: 500 } })),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('contacts.add'))),
    );
    onSubmit(form, async (fd) => {
      await api.post(`organisations/${org.id}/contacts`, {
        name: str(fd, 'name'),
        role: str(fd, 'role'),
        email: str(fd, 'email'),
        phone: str(fd, 'phone'),
        purpose: str(fd, 'purpose'),
      });
      await renderContacts(block, org, editable, true);
      announce(t('contacts.added'));
    });
    block.append(h('details', { class: 'subform' }, h('summary', {}, label), form));
  }
  if (focus) heading.focus();
}
