import {
  api, apiUrl, canEdit, MEETING_TYPES, PRIORITIES, FOLLOW_UP_STATUSES, MEETING_EXPORTS,
  type Meeting, type MeetingDetail, type Organisation, type AgendaItem, type FollowUp,
} from '../api';
import { h, clear } from '../dom';
import { t, tv, type Key } from '../i18n';
import { date, daysUntil } from '../format';
import { announce, field, checkboxGroup, onSubmit, str, num, ids, table, pageHeader, loadError } from '../ui';
import { navigate } from '../nav';

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
    const form = h(
      'form',
      { class: 'form-grid' },
      h('p', { class: 'hint span-all' }, t('form.requiredHint')),
      field({ name: 'type', label: t('common.type'), required: true, value: 'cotech', options: MEETING_TYPES.map((v) => ({ value: v, label: tv('meetingtype', v) })) }),
      h('div', { class: 'span-2' }, field({ name: 'title', label: t('common.title'), required: true, attrs: { maxlength: 300 } })),
      field({ name: 'held_on', label: t('meetings.heldOn'), type: 'date', required: true }),
      field({ name: 'place', label: t('meetings.place'), attrs: { maxlength: 300 } }),
      h(
        'div',
        { class: 'span-all' },
        checkboxGroup('participant_ids', t('meetings.participants'), [...orgs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: String(o.id), label: o.name })), new Set(), t('actions.noPartners')),
      ),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('form.create'))),
    );
    onSubmit(form, async (fd) => {
      const created = await api.post<Meeting>('meetings', {
        type: str(fd, 'type'),
        title: str(fd, 'title'),
        held_on: str(fd, 'held_on'),
        place: str(fd, 'place'),
        participant_ids: ids(fd, 'participant_ids'),
      });
      announce(t('meetings.created'));
      navigate(`#/meetings/${created.id}`);
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': 'meeting-new' }, h('h2', { id: 'meeting-new' }, t('meetings.new')), form));
  }
  return title;
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
  root.append(pageHeader(m.title));

  const details = h(
    'section',
    { class: 'card', 'aria-labelledby': 'mt-details' },
    h('h2', { id: 'mt-details' }, t('meetings.details')),
    h(
      'dl',
      { class: 'details' },
      h('dt', {}, t('common.type')), h('dd', {}, tv('meetingtype', m.type)),
      h('dt', {}, t('meetings.heldOn')), h('dd', {}, date(m.held_on)),
      h('dt', {}, t('meetings.place')), h('dd', {}, m.place || '—'),
      h('dt', {}, t('meetings.participants')),
      h(
        'dd',
        {},
        m.participant_ids.length
          ? h('ul', { class: 'inline-list' }, m.participant_ids.map((pid) => h('li', {}, orgById.get(pid)?.name ?? `#${pid}`)))
          : '—',
      ),
    ),
  );

  const exportLink = (format: string, key: Key, cls: string) =>
    h('a', { href: apiUrl(`meetings/${id}/export?format=${format}`), class: cls, download: `reunion-${id}.${format}` }, t(key));
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
      h('div', { class: 'span-all' }, field({ name: 'minutes', label: t('meetings.minutesText'), hint: t('meetings.minutesHint'), textarea: true, value: text, attrs: { rows: 10, maxlength: 200000 } })),
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

  const fill = (d: MeetingDetail) => {
    renderAgenda(agenda, d.agenda_items);
    renderDecisions(decisions, d);
    renderFollowUps(followUps, d.follow_ups);
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

  const agendaForm = () => {
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': t('meetings.addItem') },
      h('div', { class: 'span-2' }, field({ name: 'title', label: t('meetings.itemTitle'), required: true, attrs: { maxlength: 300 } })),
      field({ name: 'priority', label: t('meetings.priority'), required: true, value: '2', options: PRIORITIES.map((p) => ({ value: String(p), label: priorityLabel(p) })) }),
      h('div', { class: 'span-all' }, field({ name: 'problem_statement', label: t('meetings.problem'), hint: t('meetings.problemHint'), textarea: true })),
      h('div', { class: 'span-all' }, field({ name: 'stakes', label: t('meetings.stakes'), textarea: true })),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('meetings.addItem'))),
    );
    onSubmit(form, async (fd) => {
      await api.post(`meetings/${id}/agenda-items`, {
        title: str(fd, 'title'),
        problem_statement: str(fd, 'problem_statement'),
        priority: num(fd, 'priority'),
        stakes: str(fd, 'stakes'),
      });
      await reload(t('meetings.itemAdded'), 'mt-agenda');
    });
    return h('div', { class: 'subform' }, h('h3', {}, t('meetings.addItem')), form);
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
      field({ name: 'status', label: t('common.status'), required: true, value: 'a_faire', options: FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: tv('fustatus', s) })) }),
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

function renderAgenda(section: HTMLElement, items: AgendaItem[]): void {
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
            h('dt', {}, t('meetings.priority')), h('dd', {}, priorityLabel(it.priority)),
            it.problem_statement ? [h('dt', {}, t('meetings.problem')), h('dd', {}, paragraphs(it.problem_statement))] : null,
            it.stakes ? [h('dt', {}, t('meetings.stakes')), h('dd', {}, paragraphs(it.stakes))] : null,
            it.action_id != null
              ? [h('dt', {}, t('actions.title')), h('dd', {}, h('a', { href: `#/actions/${it.action_id}` }, `#${it.action_id}`))]
              : null,
          ),
        ),
      ),
    ),
  );
}

function renderDecisions(section: HTMLElement, m: MeetingDetail): void {
  clear(section);
  section.append(h('h2', { id: 'mt-decisions', tabindex: -1 }, t('meetings.decisions')));
  section.append(
    m.decisions.length
      ? h('ol', { class: 'item-list decisions' }, m.decisions.map((d) => h('li', {}, paragraphs(d.text))))
      : h('p', { class: 'empty' }, t('meetings.decisionsEmpty')),
  );
}

function renderFollowUps(section: HTMLElement, items: FollowUp[]): void {
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
            return [date(f.due_on), f.status !== 'fait' && n != null && n < 0 ? [' ', h('span', { class: 'badge badge-danger' }, t('meetings.overdue'))] : null];
          },
        },
        { label: t('common.status'), cell: (f: FollowUp) => h('span', { class: `badge fustatus-${f.status}` }, tv('fustatus', f.status)) },
      ],
      sorted,
      { captionHidden: true, emptyText: t('meetings.followUpsEmpty') },
    ),
  );
}
