import { api, canEdit, DOC_STATUSES, DOC_TYPES, type CoopDocument, type Organisation } from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { date, dateInput, daysUntil } from '../format';
import { announce, field, checkboxGroup, onSubmit, str, nullableDate, ids, table, pageHeader, loadError, type Column } from '../ui';
import { confirmDelete, deleteButton, focusId } from '../edit';
import { attachedFiles } from '../files';

const SOON_DAYS = 90;

function daysLeftCell(d: CoopDocument): HTMLElement | string {
  const n = daysUntil(d.ends_on);
  if (n == null) return '—';
  if (d.status === 'expire' || d.status === 'renouvele') return String(n);
  if (n < 0) return h('span', { class: 'badge badge-danger' }, `${n} (${t('documents.past')})`);
  if (n <= SOON_DAYS) return h('span', { class: 'badge badge-warning' }, `${n} (${t('documents.soon')})`);
  return String(n);
}

export async function renderDocuments(root: HTMLElement): Promise<string> {
  const title = t('documents.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  const formSection = h('section', { class: 'card', 'aria-labelledby': 'doc-form-title' });
  const filesSection = h('section', { class: 'card', 'aria-labelledby': 'doc-files-title' });
  root.append(list, filesSection);
  const editable = canEdit();
  if (editable) root.append(formSection);

  let orgs: Organisation[] = [];
  try {
    orgs = await api.get<Organisation[]>('organisations');
  } catch {
    orgs = [];
  }
  const orgById = new Map(orgs.map((o) => [o.id, o]));

  const showForm = (doc: CoopDocument | null, focus = false) => {
    editing = doc?.id ?? null;
    clear(formSection);
    const form = h(
      'form',
      { class: 'form-grid' },
      h('div', { class: 'span-all' }, field({ name: 'title', label: t('common.title'), required: true, value: doc?.title })),
      field({
        name: 'type',
        label: t('common.type'),
        required: true,
        value: doc?.type ?? 'convention',
        options: DOC_TYPES.map((v) => ({ value: v, label: tv('doctype', v) })),
      }),
      field({
        name: 'status',
        label: t('common.status'),
        required: true,
        value: doc?.status ?? 'brouillon',
        options: DOC_STATUSES.map((v) => ({ value: v, label: tv('docstatus', v) })),
      }),
      field({ name: 'signed_on', label: t('documents.signedOn'), type: 'date', value: dateInput(doc?.signed_on) }),
      field({ name: 'effective_on', label: t('documents.effectiveOn'), type: 'date', value: dateInput(doc?.effective_on) }),
      field({ name: 'ends_on', label: t('documents.endsOn'), type: 'date', value: dateInput(doc?.ends_on) }),
      h(
        'div',
        { class: 'span-all' },
        field({ name: 'commitments', label: t('documents.commitments'), textarea: true, value: doc?.commitments ?? '' }),
      ),
      h(
        'div',
        { class: 'span-all' },
        checkboxGroup(
          'party_ids',
          t('documents.parties'),
          orgs.map((o) => ({ value: String(o.id), label: o.name })),
          new Set((doc?.party_ids ?? []).map(String)),
          t('actions.noPartners'),
        ),
      ),
      h(
        'div',
        { class: 'form-actions span-all' },
        h('button', { type: 'submit', class: 'btn' }, doc ? t('form.save') : t('form.create')),
        doc ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => showForm(null, true) }, t('form.cancel')) : null,
      ),
    );
    onSubmit(form, async (fd) => {
      const body = {
        type: str(fd, 'type'),
        title: str(fd, 'title'),
        status: str(fd, 'status'),
        signed_on: nullableDate(fd, 'signed_on'),
        effective_on: nullableDate(fd, 'effective_on'),
        ends_on: nullableDate(fd, 'ends_on'),
        party_ids: ids(fd, 'party_ids'),
        commitments: str(fd, 'commitments'),
      };
      if (doc) await api.put(`documents/${doc.id}`, body);
      else await api.post('documents', body);
      await refresh();
      showForm(null);
      announce(doc ? t('documents.updated') : t('documents.created'));
    });
    formSection.append(h('h2', { id: 'doc-form-title', tabindex: -1 }, doc ? t('documents.editTitle') : t('documents.new')), form);
    if (focus) formSection.querySelector<HTMLElement>('h2')?.focus();
  };

  /** Which document the form corrects (null: a new one). */
  let editing: number | null = null;
  const remove = async (d: CoopDocument) => {
    if (!(await confirmDelete({ name: d.title, path: `documents/${d.id}`, question: t('documents.confirmDelete', { name: d.title }) })))
      return;
    if (editing === d.id) showForm(null);
    await refresh();
    announce(t('documents.deleted'));
    focusId('page-title');
  };

  const refresh = async () => {
    try {
      const docs = await api.get<CoopDocument[]>('documents');
      docs.sort((a, b) => (a.ends_on ?? '9999').localeCompare(b.ends_on ?? '9999'));
      clear(list);
      const cols: Column<CoopDocument>[] = [
        { label: t('common.title'), cell: (d: CoopDocument) => d.title, header: true },
        { label: t('common.type'), cell: (d: CoopDocument) => tv('doctype', d.type) },
        { label: t('common.status'), cell: (d: CoopDocument) => tv('docstatus', d.status) },
        { label: t('documents.signedOn'), cell: (d: CoopDocument) => date(d.signed_on) },
        { label: t('documents.effectiveOn'), cell: (d: CoopDocument) => date(d.effective_on) },
        { label: t('documents.endsOn'), cell: (d: CoopDocument) => date(d.ends_on) },
        { label: t('documents.daysLeft'), cell: daysLeftCell, numeric: true },
        { label: t('documents.parties'), cell: (d: CoopDocument) => d.party_ids.map((id) => orgById.get(id)?.name ?? `#${id}`).join(', ') },
      ];
      if (editable) {
        cols.push({
          label: t('common.actions'),
          cell: (d: CoopDocument) =>
            h(
              'div',
              { class: 'form-actions row-tools' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-secondary',
                  'aria-label': `${t('form.edit')} « ${d.title} »`,
                  onclick: () => showForm(d, true),
                },
                t('form.edit'),
              ),
              deleteButton(t('documents.delete', { name: d.title }), () => void remove(d)),
            ),
        });
      }
      list.append(table(t('documents.title'), cols, docs, { captionHidden: true }));
      await renderFiles(filesSection, docs, editable);
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();
  if (editable) showForm(null);
  return title;
}

// ---------------------------------------------------------------- attached files

async function renderFiles(section: HTMLElement, docs: CoopDocument[], editable: boolean): Promise<void> {
  clear(section);
  section.append(h('h2', { id: 'doc-files-title' }, t('documents.files')), h('p', { class: 'hint' }, t('documents.filesIntro')));
  if (!docs.length) {
    section.append(h('p', { class: 'empty' }, t('common.empty')));
    return;
  }
  const loads: Promise<void>[] = [];
  for (const d of docs) {
    const files = attachedFiles({
      listPath: `documents/${d.id}/files`,
      filePath: 'document-files',
      title: d.title,
      headingId: `doc-files-${d.id}`,
      editable,
    });
    section.append(files.section);
    loads.push(files.loaded);
  }
  await Promise.all(loads);
}
