import { api, canEdit, getSession, ORG_TYPES, type Contact, type Organisation } from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { announce, field, onSubmit, str, table, pageHeader, loadError, type Column } from '../ui';
import { confirmDelete, editDeleteTools, focusId } from '../edit';

/** The fields of an organisation, empty (creation) or filled with `o` (correction). */
function organisationForm(o: Organisation | null, label: string, onCancel?: () => void): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'aria-label': label },
    field({ name: 'name', label: t('common.name'), required: true, value: o?.name }),
    field({ name: 'type', label: t('common.type'), required: true, value: o?.type ?? 'commune', options: ORG_TYPES.map((v) => ({ value: v, label: tv('orgtype', v) })) }),
    field({ name: 'territory', label: t('common.territory'), value: o?.territory }),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, o ? t('form.save') : t('form.create')),
      onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, t('form.cancel')) : null,
    ),
  );
}

function organisationBody(fd: FormData) {
  return { name: str(fd, 'name'), type: str(fd, 'type'), territory: str(fd, 'territory') };
}

export async function renderPartners(root: HTMLElement): Promise<string> {
  const title = t('partners.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  // The correction of one organisation opens here, below the list.
  const editSlot = h('div', {});
  const editable = canEdit();
  const contacts = h(
    'section',
    { class: 'card', 'aria-labelledby': 'contacts-title' },
    h('h2', { id: 'contacts-title' }, t('contacts.title')),
    h('p', { class: 'notice', id: 'contacts-gdpr' }, t('contacts.gdpr')),
    // GDPR: a contact no longer needed is erased; editors are told how.
    editable ? h('p', { class: 'notice', id: 'contacts-erase' }, t('contacts.erase')) : null,
  );
  const contactsBody = h('div', {});
  contacts.append(contactsBody);
  root.append(list, editSlot, contacts);

  const editId = (o: Organisation) => `org-edit-${o.id}`;
  const openEditor = (o: Organisation) => {
    clear(editSlot);
    const label = t('partners.edit', { name: o.name });
    const form = organisationForm(o, label, () => {
      clear(editSlot);
      focusId(editId(o));
    });
    onSubmit(form, async (fd) => {
      await api.put(`organisations/${o.id}`, organisationBody(fd));
      clear(editSlot);
      await refresh();
      announce(t('partners.updated'));
      focusId(editId(o));
    });
    editSlot.append(h('section', { class: 'card', 'aria-labelledby': 'org-edit', 'data-id': o.id }, h('h2', { id: 'org-edit', tabindex: -1 }, label), form));
    focusId('org-edit');
  };
  const remove = async (o: Organisation) => {
    const gone = await confirmDelete({
      name: o.name,
      path: `organisations/${o.id}`,
      question: t('partners.confirmDelete', { name: o.name }),
      inUse: t('partners.inUse', { name: o.name }),
    });
    if (!gone) return;
    if (editSlot.querySelector(`[data-id="${o.id}"]`)) clear(editSlot);
    await refresh();
    announce(t('partners.deleted'));
    focusId('page-title');
  };

  const refresh = async () => {
    try {
      const items = await api.get<Organisation[]>('organisations');
      const sorted = [...items].sort((a, b) => a.name.localeCompare(b.name));
      clear(list);
      const columns: Column<Organisation>[] = [
        { label: t('common.name'), cell: (o: Organisation) => o.name, header: true },
        { label: t('common.type'), cell: (o: Organisation) => tv('orgtype', o.type) },
        { label: t('common.territory'), cell: (o: Organisation) => o.territory },
      ];
      if (editable) {
        columns.push({
          label: t('common.actions'),
          cell: (o: Organisation) =>
            editDeleteTools({
              editLabel: t('partners.edit', { name: o.name }),
              deleteLabel: t('partners.delete', { name: o.name }),
              editId: editId(o),
              onEdit: () => openEditor(o),
              onDelete: () => void remove(o),
            }),
        });
      }
      list.append(table(title, columns, sorted, { captionHidden: true }));
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

  if (editable) {
    const form = organisationForm(null, t('partners.new'));
    onSubmit(form, async (fd) => {
      await api.post('organisations', organisationBody(fd));
      form.reset();
      await refresh();
      announce(t('partners.created'));
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'org-new' }, h('h2', { id: 'org-new' }, t('partners.new')), form));
  }
  return title;
}

/** The fields of a contact (purpose required, GDPR), empty or filled with `c`. */
function contactForm(c: Contact | null, label: string, submitLabel: string, onCancel?: () => void): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'aria-label': label },
    field({ name: 'name', label: t('common.name'), required: true, value: c?.name, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ name: 'role', label: t('contacts.role'), value: c?.role, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ name: 'email', label: t('contacts.email'), type: 'email', value: c?.email, attrs: { maxlength: 200, autocomplete: 'off' } }),
    field({ name: 'phone', label: t('contacts.phone'), type: 'tel', value: c?.phone, attrs: { maxlength: 50, autocomplete: 'off' } }),
    h('div', { class: 'span-all' }, field({ name: 'purpose', label: t('contacts.purpose'), required: true, value: c?.purpose, hint: `${t('contacts.purposeHint')} ${t('contacts.gdpr')}`, attrs: { maxlength: 500 } })),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, submitLabel),
      onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: onCancel }, t('form.cancel')) : null,
    ),
  );
}

function contactBody(fd: FormData) {
  return {
    name: str(fd, 'name'),
    role: str(fd, 'role'),
    email: str(fd, 'email'),
    phone: str(fd, 'phone'),
    purpose: str(fd, 'purpose'),
  };
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
    const form = contactForm(c, label, t('form.save'), () => {
      clear(editBox);
      focusId(editId(c));
    });
    onSubmit(form, async (fd) => {
      await api.put(`contacts/${c.id}`, contactBody(fd));
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
  block.append(table(t('contacts.of', { org: org.name }), columns, [...items].sort((a, b) => a.name.localeCompare(b.name)), { captionHidden: true, emptyText: t('contacts.none') }));
  if (editable) {
    block.append(editBox);
    const label = t('contacts.addTo', { org: org.name });
    const form = contactForm(null, label, t('contacts.add'));
    onSubmit(form, async (fd) => {
      await api.post(`organisations/${org.id}/contacts`, contactBody(fd));
      await redraw(true);
      announce(t('contacts.added'));
    });
    block.append(h('details', { class: 'subform' }, h('summary', {}, label), form));
  }
  if (focus === true) heading.focus();
  else if (focus) focusId(focus);
}
