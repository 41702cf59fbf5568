// Cooperation documents (charters, protocols, conventions): their list by end date with the days
// left, the correction and creation forms (the description's fields and the parties), the files.
import { api, canEdit, type CoopDocument, type Organisation } from '../api';
import { crudSection } from '../crud';
import { clear, h } from '../dom';
import { attachedFiles } from '../files';
import { date, daysUntil } from '../format';
import { RECORDS } from '../generated/records';
import { t, tv } from '../i18n';
import { checkboxGroup, ids, pageHeader } from '../ui';

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
  const documents = h('div', {});
  const filesSection = h('section', { class: 'card', 'aria-labelledby': 'doc-files-title' });
  root.append(documents, filesSection);
  const orgs = await api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));

  // The routes check the lifecycle (docs/API.md): brouillon ⇄ negociation → signe → en_vigueur → expire / renouvele.
  await crudSection<CoopDocument>(documents, {
    spec: RECORDS.cooperation_document,
    idPrefix: 'doc',
    caption: title,
    fields: [
      { name: 'title', label: t('common.title'), span: 'span-all' },
      { name: 'type', label: t('common.type'), initial: 'convention' },
      { name: 'status', label: t('common.status'), initial: 'brouillon' },
      { name: 'signed_on', label: t('documents.signedOn') },
      { name: 'effective_on', label: t('documents.effectiveOn') },
      { name: 'ends_on', label: t('documents.endsOn') },
      { name: 'commitments', label: t('documents.commitments'), textarea: true, span: 'span-all' },
    ],
    extra: {
      controls: (doc) => [
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
      ],
      body: (fd) => ({ party_ids: ids(fd, 'party_ids') }),
    },
    columns: [
      { label: t('common.title'), cell: (d) => d.title, header: true },
      { label: t('common.type'), cell: (d) => tv('doctype', d.type) },
      { label: t('common.status'), cell: (d) => tv('docstatus', d.status) },
      { label: t('documents.signedOn'), cell: (d) => date(d.signed_on) },
      { label: t('documents.effectiveOn'), cell: (d) => date(d.effective_on) },
      { label: t('documents.endsOn'), cell: (d) => date(d.ends_on) },
      { label: t('documents.daysLeft'), cell: daysLeftCell, numeric: true },
      { label: t('documents.parties'), cell: (d) => d.party_ids.map((id) => orgById.get(id)?.name ?? `#${id}`).join(', ') },
    ],
    // The soonest to end first: what needs renewing.
    sort: (a, b) => (a.ends_on ?? '9999').localeCompare(b.ends_on ?? '9999'),
    name: (d) => d.title,
    messages: 'documents',
    afterLoad: (docs) => renderFiles(filesSection, docs, canEdit()),
  });
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
