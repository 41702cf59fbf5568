import { api, type Dashboard } from '../api';
import { h } from '../dom';
import { t, tv } from '../i18n';
import { euros, date } from '../format';
import { pageHeader, table, loadError } from '../ui';

export async function renderDashboard(root: HTMLElement): Promise<string> {
  const title = t('dashboard.title');
  root.append(pageHeader(title));
  const body = h('div', { class: 'dashboard', 'aria-busy': 'true' }, h('p', {}, t('app.loading')));
  root.append(body);
  let d: Dashboard;
  try {
    d = await api.get<Dashboard>('dashboard');
  } catch (err) {
    loadError(body, err);
    return title;
  }
  body.removeAttribute('aria-busy');
  body.replaceChildren();

  const expiring = h(
    'section',
    { class: 'card', 'aria-labelledby': 'dash-exp' },
    h('h2', { id: 'dash-exp' }, t('dashboard.expiring')),
    d.expiring_documents.length === 0
      ? h('p', { class: 'empty' }, t('common.empty'))
      : h(
          'ul',
          { class: 'item-list' },
          d.expiring_documents.map((doc) =>
            h(
              'li',
              {},
              h('a', { href: '#/documents' }, doc.title),
              ' ',
              h('span', { class: 'muted' }, `(${tv('doctype', doc.type)}, ${date(doc.ends_on)})`),
              ' ',
              h(
                'span',
                { class: doc.days_left < 0 ? 'badge badge-danger' : doc.days_left <= 30 ? 'badge badge-warning' : 'badge' },
                doc.days_left < 0 ? t('dashboard.expired', { n: -doc.days_left }) : t('dashboard.daysLeft', { n: doc.days_left }),
              ),
            ),
          ),
        ),
  );

  const overdue = h(
    'section',
    { class: 'card', 'aria-labelledby': 'dash-over' },
    h('h2', { id: 'dash-over' }, t('dashboard.overdue')),
    d.overdue_follow_ups.length === 0
      ? h('p', { class: 'empty' }, t('common.empty'))
      : h(
          'ul',
          { class: 'item-list' },
          d.overdue_follow_ups.map((f) =>
            h(
              'li',
              {},
              h('a', { href: `#/meetings/${f.meeting_id}` }, f.text),
              h(
                'span',
                { class: 'muted block' },
                [
                  t('dashboard.meeting', { title: f.meeting_title }),
                  f.owner ? t('dashboard.owner', { owner: f.owner }) : '',
                  t('dashboard.dueOn', { date: date(f.due_on) }),
                ]
                  .filter(Boolean)
                  .join(' · '),
              ),
            ),
          ),
        ),
  );

  const upcoming = h(
    'section',
    { class: 'card', 'aria-labelledby': 'dash-up' },
    h('h2', { id: 'dash-up' }, t('dashboard.upcoming')),
    d.upcoming_meetings.length === 0
      ? h('p', { class: 'empty' }, t('common.empty'))
      : h(
          'ul',
          { class: 'item-list' },
          d.upcoming_meetings.map((m) =>
            h(
              'li',
              {},
              h('a', { href: `#/meetings/${m.id}` }, m.title),
              ' ',
              h('span', { class: 'muted' }, `(${tv('meetingtype', m.type)}, ${t('dashboard.heldOn', { date: date(m.held_on) })})`),
            ),
          ),
        ),
  );

  const rows = [...d.budget_execution].sort((a, b) => a.year - b.year);
  const canvas = h('canvas', { role: 'img', 'aria-label': t('dashboard.budgetChartLabel') });
  const budget = h(
    'section',
    { class: 'card card-wide', 'aria-labelledby': 'dash-budget' },
    h('h2', { id: 'dash-budget' }, t('dashboard.budget')),
    rows.length ? h('div', { class: 'chart-box' }, canvas) : null,
    table(
      t('dashboard.budget'),
      [
        { label: t('common.year'), cell: (r) => String(r.year), header: true },
        { label: t('common.planned'), cell: (r) => euros(r.planned), numeric: true },
        { label: t('common.voted'), cell: (r) => euros(r.voted), numeric: true },
        { label: t('common.spent'), cell: (r) => euros(r.spent), numeric: true },
      ],
      rows,
      { captionHidden: true },
    ),
  );

  body.append(budget, expiring, overdue, upcoming);
  if (rows.length) void drawChart(canvas, rows);
  return title;
}

async function drawChart(canvas: HTMLCanvasElement, rows: Dashboard['budget_execution']): Promise<void> {
  const { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } = await import('chart.js');
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);
  const fmt = (v: number | string) => euros(Number(v));
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: rows.map((r) => String(r.year)),
      datasets: [
        { label: t('common.planned'), data: rows.map((r) => r.planned), backgroundColor: '#6a6af4' },
        { label: t('common.voted'), data: rows.map((r) => r.voted), backgroundColor: '#000091' },
        { label: t('common.spent'), data: rows.map((r) => r.spent), backgroundColor: '#18753c' },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        legend: { position: 'bottom', labels: { color: '#161616' } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label ?? ''} : ${fmt(c.parsed.y ?? 0)}` } },
      },
      scales: {
        x: { ticks: { color: '#161616' } },
        y: { beginAtZero: true, ticks: { color: '#161616', callback: (v) => fmt(v) } },
      },
    },
  });
}
