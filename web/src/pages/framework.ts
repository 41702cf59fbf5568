// The territorial project's framework documents (plans, schemes, public-space strategy,
// "Seine-Saint-Denis 2030") with their commitments, each linked to a development sector, a partner,
// a cooperation document; and the axes of cooperation with each partner, with the meetings and
// documents it takes part in.
import { api, type CooperationAxis, type FrameworkCommitment, type FrameworkDocument } from '../api';
import { crudSection } from '../crud';
import { h } from '../dom';
import { date } from '../format';
import { RECORDS } from '../generated/records';
import { t, tv } from '../i18n';
import { loadError, pageHeader } from '../ui';

interface Cooperation {
  meetings: { id: number; type: string; title: string; held_on: string }[];
  documents: { id: number; type: string; title: string; status: string; ends_on: string | null }[];
}

const byName = <T extends { id: number }>(rows: T[], name: (r: T) => string) =>
  [...rows].sort((a, b) => name(a).localeCompare(name(b))).map((r) => ({ value: String(r.id), label: name(r) }));

export async function renderFramework(root: HTMLElement): Promise<string> {
  const title = t('framework.title');
  root.append(pageHeader(title), h('p', {}, t('framework.intro')));
  const [sectors, orgs, documents] = await Promise.all([
    api
      .get<{ features: { properties: { id: number; name: string } }[] }>('sectors')
      .then((fc) => fc.features.map((f) => f.properties))
      .catch(() => []),
    api.get<{ id: number; name: string }[]>('organisations').catch(() => []),
    api.get<{ id: number; title: string }[]>('documents').catch(() => []),
  ]);
  const docsCard = h('section', { class: 'card', 'aria-labelledby': 'fw-title' }, h('h2', { id: 'fw-title' }, t('framework.documents')));
  const commitmentsCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'fwc-title' },
    h('h2', { id: 'fwc-title' }, t('framework.commitments')),
  );
  const axesCard = h('section', { class: 'card', 'aria-labelledby': 'axes-title' }, h('h2', { id: 'axes-title' }, t('framework.axes')));
  root.append(docsCard, commitmentsCard, axesCard);
  const sectorName = new Map(sectors.map((s) => [s.id, s.name]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const documentTitle = new Map(documents.map((d) => [d.id, d.title]));

  const commitmentsBlocks = h('div', {});
  commitmentsCard.append(commitmentsBlocks);
  const renderCommitments = async (frameworks: FrameworkDocument[]) => {
    commitmentsBlocks.replaceChildren();
    for (const f of frameworks) {
      const block = h('div', { class: 'contacts-org' }, h('h3', {}, f.title));
      commitmentsBlocks.append(block);
      await crudSection<FrameworkCommitment>(block, {
        spec: RECORDS.framework_commitment,
        parentId: f.id,
        idPrefix: `fwc-${f.id}`,
        caption: t('framework.commitmentsOf', { name: f.title }),
        fields: [
          { name: 'text', label: t('framework.commitment'), textarea: true, span: 'span-all' },
          { name: 'sector_id', label: t('framework.sector'), options: () => byName(sectors, (s) => s.name) },
          { name: 'partner_id', label: t('territory.partner'), options: () => byName(orgs, (o) => o.name) },
          { name: 'cooperation_document_id', label: t('framework.document'), options: () => byName(documents, (d) => d.title) },
        ],
        columns: [
          { label: t('framework.commitment'), header: true, cell: (c) => c.text },
          { label: t('framework.sector'), cell: (c) => (c.sector_id == null ? '—' : (sectorName.get(c.sector_id) ?? `#${c.sector_id}`)) },
          { label: t('territory.partner'), cell: (c) => (c.partner_id == null ? '—' : (orgName.get(c.partner_id) ?? `#${c.partner_id}`)) },
          {
            label: t('framework.document'),
            cell: (c) =>
              c.cooperation_document_id == null ? '—' : (documentTitle.get(c.cooperation_document_id) ?? `#${c.cooperation_document_id}`),
          },
        ],
        name: (c) => c.text.slice(0, 60),
        messages: 'commitments',
      });
    }
  };

  await crudSection<FrameworkDocument>(docsCard, {
    spec: RECORDS.framework_document,
    idPrefix: 'fw',
    caption: t('framework.documents'),
    fields: [
      { name: 'title', label: t('common.title'), span: 'span-2' },
      { name: 'kind', label: t('common.type'), initial: 'plan' },
      { name: 'adopted_on', label: t('framework.adoptedOn') },
      { name: 'horizon', label: t('territory.horizon') },
      { name: 'summary', label: t('framework.summary'), textarea: true, span: 'span-all' },
    ],
    columns: [
      { label: t('common.title'), header: true, cell: (f) => f.title },
      { label: t('common.type'), cell: (f) => tv('frameworkkind', f.kind) },
      { label: t('framework.adoptedOn'), cell: (f) => date(f.adopted_on) },
      { label: t('territory.horizon'), cell: (f) => f.horizon },
    ],
    name: (f) => f.title,
    messages: 'frameworkDocuments',
    afterLoad: renderCommitments,
  });

  // One block a partner: its axes of cooperation, its meetings and documents.
  for (const o of byName(orgs, (x) => x.name)) {
    const id = Number(o.value);
    const block = h('div', { class: 'contacts-org' }, h('h3', { id: `axes-${id}` }, o.label));
    axesCard.append(block);
    await crudSection<CooperationAxis>(block, {
      spec: RECORDS.cooperation_axis,
      parentId: id,
      idPrefix: `axis-${id}`,
      caption: t('framework.axesOf', { name: o.label }),
      fields: [
        { name: 'title', label: t('framework.axis') },
        { name: 'description', label: t('common.description'), textarea: true, span: 'span-all' },
      ],
      columns: [
        { label: t('framework.axis'), header: true, cell: (a) => a.title },
        { label: t('common.description'), cell: (a) => a.description },
      ],
      name: (a) => a.title,
      messages: 'axes',
    });
    try {
      const c = await api.get<Cooperation>(`organisations/${id}/cooperation`);
      block.append(
        h('h4', {}, t('framework.partnerMeetings')),
        c.meetings.length
          ? h('ul', {}, ...c.meetings.map((m) => h('li', {}, h('a', { href: `#/meetings/${m.id}` }, m.title), ` — ${date(m.held_on)}`)))
          : h('p', { class: 'empty' }, '—'),
        h('h4', {}, t('framework.partnerDocuments')),
        c.documents.length
          ? h('ul', {}, ...c.documents.map((d) => h('li', {}, d.title, ` (${tv('doctype', d.type)}, ${tv('docstatus', d.status)})`)))
          : h('p', { class: 'empty' }, '—'),
      );
    } catch (err) {
      const box = h('div');
      block.append(box);
      loadError(box, err);
    }
  }
  return title;
}
