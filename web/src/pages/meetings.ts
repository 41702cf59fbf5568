import {
  api,
  canEdit,
  MEETING_TYPES,
  PRIORITIES,
  FOLLOW_UP_STATUSES,
  MEETING_EXPORTS,
  type Meeting,
  type MeetingDetail,
  type Organisation,
  type AgendaItem,
  type FollowUp,
  type Decision,
  type Action,
  type AnalysisView,
  type CoopDocument,
} from '../api';
import { h, clear } from '../dom';
import { t, tv, type Key } from '../i18n';
import { date, daysUntil } from '../format';
import { announce, downloadLink, errorMessage, field, checkboxGroup, onSubmit, str, num, ids, table, pageHeader, loadError } from '../ui';
import { navigate } from '../nav';
import { confirmDelete, deleteButton } from '../edit';
import { viewEmbed } from './analyses-embed';

function priorityLabel(p: number): string {
  return `${p} – ${tv('priority', String(p))}`;
}

function priorityBadge(p: number): HTMLElement {
  return h('span', { class: `badge priority-${p}` }, `${t('meetings.priorityShort')} ${priorityLabel(p)}`);
}

/** Plain text as paragraphs (blank line = new paragraph), never as HTML. */
export function paragraphs(text: string): HTMLElement[] {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => h('p', { class: 'prose' }, p));
}

// ---------------------------------------------------------------- list
export async function renderMeetings(root: HTMLElement): Promise<string> {
  const title = t('meetings.title');
  root.append(pageHeader(title));
  const list = h('div', {}, h('p', {}, t('app.loading')));
  root.append(list);
  try {
    const items = await api.get<Meeting[]>('meetings');
    clear(list);
    list.append(
      table(
        title,
        [
          { label: t('meetings.heldOn'), cell: (m: Meeting) => date(m.held_on) },
          { label: t('common.title'), cell: (m: Meeting) => h('a', { href: `#/meetings/${m.id}` }, m.title), header: true },
          { label: t('common.type'), cell: (m: Meeting) => tv('meetingtype', m.type) },
          { label: t('meetings.place'), cell: (m: Meeting) => m.place },
        ],
        [...items].sort((a, b) => b.held_on.localeCompare(a.held_on) || b.id - a.id),
        { captionHidden: true },
      ),
    );
  } catch (err) {
    loadError(list, err);
  }

  if (canEdit()) {
    const orgs = await api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]);
    const form = meetingForm(orgs, null, t('form.create'));
    onSubmit(form, async (fd) => {
      const created = await api.post<Meeting>('meetings', meetingBody(fd));
      announce(t('meetings.created'));
      navigate(`#/meetings/${created.id}`);
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'meeting-new' }, h('h2', { id: 'meeting-new' }, t('meetings.new')), form));
  }
  return title;
}

/** The fields of a meeting, empty or filled with `m` (edit). */
function meetingForm(orgs: Organisation[], m: MeetingDetail | null, submitLabel: string): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid' },
    h('p', { class: 'hint span-all' }, t('form.requiredHint')),
    field({
      name: 'type',
      label: t('common.type'),
      required: true,
      value: m?.type ?? 'cotech',
      options: MEETING_TYPES.map((v) => ({ value: v, label: tv('meetingtype', v) })),
    }),
    h(
      'div',
      { class: 'span-2' },
      field({ name: 'title', label: t('common.title'), required: true, value: m?.title, attrs: { maxlength: 300 } }),
    ),
    field({ name: 'held_on', label: t('meetings.heldOn'), type: 'date', required: true, value: m?.held_on }),
    field({ name: 'place', label: t('meetings.place'), value: m?.place, attrs: { maxlength: 300 } }),
    h(
      'div',
      { class: 'span-all' },
      checkboxGroup(
        'participant_ids',
        t('meetings.participants'),
        [...orgs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: String(o.id), label: o.name })),
        new Set((m?.participant_ids ?? []).map(String)),
        t('actions.noPartners'),
      ),
    ),
    h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, submitLabel)),
  );
}

function meetingBody(fd: FormData) {
  return {
    type: str(fd, 'type'),
    title: str(fd, 'title'),
    held_on: str(fd, 'held_on'),
    place: str(fd, 'place'),
    participant_ids: ids(fd, 'participant_ids'),
  };
}

/** A select of optional links (action, document): "none" plus the choices. */
function linkOptions<T extends { id: number; title: string }>(items: T[]): { value: string; label: string }[] {
  return [{ value: '', label: t('form.none') }, ...items.map((x) => ({ value: String(x.id), label: x.title }))];
}

function optionalId(fd: FormData, name: string): number | null {
  const v = str(fd, name);
  return v === '' ? null : Number(v);
}

/** What editors may do from the agenda, decisions and follow-up lists. */
interface MeetingEditor {
  itemForm: (item: AgendaItem) => HTMLElement;
  deleteItem: (item: AgendaItem) => Promise<void>;
  deleteDecision: (d: Decision, n: number) => Promise<void>;
  setFollowUpStatus: (f: FollowUp, status: string) => Promise<void>;
  deleteFollowUp: (f: FollowUp) => Promise<void>;
}

// ---------------------------------------------------------------- detail
export async function renderMeetingDetail(root: HTMLElement, id: number): Promise<string> {
  root.append(h('p', { class: 'breadcrumb' }, h('a', { href: '#/meetings' }, `← ${t('meetings.back')}`)));
  let m: MeetingDetail;
  let orgs: Organisation[];
  try {
    [m, orgs] = await Promise.all([
      api.get<MeetingDetail>(`meetings/${id}`),
      api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]),
    ]);
  } catch (err) {
    root.append(pageHeader(t('meetings.title')));
    const box = h('div');
    root.append(box);
    loadError(box, err);
    return t('meetings.title');
  }
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const editable = canEdit();
  // Choices for the links of agenda items; a plan rarely has more actions than this.
  const kMaxLinkedActions = 500;
  const [actions, documents, views] = editable
    ? await Promise.all([
        api
          .get<{ items: Action[] }>(`actions?limit=${kMaxLinkedActions}`)
          .then((r) => [...r.items].sort((a, b) => a.title.localeCompare(b.title)))
          .catch(() => [] as Action[]),
        api.get<CoopDocument[]>('documents').catch(() => [] as CoopDocument[]),
        // Saved map views, as link choices ({id, title}); none when the list cannot be read.
        api
          .get<AnalysisView[]>('analysis/views')
          .then((vs) => vs.map((v) => ({ id: v.id, title: v.name })))
          .catch(() => [] as { id: number; title: string }[]),
      ])
    : [[] as Action[], [] as CoopDocument[], [] as { id: number; title: string }[]];
  root.append(pageHeader(m.title));

  const details = h(
    'section',
    { class: 'card', 'aria-labelledby': 'mt-details' },
    h('h2', { id: 'mt-details' }, t('meetings.details')),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('common.type')),
      h('dd', {}, tv('meetingtype', m.type)),
      h('dt', {}, t('meetings.heldOn')),
      h('dd', {}, date(m.held_on)),
      h('dt', {}, t('meetings.place')),
      h('dd', {}, m.place || '—'),
      h('dt', {}, t('meetings.participants')),
      h(
        'dd',
        {},
        m.participant_ids.length
          ? h(
              'ul',
              { class: 'inline-list' },
              m.participant_ids.map((pid) => h('li', {}, orgById.get(pid)?.name ?? `#${pid}`)),
            )
          : '—',
      ),
    ),
  );

  if (editable) {
    const editBox = h('div', { class: 'subform', hidden: true });
    const editButton = h('button', { type: 'button', class: 'btn btn-secondary', 'aria-expanded': 'false' }, t('meetings.edit'));
    editButton.addEventListener('click', () => {
      const open = editBox.hidden;
      editBox.hidden = !open;
      editButton.setAttribute('aria-expanded', String(open));
      if (open) {
        clear(editBox);
        const form = meetingForm(orgs, m, t('form.save'));
        onSubmit(form, async (fd) => {
          await api.put(`meetings/${id}`, meetingBody(fd));
          announce(t('meetings.updated'));
          navigate(`#/meetings/${id}`);
        });
        editBox.append(h('h3', {}, t('meetings.edit')), form);
        form.querySelector<HTMLElement>('select, input')?.focus();
      }
    });
    const deleteMeeting = h('button', { type: 'button', class: 'btn btn-danger' }, t('meetings.delete'));
    deleteMeeting.addEventListener('click', async () => {
      if (!(await confirmDelete({ name: m.title, path: `meetings/${id}` }))) return;
      announce(t('meetings.deleted'));
      navigate('#/meetings');
    });
    details.append(h('div', { class: 'form-actions' }, editButton, deleteMeeting), editBox);
  }

  const exportLink = (format: string, key: Key, cls: string) =>
    downloadLink(`meetings/${id}/export?format=${format}`, `reunion-${id}.${format}`, t(key), cls);
  const exports = h(
    'section',
    { class: 'card', 'aria-labelledby': 'mt-exports' },
    h('h2', { id: 'mt-exports' }, t('meetings.exports')),
    h('p', { class: 'hint' }, t('meetings.exportIntro')),
    h(
      'ul',
      { class: 'button-list' },
      MEETING_EXPORTS.map((f) => h('li', {}, exportLink(f, `meetings.export.${f}` as Key, 'btn'))),
      h('li', {}, exportLink('md', 'meetings.export.md', 'btn btn-secondary')),
    ),
  );

  const agenda = h('section', { class: 'card', 'aria-labelledby': 'mt-agenda' });
  const decisions = h('section', { class: 'card', 'aria-labelledby': 'mt-decisions' });
  const followUps = h('section', { class: 'card', 'aria-labelledby': 'mt-follow' });
  const minutes = h('section', { class: 'card', 'aria-labelledby': 'mt-minutes' });
  root.append(details, agenda, decisions, followUps, minutes, exports);

  /** The minutes (compte rendu): plain-text paragraphs, and for editors a text area to write them. */
  const showMinutes = (text: string) => {
    clear(minutes);
    minutes.append(
      h('h2', { id: 'mt-minutes', tabindex: -1 }, t('meetings.minutes')),
      text.trim() ? h('div', { class: 'minutes' }, paragraphs(text)) : h('p', { class: 'empty' }, t('meetings.minutesEmpty')),
    );
    if (!editable) return;
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': t('meetings.saveMinutes') },
      h(
        'div',
        { class: 'span-all' },
        field({
          name: 'minutes',
          label: t('meetings.minutesText'),
          hint: t('meetings.minutesHint'),
          textarea: true,
          value: text,
          attrs: { rows: 10, maxlength: 200000 },
        }),
      ),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('meetings.saveMinutes'))),
    );
    onSubmit(form, async (fd) => {
      const sent = String(fd.get('minutes') ?? '').replace(/\s+$/, '');
      const saved = await api.put<MeetingDetail>(`meetings/${id}/minutes`, { minutes: sent });
      showMinutes(typeof saved?.minutes === 'string' ? saved.minutes : sent);
      announce(t('meetings.minutesSaved'));
      document.getElementById('mt-minutes')?.focus();
    });
    minutes.append(h('div', { class: 'subform' }, form));
  };
  showMinutes(m.minutes ?? '');

  /** Runs a change, then reloads; a refusal is announced as an error. */
  const change = async (run: () => Promise<unknown>, msg: string, headingId: string) => {
    try {
      await run();
      await reload(msg, headingId);
    } catch (err) {
      announce(errorMessage(err), 'error');
    }
  };
  /** Deletes after confirmation (a refusal is announced by confirmDelete), then reloads. */
  const remove = async (name: string, path: string, msg: string, headingId: string) => {
    if (await confirmDelete({ name, path })) await reload(msg, headingId);
  };
  const editor: MeetingEditor | null = editable
    ? {
        itemForm: (item) => agendaForm(item),
        deleteItem: (item) => remove(item.title, `agenda-items/${item.id}`, t('meetings.itemDeleted'), 'mt-agenda'),
        deleteDecision: (d, n) =>
          remove(`${t('meetings.decisions')} ${n}`, `decisions/${d.id}`, t('meetings.decisionDeleted'), 'mt-decisions'),
        setFollowUpStatus: (f, status) =>
          change(
            () => api.put(`follow-ups/${f.id}`, { text: f.text, owner: f.owner, due_on: f.due_on, status }),
            t('meetings.fuUpdated'),
            'mt-follow',
          ),
        deleteFollowUp: (f) => remove(f.text, `follow-ups/${f.id}`, t('meetings.fuDeleted'), 'mt-follow'),
      }
    : null;

  const fill = (d: MeetingDetail) => {
    renderAgenda(agenda, d.agenda_items, editor);
    renderDecisions(decisions, d, editor);
    renderFollowUps(followUps, d.follow_ups, editor);
    if (editable) {
      agenda.append(agendaForm());
      decisions.append(decisionForm());
      followUps.append(followUpForm());
    }
  };
  /** After a change: reload the meeting, redraw, announce and put the focus back on the section title. */
  const reload = async (msg: string, headingId: string) => {
    const fresh = await api.get<MeetingDetail>(`meetings/${id}`);
    fill(fresh);
    announce(msg);
    document.getElementById(headingId)?.focus();
  };

  /** A new agenda item, or the edit of `item` (with its place in the agenda). */
  const agendaForm = (item?: AgendaItem) => {
    const label = item ? t('meetings.editItem', { name: item.title }) : t('meetings.addItem');
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': label },
      h(
        'div',
        { class: 'span-2' },
        field({ name: 'title', label: t('meetings.itemTitle'), required: true, value: item?.title, attrs: { maxlength: 300 } }),
      ),
      field({
        name: 'priority',
        label: t('meetings.priority'),
        required: true,
        value: String(item?.priority ?? 2),
        options: PRIORITIES.map((p) => ({ value: String(p), label: priorityLabel(p) })),
      }),
      item
        ? field({
            name: 'position',
            label: t('meetings.position'),
            type: 'number',
            required: true,
            value: String(item.position),
            attrs: { min: 1, max: 1000 },
          })
        : null,
      h(
        'div',
        { class: 'span-all' },
        field({
          name: 'problem_statement',
          label: t('meetings.problem'),
          hint: t('meetings.problemHint'),
          textarea: true,
          value: item?.problem_statement,
        }),
      ),
      h('div', { class: 'span-all' }, field({ name: 'stakes', label: t('meetings.stakes'), textarea: true, value: item?.stakes })),
      h(
        'div',
        { class: 'span-2' },
        field({
          name: 'action_id',
          label: t('meetings.linkedAction'),
          hint: actions.length >= kMaxLinkedActions ? t('meetings.linkedActionHint', { n: kMaxLinkedActions }) : undefined,
          value: item?.action_id != null ? String(item.action_id) : '',
          options: linkOptions(actions),
        }),
      ),
      field({
        name: 'document_id',
        label: t('meetings.linkedDocument'),
        value: item?.document_id != null ? String(item.document_id) : '',
        options: linkOptions(documents),
      }),
      field({
        name: 'view_id',
        label: t('meetings.linkedView'),
        value: item?.view_id != null ? String(item.view_id) : '',
        options: linkOptions(views),
      }),
      h(
        'div',
        { class: 'form-actions span-all' },
        h('button', { type: 'submit', class: 'btn' }, item ? t('form.save') : t('meetings.addItem')),
      ),
    );
    onSubmit(form, async (fd) => {
      const body = {
        title: str(fd, 'title'),
        problem_statement: str(fd, 'problem_statement'),
        priority: num(fd, 'priority'),
        stakes: str(fd, 'stakes'),
        action_id: optionalId(fd, 'action_id'),
        document_id: optionalId(fd, 'document_id'),
        view_id: optionalId(fd, 'view_id'),
      };
      if (item) {
        await api.put(`agenda-items/${item.id}`, { ...body, position: num(fd, 'position') });
        await reload(t('meetings.itemUpdated'), 'mt-agenda');
      } else {
        await api.post(`meetings/${id}/agenda-items`, body);
        await reload(t('meetings.itemAdded'), 'mt-agenda');
      }
    });
    return h('div', { class: 'subform' }, h('h3', {}, label), form);
  };

  const decisionForm = () => {
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': t('meetings.addDecision') },
      h('div', { class: 'span-all' }, field({ name: 'text', label: t('meetings.decisionText'), required: true, textarea: true })),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('meetings.addDecision'))),
    );
    onSubmit(form, async (fd) => {
      await api.post(`meetings/${id}/decisions`, { text: str(fd, 'text') });
      await reload(t('meetings.decisionAdded'), 'mt-decisions');
    });
    return h('div', { class: 'subform' }, h('h3', {}, t('meetings.addDecision')), form);
  };

  const followUpForm = () => {
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': t('meetings.addFollowUp') },
      h('div', { class: 'span-all' }, field({ name: 'text', label: t('meetings.fuText'), required: true, attrs: { maxlength: 2000 } })),
      field({ name: 'owner', label: t('meetings.fuOwner'), required: true, attrs: { maxlength: 200 } }),
      field({ name: 'due_on', label: t('meetings.fuDue'), type: 'date', required: true }),
      field({
        name: 'status',
        label: t('common.status'),
        required: true,
        value: 'a_faire',
        options: FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: tv('fustatus', s) })),
      }),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('meetings.addFollowUp'))),
    );
    onSubmit(form, async (fd) => {
      await api.post(`meetings/${id}/follow-ups`, {
        text: str(fd, 'text'),
        owner: str(fd, 'owner'),
        due_on: str(fd, 'due_on'),
        status: str(fd, 'status'),
      });
      await reload(t('meetings.fuAdded'), 'mt-follow');
    });
    return h('div', { class: 'subform' }, h('h3', {}, t('meetings.addFollowUp')), form);
  };

  fill(m);
  return m.title;
}

function renderAgenda(section: HTMLElement, items: AgendaItem[], editor: MeetingEditor | null): void {
  clear(section);
  section.append(h('h2', { id: 'mt-agenda', tabindex: -1 }, t('meetings.agenda')));
  const sorted = [...items].sort((a, b) => a.position - b.position || a.id - b.id);
  if (!sorted.length) {
    section.append(h('p', { class: 'empty' }, t('meetings.agendaEmpty')));
    return;
  }
  section.append(
    h(
      'ol',
      { class: 'agenda' },
      sorted.map((it) =>
        h(
          'li',
          {},
          h('h3', { class: 'agenda-title' }, it.title, ' ', priorityBadge(it.priority)),
          h(
            'dl',
            { class: 'details' },
            h('dt', {}, t('meetings.priority')),
            h('dd', {}, priorityLabel(it.priority)),
            it.problem_statement ? [h('dt', {}, t('meetings.problem')), h('dd', {}, paragraphs(it.problem_statement))] : null,
            it.stakes ? [h('dt', {}, t('meetings.stakes')), h('dd', {}, paragraphs(it.stakes))] : null,
            it.action_id != null
              ? [
                  h('dt', {}, t('meetings.linkedAction')),
                  h('dd', {}, h('a', { href: `#/actions/${it.action_id}` }, it.action_title ?? `#${it.action_id}`)),
                ]
              : null,
            it.document_id != null
              ? [
                  h('dt', {}, t('meetings.linkedDocument')),
                  h('dd', {}, h('a', { href: '#/documents' }, it.document_title ?? `#${it.document_id}`)),
                ]
              : null,
            it.view_id != null
              ? [h('dt', {}, t('meetings.linkedView')), h('dd', {}, viewEmbed(it.view_id, it.view_name ?? `#${it.view_id}`))]
              : null,
          ),
          editor ? agendaItemTools(it, editor) : null,
        ),
      ),
    ),
  );
}

/** "Edit" opens the item's form in place; "Delete" asks first. */
function agendaItemTools(it: AgendaItem, editor: MeetingEditor): HTMLElement {
  const box = h('div', { hidden: true });
  const edit = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-secondary btn-small',
      'aria-expanded': 'false',
      'aria-label': t('meetings.editItem', { name: it.title }),
    },
    t('form.edit'),
  );
  edit.addEventListener('click', () => {
    const open = box.hidden;
    box.hidden = !open;
    edit.setAttribute('aria-expanded', String(open));
    clear(box);
    if (open) {
      box.append(editor.itemForm(it));
      box.querySelector<HTMLElement>('input')?.focus();
    }
  });
  const del = deleteButton(t('meetings.deleteItem', { name: it.title }), () => void editor.deleteItem(it));
  return h('div', {}, h('div', { class: 'form-actions' }, edit, del), box);
}

function renderDecisions(section: HTMLElement, m: MeetingDetail, editor: MeetingEditor | null): void {
  clear(section);
  section.append(h('h2', { id: 'mt-decisions', tabindex: -1 }, t('meetings.decisions')));
  const item = (d: Decision, n: number) => {
    if (!editor) return h('li', {}, paragraphs(d.text));
    return h(
      'li',
      {},
      paragraphs(d.text),
      deleteButton(t('meetings.deleteDecision', { n }), () => void editor.deleteDecision(d, n)),
    );
  };
  section.append(
    m.decisions.length
      ? h(
          'ol',
          { class: 'item-list decisions' },
          m.decisions.map((d, i) => item(d, i + 1)),
        )
      : h('p', { class: 'empty' }, t('meetings.decisionsEmpty')),
  );
}

/** The status of a follow-up action, changed in place, and its deletion. */
function followUpTools(f: FollowUp, editor: MeetingEditor): HTMLElement {
  const select = h(
    'select',
    { 'aria-label': t('meetings.fuStatusOf', { name: f.text }) },
    FOLLOW_UP_STATUSES.map((s) => h('option', { value: s, selected: s === f.status }, tv('fustatus', s))),
  );
  const update = h('button', { type: 'button', class: 'btn btn-secondary btn-small' }, t('meetings.fuUpdate'));
  update.addEventListener('click', () => void editor.setFollowUpStatus(f, select.value));
  const del = deleteButton(t('meetings.fuDelete', { name: f.text }), () => void editor.deleteFollowUp(f));
  return h('div', { class: 'inline-tools' }, select, update, del);
}

function renderFollowUps(section: HTMLElement, items: FollowUp[], editor: MeetingEditor | null): void {
  clear(section);
  section.append(h('h2', { id: 'mt-follow', tabindex: -1 }, t('meetings.followUps')));
  const sorted = [...items].sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id - b.id);
  section.append(
    table(
      t('meetings.followUps'),
      [
        { label: t('meetings.fuText'), cell: (f: FollowUp) => f.text, header: true },
        { label: t('meetings.fuOwner'), cell: (f: FollowUp) => f.owner },
        {
          label: t('meetings.fuDue'),
          cell: (f: FollowUp) => {
            const n = daysUntil(f.due_on);
            return [
              date(f.due_on),
              f.status !== 'fait' && n != null && n < 0 ? [' ', h('span', { class: 'badge badge-danger' }, t('meetings.overdue'))] : null,
            ];
          },
        },
        { label: t('common.status'), cell: (f: FollowUp) => h('span', { class: `badge fustatus-${f.status}` }, tv('fustatus', f.status)) },
        ...(editor ? [{ label: t('common.actions'), cell: (f: FollowUp) => followUpTools(f, editor) }] : []),
      ],
      sorted,
      { captionHidden: true, emptyText: t('meetings.followUpsEmpty') },
    ),
  );
}
