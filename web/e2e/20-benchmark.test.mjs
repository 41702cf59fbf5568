// Scenario 20: benchmarking in the UI — the admin records another territory's plan and two
// measures; the comparison with our plan shows each measure under its public beside our action for
// the same public; the XLSX export holds the same rows; a measure becomes a proposed action of ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SKIP, ADMIN, RUN, apiSession, withPage } from './helpers.mjs';

test('another plan is compared with ours by public, exported, and one measure proposed', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const publicName = `Seniors isolés ${RUN}`;
  await admin.post('actions', {
    title: `Navette seniors ${RUN}`,
    owner_direction: 'DTCM',
    status: 'en_cours',
    publics: publicName,
    partner_ids: [],
  });
  const territory = `Métropole de Lyon ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Parangonnage' }).click();
    await page.getByRole('heading', { level: 1, name: 'Parangonnage' }).waitFor();

    const plan = page.getByRole('form', { name: "Nouveau plan d'un autre territoire" });
    await plan.getByLabel(/^Territoire/).fill(territory);
    await plan.getByLabel(/^Intitulé/).fill('Plan de mobilité solidaire');
    await plan.getByLabel(/^Période/).fill('2021-2026');
    await plan.getByLabel(/^Budget du plan/).fill('5000000');
    await plan.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { level: 3, name: `${territory} — Plan de mobilité solidaire` }).waitFor();

    const block = page.locator('div.contacts-org', {
      has: page.getByRole('heading', { level: 3, name: `${territory} — Plan de mobilité solidaire` }),
    });
    for (const [title, publics, budget] of [
      [`Conseil en mobilité ${RUN}`, publicName.toUpperCase(), '50000'],
      [`Garage solidaire ${RUN}`, "Demandeurs d'emploi", '300000'],
    ]) {
      const form = block.getByRole('form', { name: 'Nouvelle mesure' });
      await form.getByLabel(/^Intitulé/).fill(title);
      await form.getByLabel(/^Publics/).fill(publics);
      await form.getByLabel(/^Budget/).fill(budget);
      await form.getByRole('button', { name: 'Créer' }).click();
      await block.getByRole('rowheader', { name: title, exact: true }).waitFor();
    }

    // Side by side: our action and their measure under the same public (case folded).
    const byPublic = page.getByRole('table', { name: 'Mesures par public' });
    const row = byPublic.locator('tr', { has: page.getByRole('rowheader', { name: publicName, exact: true }) });
    await row.waitFor();
    const text = await row.innerText();
    assert.ok(text.includes(`Navette seniors ${RUN}`) && text.includes(`Conseil en mobilité ${RUN}`), text);

    // The export holds the same row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter la comparaison (XLSX)' }).click(),
    ]);
    const file = path.join(tmpdir(), `parangonnage-${RUN}.xlsx`);
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Par public');
    assert.ok(sheet, 'sheet "Par public"');
    let found = false;
    sheet.eachRow((r) => {
      const values = r.values.map((v) => String(v ?? ''));
      if (values.includes(publicName)) found = values.some((v) => v.includes(`Conseil en mobilité ${RUN}`));
    });
    assert.ok(found, 'the public row of the workbook names the measure');

    // A measure becomes a proposed action of ours.
    await block.getByRole('button', { name: `Proposer pour notre plan « Garage solidaire ${RUN} »` }).click();
    await page.getByText(`La mesure « Garage solidaire ${RUN} » est proposée comme action de notre plan.`).waitFor();
    await page.getByRole('link', { name: 'Voir la proposition' }).first().click();
    await page.getByRole('heading', { level: 1, name: `Garage solidaire ${RUN}` }).waitFor();
    assert.match(await page.locator('main').innerText(), /Proposée/);
  });
});
