import { api, type Contact, canEdit, getSession, type Organisation } from '../api';
import { crudSection, type FormField, recordBody, recordForm } from '../crud';
import { clear, h } from '../dom';
import { confirmDelete, editDeleteTools, focusId } from '../edit';
import { RECORDS } from '../generated/records';
import { t, tv } from '../i18n';
import { announce, type Column, loadError, onSubmit, pageHeader, table } from '../ui';

/** Labels are read when the form is built: the language may have changed since the module loaded. */
const contactFields = (): FormField<Contact>[] => [
  { name: 'name', label: t('common.name'), attrs: { autocomplete: 'off' } },
  { name: 'role', label: t('contacts.role'), attrs: { autocomplete: 'off' } },
  { name: 'email', label: t('contacts.email'), attrs: { autocomplete: 'off' } },
  { name: 'phone', label: t('contacts.phone'), inputType: 'tel', attrs: { autocomplete: 'off' } },
  { name: 'purpose', label: t('contacts.purpose'), hint: `${t('contacts.purposeHint')} ${t('contacts.gdpr')}`, span: 'span-all' },
];

export async function renderPartners(root: HTMLElement): Promise<string> {
  const title = t('partners.title');
  root.append(pageHeader(title));
  const editable = canEdit();
  const contactsBody = h('div', {});
  const contacts = h(
    'section',
    { class: 'card', 'aria-labelledby': 'contacts-title' },
    h('h2', { id: 'contacts-title' }, t('contacts.title')),
    h('p', { class: 'notice', id: 'contacts-gdpr' }, t('contacts.gdpr')),
    // GDPR: a contact no longer needed is erased; editors are told how.
    editable ? h('p', { class: 'notice', id: 'contacts-erase' }, t('contacts.erase')) : null,
    contactsBody,
  );
  await crudSection<Organisation>(root, {
    spec: RECORDS.organisation,
    idPrefix: 'org',
    caption: title,
    fields: [
      { name: 'name', label: t('common.name') },
      { name: 'type', label: t('common.type'), initial: 'commune' },
      { name: 'territory', label: t('common.territory') },
    ],
    columns: [
      { label: t('common.name'), cell: (o) => o.name, header: true },
      { label: t('common.type'), cell: (o) => tv('orgtype', o.type) },
      { label: t('common.territory'), cell: (o) => o.territory },
    ],
    name: (o) => o.name,
    sort: (a, b) => a.name.localeCompare(b.name),
    messages: 'partners',
    between: contacts,
    afterLoad: async (sorted) => {
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
    },
  });
  return title;
}

/**
 * One organisation's contacts: table, and for editors an add form (purpose required, GDPR), the
 * correction of a contact and its erasure. `focus`: true for the block's heading, or an element id.
 */
async function renderContacts(block: HTMLElement, org: Organisation, editable: boolean, focus: boolean | string = false): Promise<void> {
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
  const redraw = (then: boolean | string) => renderContacts(block, org, editable, then);
  const editBox = h('div', {});
  const editId = (c: Contact) => `contact-edit-${c.id}`;
  const openEditor = (c: Contact) => {
    clear(editBox);
    const label = t('contacts.edit', { name: c.name });
    const form = recordForm(RECORDS.contact, contactFields(), c, {
      label,
      submitLabel: t('form.save'),
      onCancel: () => {
        clear(editBox);
        focusId(editId(c));
      },
    });
    onSubmit(form, async (fd) => {
      await api.put(`contacts/${c.id}`, recordBody(RECORDS.contact, contactFields(), fd));
      await redraw(editId(c));
      announce(t('contacts.updated'));
    });
    editBox.append(h('div', { class: 'subform' }, h('h4', {}, label), form));
    form.querySelector<HTMLElement>('input')?.focus();
  };
  const erase = async (c: Contact) => {
    if (!(await confirmDelete({ name: c.name, path: `contacts/${c.id}`, question: t('contacts.confirmDelete', { name: c.name }) }))) return;
    await redraw(true);
    announce(t('contacts.deleted', { name: c.name }));
  };
  const columns: Column<Contact>[] = [
    { label: t('common.name'), cell: (c: Contact) => c.name, header: true },
    { label: t('contacts.role'), cell: (c: Contact) => c.role },
    { label: t('contacts.email'), cell: (c: Contact) => (c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : '') },
    { label: t('contacts.phone'), cell: (c: Contact) => c.phone },
    { label: t('contacts.purpose'), cell: (c: Contact) => c.purpose },
  ];
  if (editable) {
    columns.push({
      label: t('common.actions'),
      cell: (c: Contact) =>
        editDeleteTools({
          editLabel: t('contacts.edit', { name: c.name }),
          deleteLabel: t('contacts.delete', { name: c.name }),
          editId: editId(c),
          onEdit: () => openEditor(c),
          onDelete: () => void erase(c),
        }),
    });
  }
  block.append(
    table(
      t('contacts.of', { org: org.name }),
      columns,
      [...items].sort((a, b) => a.name.localeCompare(b.name)),
      { captionHidden: true, emptyText: t('contacts.none') },
    ),
  );
  if (editable) {
    block.append(editBox);
    const label = t('contacts.addTo', { org: org.name });
    const form = recordForm(RECORDS.contact, contactFields(), null, { label, submitLabel: t('contacts.add') });
    onSubmit(form, async (fd) => {
      await api.post(`organisations/${org.id}/contacts`, recordBody(RECORDS.contact, contactFields(), fd));
      await redraw(true);
      announce(t('contacts.added'));
    });
    block.append(h('details', { class: 'subform' }, h('summary', {}, label), form));
  }
  if (focus === true) heading.focus();
  else if (focus) focusId(focus);
}
