// Beside the analyses' map: the summary, the distribution and Lorenz charts (each with its data table
// as text alternative) and the sortable table of zones.
import type { Chart as ChartT } from 'chart.js';
import { h, clear } from '../dom';
import { t } from '../i18n';
import { number, signed } from '../format';
import { table } from '../ui';
import type { AccessResult, ZoneRow } from './analyses-types';

const pct = (x: number | null | undefined) => (x == null ? '—' : `${number(Math.round(x * 1000) / 10)} %`);
const min = (x: number | null | undefined) => (x == null ? '—' : `${number(Math.round(x * 10) / 10)} min`);
const int = (x: number | null | undefined) => (x == null ? '—' : number(Math.round(x)));

/** Cutoffs of the result's share_within, in increasing order. */
export function cutoffsOf(r: AccessResult): string[] {
  return Object.keys(r.summary.share_within ?? {}).sort((a, b) => Number(a) - Number(b));
}

export interface Gains {
  gainers: number;
  share: number | null;
  meanChange: number | null;
}

/** The key figures; `id` names the list (a page embedding several views gives each its own). */
export function summaryBlock(r: AccessResult, gains: Gains | null, id = 'analysis-summary'): HTMLElement {
  const s = r.summary;
  const rows: [string, string][] = [
    [t('analyses.population'), int(s.population)],
    [t('analyses.mean'), min(s.mean_nearest)],
    [t('analyses.median'), min(s.median_nearest)],
    ...cutoffsOf(r).map((c): [string, string] => [t('analyses.shareWithin', { n: c }), pct(s.share_within[c])]),
    [t('analyses.whitePop'), `${int(s.white_zone_population)} (${pct(s.white_zone_share)})`],
    [t('analyses.gini'), s.gini == null ? '—' : number(Math.round(s.gini * 1000) / 1000)],
  ];
  if (gains) {
    rows.push([t('analyses.gainers'), `${int(gains.gainers)} (${pct(gains.share)})`]);
    rows.push([t('analyses.meanChange'), gains.meanChange == null ? '—' : `${signed(Math.round(gains.meanChange * 10) / 10)} min`]);
  }
  return h(
    'dl',
    { class: 'summary-list', id },
    rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

let charts: ChartT[] = [];
export function destroyCharts(): void {
  for (const c of charts) c.destroy();
  charts = [];
}

async function chartLib() {
  const m = await import('chart.js');
  m.Chart.register(
    m.BarController,
    m.BarElement,
    m.LineController,
    m.LineElement,
    m.PointElement,
    m.CategoryScale,
    m.LinearScale,
    m.Legend,
    m.Tooltip,
  );
  return m.Chart;
}

/** Population by 5-minute band of the nearest service: bar chart and its table. */
export function distributionBlock(r: AccessResult): HTMLElement {
  const label = (b: { from: number; to: number }) => t('analyses.band', { a: b.from, b: b.to });
  const canvas = h('canvas', { role: 'img', 'aria-label': t('analyses.distributionAlt') });
  void chartLib().then((Chart) => {
    if (!canvas.isConnected) return;
    charts.push(
      new Chart(canvas, {
        type: 'bar',
        data: {
          labels: r.distribution.map(label),
          datasets: [{ label: t('analyses.population'), data: r.distribution.map((b) => b.population), backgroundColor: '#000091' }],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { x: { ticks: { color: '#161616' } }, y: { beginAtZero: true, ticks: { color: '#161616' } } },
        },
      }),
    );
  });
  return h(
    'div',
    {},
    h('div', { class: 'chart-box' }, canvas),
    table(
      t('analyses.distributionCaption'),
      [
        { label: t('analyses.bandCol'), cell: (b) => label(b), header: true },
        { label: t('analyses.population'), cell: (b) => int(b.population), numeric: true },
      ],
      r.distribution,
      { scrollable: true },
    ),
  );
}

/** Lorenz curve of the opportunities within the largest cutoff, with the equality diagonal. */
export function lorenzBlock(r: AccessResult): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': t('analyses.lorenzAlt') });
  void chartLib().then((Chart) => {
    if (!canvas.isConnected) return;
    charts.push(
      new Chart(canvas, {
        type: 'line',
        data: {
          datasets: [
            { label: t('analyses.lorenz'), data: r.lorenz.map(([x, y]) => ({ x, y })), borderColor: '#000091', pointRadius: 0 },
            {
              label: t('analyses.equality'),
              data: [
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ],
              borderColor: '#929292',
              borderDash: [4, 4],
              pointRadius: 0,
            },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { position: 'bottom', labels: { color: '#161616' } } },
          scales: {
            x: {
              type: 'linear',
              min: 0,
              max: 1,
              title: { display: true, text: t('analyses.lorenzX'), color: '#161616' },
              ticks: { color: '#161616' },
            },
            y: { min: 0, max: 1, title: { display: true, text: t('analyses.lorenzY'), color: '#161616' }, ticks: { color: '#161616' } },
          },
        },
      }),
    );
  });
  // The table: every tenth point or so (the curve may have one point per cell).
  const stepN = Math.max(1, Math.ceil(r.lorenz.length / 11));
  const pts = r.lorenz.filter((_, k) => k % stepN === 0 || k === r.lorenz.length - 1);
  return h(
    'div',
    {},
    h('div', { class: 'chart-box' }, canvas),
    table(
      t('analyses.lorenzCaption'),
      [
        { label: t('analyses.lorenzX'), cell: (p) => pct(p[0]), header: true, numeric: true },
        { label: t('analyses.lorenzY'), cell: (p) => pct(p[1]), numeric: true },
      ],
      pts,
      { scrollable: true },
    ),
  );
}

interface ZoneCol {
  key: string;
  label: string;
  value: (z: ZoneRow & { gainers?: number; change?: number | null }) => number | string | null;
  text: (v: number | string | null) => string;
  numeric?: boolean;
}
type ZoneLine = ZoneRow & { gainers?: number; change?: number | null };

function zoneColumns(r: AccessResult, withGains: boolean): ZoneCol[] {
  const cols: ZoneCol[] = [
    { key: 'name', label: t('analyses.zone'), value: (z) => z.name, text: (v) => String(v ?? '') },
    { key: 'population', label: t('analyses.population'), value: (z) => z.population, text: (v) => int(v as number), numeric: true },
    { key: 'mean', label: t('analyses.mean'), value: (z) => z.mean_nearest, text: (v) => min(v as number | null), numeric: true },
    ...cutoffsOf(r).map(
      (c): ZoneCol => ({
        key: `w${c}`,
        label: t('analyses.shareWithin', { n: c }),
        value: (z) => z.share_within?.[c] ?? null,
        text: (v) => pct(v as number | null),
        numeric: true,
      }),
    ),
    { key: 'white', label: t('analyses.whitePop'), value: (z) => z.white_zone_population, text: (v) => int(v as number), numeric: true },
  ];
  if (withGains) {
    cols.push(
      {
        key: 'gainers',
        label: t('analyses.gainers'),
        value: (z) => z.gainers ?? null,
        text: (v) => int(v as number | null),
        numeric: true,
      },
      {
        key: 'change',
        label: t('analyses.meanChange'),
        value: (z) => z.change ?? null,
        text: (v) => (v == null ? '—' : `${signed(Math.round(Number(v) * 10) / 10)} min`),
        numeric: true,
      },
    );
  }
  return cols;
}

/** The zones of a level, with their gains when the result compares with the baseline. */
export function zoneLines(r: AccessResult, level: string): { rows: ZoneLine[]; withGains: boolean } {
  const rows: ZoneLine[] = (r.zones?.[level] ?? []).map((z) => ({ ...z }));
  const dz = r.difference?.zones?.[level];
  if (dz) {
    const by = new Map(dz.map((d) => [String(d.id), d]));
    for (const z of rows) {
      const d = by.get(String(z.id));
      z.gainers = d?.gainers ?? 0;
      z.change = d?.mean_change_min ?? null;
    }
  }
  return { rows, withGains: Boolean(dz) };
}

/** The table of zones, sortable by clicking a column's header button (aria-sort on the sorted one). */
export function zonesTable(r: AccessResult, level: string, levelLabel: string, id = 'zones-table'): HTMLElement {
  const { rows, withGains } = zoneLines(r, level);
  const cols = zoneColumns(r, withGains);
  const wrap = h('div', {
    class: 'table-wrap',
    tabindex: 0,
    role: 'region',
    'aria-label': t('analyses.zonesCaption', { level: levelLabel }),
  });
  let sortKey = 'name';
  let asc = true;
  const draw = (focusKey: string | null) => {
    const col = cols.find((c) => c.key === sortKey) ?? cols[0];
    const sorted = [...rows].sort((a, b) => {
      const va = col.value(a);
      const vb = col.value(b);
      if (va == null && vb == null) return 0;
      if (va == null) return 1;
      if (vb == null) return -1;
      const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), 'fr');
      return asc ? c : -c;
    });
    clear(wrap);
    if (!rows.length) {
      wrap.append(h('p', { class: 'empty' }, t('common.empty')));
      return;
    }
    wrap.append(
      h(
        'table',
        { id },
        h('caption', {}, t('analyses.zonesCaption', { level: levelLabel }), h('span', { class: 'sr-only' }, ` ${t('analyses.sortHint')}`)),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            cols.map((c) =>
              h(
                'th',
                {
                  scope: 'col',
                  class: c.numeric ? 'num' : null,
                  'aria-sort': c.key === sortKey ? (asc ? 'ascending' : 'descending') : null,
                },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'sort-btn',
                    'data-key': c.key,
                    onclick: () => {
                      if (sortKey === c.key) asc = !asc;
                      else {
                        sortKey = c.key;
                        asc = true;
                      }
                      draw(c.key);
                    },
                  },
                  c.label,
                  h('span', { 'aria-hidden': 'true' }, c.key === sortKey ? (asc ? ' ▲' : ' ▼') : ' ↕'),
                ),
              ),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          sorted.map((z) =>
            h(
              'tr',
              {},
              cols.map((c, k) =>
                k === 0 ? h('th', { scope: 'row' }, c.text(c.value(z))) : h('td', { class: c.numeric ? 'num' : null }, c.text(c.value(z))),
              ),
            ),
          ),
        ),
      ),
    );
    if (focusKey) wrap.querySelector<HTMLButtonElement>(`button[data-key="${focusKey}"]`)?.focus();
  };
  draw(null);
  return wrap;
}

/** The zones table as CSV text (semicolon-separated, as French spreadsheets expect). */
export function zonesCsv(r: AccessResult, level: string): string {
  const { rows, withGains } = zoneLines(r, level);
  const cols = zoneColumns(r, withGains);
  const esc = (s: string) => (/[";\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const raw = (v: number | string | null) => (v == null ? '' : String(v));
  return `${[cols.map((c) => esc(c.label)).join(';'), ...rows.map((z) => cols.map((c) => esc(raw(c.value(z)))).join(';'))].join('\r\n')}\r\n`;
}
