import { api, apiUrl, type BudgetAnnex } from '../api';
import { h } from '../dom';
import { t, tv } from '../i18n';
import { euros } from '../format';
import { table, pageHeader, loadError } from '../ui';

export async function renderAnnex(root: HTMLElement): Promise<string> {
  const title = t('annex.title');
  root.append(
    pageHeader(title, h('a', { href: apiUrl('budget-annex.xlsx'), class: 'btn', download: 'annexe-budgetaire.xlsx' }, t('annex.download'))),
    h('p', {}, t('annex.intro')),
  );
  const body = h('div', {}, h('p', {}, t('app.loading')));
  root.append(body);
  let d: BudgetAnnex;
  try {
    d = await api.get<BudgetAnnex>('budget-annex');
  } catch (err) {
    loadError(body, err);
    return title;
  }
  body.replaceChildren();
  const amountCols = <T extends { planned: number; voted: number; spent: number }>() => [
    { label: t('common.planned'), cell: (r: T) => euros(r.planned), numeric: true },
    { label: t('common.voted'), cell: (r: T) => euros(r.voted), numeric: true },
    { label: t('common.spent'), cell: (r: T) => euros(r.spent), numeric: true },
  ];
  const totalRow = (rows: { planned: number; voted: number; spent: number }[], span: number) => {
    const s = (k: 'planned' | 'voted' | 'spent') => rows.reduce((a, r) => a + Number(r[k] ?? 0), 0);
    return [
      h('th', { scope: 'row', colspan: span }, t('common.total')),
      h('td', { class: 'num' }, euros(s('planned'))),
      h('td', { class: 'num' }, euros(s('voted'))),
      h('td', { class: 'num' }, euros(s('spent'))),
    ];
  };
  const byDir = [...d.by_direction].sort(
    (a, b) => a.direction.localeCompare(b.direction) || a.year - b.year || a.nature.localeCompare(b.nature),
  );
  const byObj = [...d.by_objective].sort(
    (a, b) => String(a.objective).localeCompare(String(b.objective), undefined, { numeric: true }) || a.year - b.year,
  );
  body.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'annex-total' },
      h('h2', { id: 'annex-total' }, t('annex.total')),
      h(
        'dl',
        { class: 'totals' },
        h('div', {}, h('dt', {}, t('common.planned')), h('dd', {}, euros(d.total.planned))),
        h('div', {}, h('dt', {}, t('common.voted')), h('dd', {}, euros(d.total.voted))),
        h('div', {}, h('dt', {}, t('common.spent')), h('dd', {}, euros(d.total.spent))),
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'annex-dir' },
      h('h2', { id: 'annex-dir' }, t('annex.byDirection')),
      table(
        t('annex.byDirection'),
        [
          { label: t('common.direction'), cell: (r: BudgetAnnex['by_direction'][number]) => r.direction, header: true },
          { label: t('common.year'), cell: (r: BudgetAnnex['by_direction'][number]) => String(r.year) },
          { label: t('common.nature'), cell: (r: BudgetAnnex['by_direction'][number]) => tv('nature', r.nature) },
          ...amountCols<BudgetAnnex['by_direction'][number]>(),
        ],
        byDir,
        { captionHidden: true, footer: totalRow(byDir, 3) },
      ),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'annex-obj' },
      h('h2', { id: 'annex-obj' }, t('annex.byObjective')),
      table(
        t('annex.byObjective'),
        [
          { label: t('annex.objective'), cell: (r: BudgetAnnex['by_objective'][number]) => r.objective || t('form.none'), header: true },
          { label: t('common.year'), cell: (r: BudgetAnnex['by_objective'][number]) => String(r.year) },
          ...amountCols<BudgetAnnex['by_objective'][number]>(),
        ],
        byObj,
        { captionHidden: true, footer: totalRow(byObj, 2) },
      ),
    ),
  );
  return title;
}
