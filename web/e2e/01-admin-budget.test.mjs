// Scenario 1: an admin creates an action with two budget lines through the UI, then downloads
// the budget annex (XLSX) and checks its totals against the lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { BASE, SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

const cents = (n) => Math.round(Number(n) * 100);

function cellValue(v) {
  if (v == null) return null;
  if (typeof v === 'object') {
    if ('result' in v) return v.result;
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return v.text;
  }
  return v;
}

/** Rows of a sheet as arrays of plain values (index 0 = column A). */
function rowsOf(ws) {
  const rows = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const vals = [];
    for (let c = 1; c <= row.cellCount; c++) vals.push(cellValue(row.getCell(c).value));
    rows.push(vals);
  });
  return rows;
}

/** Header indexes of the amount columns, data rows and the "Total" row of an annex sheet. */
function parseSheet(wb, name) {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet "${name}" exists (sheets: ${wb.worksheets.map((w) => w.name).join(', ')})`);
  const rows = rowsOf(ws);
  const hi = rows.findIndex((r) => r.includes('Prévu (€)'));
  assert.ok(hi >= 0, `sheet "${name}" has a header row with "Prévu (€)"`);
  const header = rows[hi];
  const col = { planned: header.indexOf('Prévu (€)'), voted: header.indexOf('Voté (€)'), spent: header.indexOf('Réalisé (€)') };
  assert.ok(col.voted >= 0 && col.spent >= 0, `sheet "${name}" has the "Voté (€)" and "Réalisé (€)" columns`);
  const after = rows.slice(hi + 1);
  const ti = after.findIndex((r) => r.some((v) => typeof v === 'string' && v.trim() === 'Total'));
  assert.ok(ti >= 0, `sheet "${name}" has a "Total" row`);
  assert.equal(ti, after.length - 1, `the "Total" row is the last row of "${name}"`);
  const amounts = (r) => ({ planned: cents(r[col.planned] ?? 0), voted: cents(r[col.voted] ?? 0), spent: cents(r[col.spent] ?? 0) });
  return { data: after.slice(0, ti), total: amounts(after[ti]), amounts };
}

function sum(rows, amounts) {
  return rows.reduce(
    (t, r) => {
      const a = amounts(r);
      return { planned: t.planned + a.planned, voted: t.voted + a.voted, spent: t.spent + a.spent };
    },
    { planned: 0, voted: 0, spent: 0 },
  );
}

test('admin creates an action with two budget lines and the annex XLSX totals match', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const objective = await admin.post('objectives', {
    code: `E2E-${RUN}`,
    title: `Objectif e2e ${RUN}`,
    description: 'Créé par les tests de bout en bout.',
  });
  const before = await admin.get('budget-annex');
  const title = `Action e2e ${RUN}`;
  const lines = [
    { year: 2025, direction: 'DTCM', nature: 'investissement', planned: 10000, voted: 8000, spent: 2500.5 },
    { year: 2026, direction: 'DPAPH', nature: 'fonctionnement', planned: 4000, voted: 4000, spent: 1200 },
  ];
  const ours = {
    planned: lines.reduce((s, l) => s + cents(l.planned), 0),
    voted: lines.reduce((s, l) => s + cents(l.voted), 0),
    spent: lines.reduce((s, l) => s + cents(l.spent), 0),
  };

  const dl = await mkdtemp(path.join(tmpdir(), 'solimob-dl-'));
  let actionId = null;
  try {
    await withPage(ADMIN, async ({ page }) => {
      // Dashboard screenshot (layout check).
      await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Exécution budgétaire par année' }).waitFor();
      await page.waitForTimeout(300); // let the chart draw
      await screenshot(page, 'dashboard');

      // Create the action through the form.
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: "Plan d'actions" }).click();
      await page.getByRole('link', { name: 'Nouvelle action' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nouvelle action' }).waitFor();
      await page.getByLabel('Intitulé').fill(title);
      await page.getByLabel('Objectif').selectOption(String(objective.id));
      await page.getByLabel('Statut').selectOption('en_cours');
      await page.getByLabel('Direction pilote').fill('DTCM');
      await page.getByLabel('Territoire', { exact: true }).fill('Seine-Saint-Denis');
      await page.getByLabel('Publics').fill('personnes âgées, personnes handicapées');
      await page.getByLabel('Date de début').fill('2025-01-01');
      await page.getByLabel('Date de fin').fill('2026-12-31');
      const partner = page.getByRole('group', { name: 'Partenaires associés' }).getByRole('checkbox').first();
      if ((await partner.count()) > 0) await partner.check();
      await page.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const m = /#\/actions\/(\d+)$/.exec(page.url());
      assert.ok(m, `redirected to the action page (${page.url()})`);
      actionId = Number(m[1]);

      // Two budget lines through the line form.
      for (const [i, l] of lines.entries()) {
        const form = page.getByRole('form', { name: 'Ajouter une ligne budgétaire' });
        await form.getByLabel('Année').fill(String(l.year));
        await form.getByLabel('Direction').fill(l.direction);
        await form.getByLabel('Nature').selectOption(l.nature);
        await form.getByLabel('Prévu').fill(String(l.planned));
        await form.getByLabel('Voté').fill(String(l.voted));
        await form.getByLabel('Réalisé').fill(String(l.spent));
        await form.getByRole('button', { name: 'Ajouter une ligne budgétaire' }).click();
        await page.locator('section[aria-labelledby="sec-lines"] tbody tr').nth(i).waitFor();
      }
      assert.equal(await page.locator('section[aria-labelledby="sec-lines"] tbody tr').count(), 2);
      const detail = await admin.get(`actions/${actionId}`);
      assert.equal(detail.budget_lines.length, 2, 'the API has the two lines');
      assert.equal(detail.objective_id, objective.id);

      // Budget annex page and XLSX download.
      await page.getByRole('link', { name: 'Annexe budgétaire' }).click();
      await page.getByRole('heading', { level: 1, name: /Annexe budgétaire/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Par objectif' }).waitFor();
      await page
        .locator('main')
        .getByText(new RegExp(`E2E-${RUN}|Objectif e2e ${RUN}`))
        .first()
        .waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: "Télécharger l'annexe (XLSX)" }).click(),
      ]);
      const file = path.join(dl, 'annexe.xlsx');
      await download.saveAs(file);

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const expected = {
        planned: cents(before.total.planned) + ours.planned,
        voted: cents(before.total.voted) + ours.voted,
        spent: cents(before.total.spent) + ours.spent,
      };
      for (const name of ['Par direction', 'Par objectif', 'Détail']) {
        const s = parseSheet(wb, name);
        assert.deepEqual(s.total, expected, `"${name}" Total row = previous total + the two new lines`);
        assert.deepEqual(sum(s.data, s.amounts), s.total, `"${name}" Total row = sum of its rows`);
      }
      const mine = (r) => r.some((v) => typeof v === 'string' && (v.includes(`E2E-${RUN}`) || v.includes(`Objectif e2e ${RUN}`)));
      const byObj = parseSheet(wb, 'Par objectif');
      assert.deepEqual(sum(byObj.data.filter(mine), byObj.amounts), ours, 'our objective rows = sum of the two lines');
      const detailSheet = parseSheet(wb, 'Détail');
      const ourRows = detailSheet.data.filter((r) => r.some((v) => v === title));
      assert.equal(ourRows.length, 2, 'the "Détail" sheet lists the two lines of the action');
      assert.deepEqual(sum(ourRows, detailSheet.amounts), ours);
    });
  } finally {
    await rm(dl, { recursive: true, force: true });
    if (actionId != null) await admin.del(`actions/${actionId}`).catch(() => {});
  }
});

if (SKIP) console.log(SKIP);
else console.log(`e2e against ${BASE}`);
