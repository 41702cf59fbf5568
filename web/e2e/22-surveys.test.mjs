// Scenario 22: a mobility-needs survey — the admin creates a survey and a column mapping, imports a
// LimeSurvey-like CSV export through the file input; the table by public hides the groups under the
// secrecy threshold (young people, 4 answers, and job seekers, 12: the next smallest) and shows the
// elderly people's 14; the XLSX export writes the same secret marks; the free text shows to the owner.
// With the département's communes loaded (scripts/e2e: serve --communes), "93066" and "Saint-Denis"
// are one commune in the public x commune table, whose secrecy is worked out by hand below; a second
// export, Windows-1252 with coordinates, adds answers placed by their point, and the map's table
// shows each commune's share of respondents naming "Coût".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SKIP, ADMIN, RUN, axeViolations, screenshot, withPage } from './helpers.mjs';

function exportCsv() {
  const rows = ['id,Nom,Public,Commune,Freins,Remarques'];
  let n = 0;
  for (let i = 0; i < 14; i++)
    rows.push(`${++n},Dupont${n},Personnes âgées,93066,"Coût; Distance",${i === 0 ? 'Pas de bus le dimanche' : ''}`);
  for (let i = 0; i < 12; i++) rows.push(`${++n},Durand${n},Demandeurs d'emploi,Saint-Denis,Horaires,`);
  for (let i = 0; i < 4; i++) rows.push(`${++n},Martin${n},Jeunes,93001,Coût,`);
  return `${rows.join('\n')}\n`;
}

// 12 elderly people placed by a point of Saint-Denis (its town hall, decimal commas), naming Coût;
// 11 job seekers of Aubervilliers by name. Encoded as Windows-1252 (â and é: the same bytes as Latin-1).
function excelCsv() {
  const rows = ['Public;Commune;Freins;Longitude;Latitude'];
  for (let i = 0; i < 12; i++) rows.push('Personnes âgées;;Coût;2,36018;48,93644');
  for (let i = 0; i < 11; i++) rows.push("Demandeurs d'emploi;Aubervilliers;Horaires;;");
  return Buffer.from(`${rows.join('\r\n')}\r\n`, 'latin1');
}

const cells = async (tableEl, page, name) =>
  (
    await tableEl
      .locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) })
      .locator('td')
      .allInnerTexts()
  ).map((s) => s.trim());

test('a survey export is imported and tabulated under statistical secrecy', { skip: SKIP }, async () => {
  const surveyTitle = `Besoins de mobilité ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Enquêtes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Enquêtes sur les besoins de mobilité' }).waitFor();

    const survey = page.getByRole('form', { name: 'Nouvelle enquête' });
    await survey.getByLabel(/^Intitulé/).fill(surveyTitle);
    await survey.getByLabel(/^Conservation/).fill('2099-12-31');
    await survey.getByLabel(/^Finalité/).fill('Connaître les freins à la mobilité des publics du plan.');
    await survey.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('rowheader', { name: surveyTitle }).waitFor();

    const mapping = page.getByRole('form', { name: 'Nouvelle correspondance de colonnes' });
    await mapping.getByLabel(/^Nom/).fill(`LimeSurvey ${RUN}`);
    await mapping.getByLabel(/^Colonne du public/).fill('Public');
    await mapping.getByLabel(/^Colonne de la commune/).fill('Commune');
    await mapping.getByLabel(/^Colonne des freins/).fill('Freins');
    await mapping.getByLabel(/^Colonne de texte libre/).fill('Remarques');
    await mapping.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('rowheader', { name: `LimeSurvey ${RUN}` }).waitFor();

    await page.getByLabel('Enquête', { exact: true }).selectOption({ label: surveyTitle });
    const importForm = page.getByRole('form', { name: 'Importer un export' });
    await importForm.getByLabel('Correspondance de colonnes').selectOption({ label: `LimeSurvey ${RUN}` });
    await importForm
      .getByLabel('Fichier exporté')
      .setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(exportCsv()) });
    await importForm.getByRole('button', { name: 'Importer les réponses' }).click();
    await page.getByText('30 réponse(s) importée(s).').waitFor();

    const tableEl = page.getByRole('table', { name: 'Réponses par groupe' });
    const row = (name) => tableEl.locator('tr', { has: page.getByRole('rowheader', { name, exact: true }) });
    await row('Personnes âgées').waitFor();
    const elderly = (await row('Personnes âgées').locator('td').allInnerTexts()).map((s) => s.trim());
    assert.equal(elderly[0], '14');
    assert.deepEqual(elderly, ['14', '14', '14', '0']); // respondents, then cost, distance, schedules
    assert.match(await row('Jeunes').innerText(), /secret \(< 11\)/);
    assert.doesNotMatch(await row('Jeunes').innerText(), /\b4\b/);
    assert.match(await row("Demandeurs d'emploi").innerText(), /secret \(< 11\)/);
    await page.getByText('Pas de bus le dimanche (Personnes âgées)').waitFor();
    await screenshot(page, '22-surveys');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Exporter le tableau (XLSX)' }).click(),
    ]);
    const file = path.join(tmpdir(), `enquete-${RUN}.xlsx`);
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.getWorksheet('Tableau');
    const lines = [];
    sheet.eachRow((r) => lines.push(r.values.slice(1).map((v) => String(v ?? ''))));
    const young = lines.find((l) => l[0] === 'Jeunes');
    assert.ok(
      young?.slice(1).every((v) => v === 'secret (< 11)'),
      JSON.stringify(young),
    );

    // Public x commune, respondents:        Aubervilliers  Saint-Denis  Total
    //   Demandeurs d'emploi                       0             12         12
    //   Jeunes                                    4              0          4
    //   Personnes âgées                           0             14         14
    //   Total                                     4             26         30
    // Secret (1-10): Jeunes/Aubervilliers, Jeunes' total, Aubervilliers' total. Then the totals' row
    // has one secret: 26 goes; Saint-Denis' column then has one: 12 goes; the totals' column has
    // one (4): the next smallest, job seekers' 12, goes.
    const S = 'secret (< 11)';
    const cross = page.getByRole('table', { name: 'Répondants par public et par commune' });
    await cross.getByRole('rowheader', { name: 'Personnes âgées', exact: true }).waitFor();
    assert.deepEqual(
      (await cross.locator('thead th').allInnerTexts()).map((x) => x.trim()),
      ['Public', 'Aubervilliers', 'Saint-Denis', 'Total'],
    );
    assert.deepEqual(await cells(cross, page, 'Personnes âgées'), ['0', '14', '14']);
    assert.deepEqual(await cells(cross, page, "Demandeurs d'emploi"), ['0', S, S]);
    assert.deepEqual(await cells(cross, page, 'Jeunes'), [S, '0', S]);
    assert.deepEqual(await cells(cross, page, 'Total'), [S, S, '30']);

    // The second export: Windows-1252, coordinates in their own columns.
    await mapping.getByLabel(/^Nom/).fill(`Excel ${RUN}`);
    await mapping.getByLabel(/^Outil/).selectOption({ label: 'Microsoft Forms' });
    await mapping.getByLabel(/^Colonne du public/).fill('Public');
    await mapping.getByLabel(/^Colonne de la commune/).fill('Commune');
    await mapping.getByLabel(/^Colonne des freins/).fill('Freins');
    await mapping.getByLabel(/^Colonne de la longitude/).fill('Longitude');
    await mapping.getByLabel(/^Colonne de la latitude/).fill('Latitude');
    await mapping.getByLabel(/^Encodage/).selectOption({ label: 'Windows-1252 (Excel)' });
    await mapping.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('rowheader', { name: `Excel ${RUN}` }).waitFor();
    await page.getByLabel('Enquête', { exact: true }).selectOption({ label: surveyTitle });
    const again = page.getByRole('form', { name: 'Importer un export' });
    await again.getByLabel('Correspondance de colonnes').selectOption({ label: `Excel ${RUN}` });
    await again.getByLabel('Fichier exporté').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: excelCsv() });
    await again.getByRole('button', { name: 'Importer les réponses' }).click();
    await page.getByText('23 réponse(s) importée(s).').waitFor();
    assert.match(
      await page.locator('#survey-communes').innerText(),
      /23 réponse\(s\) rattachée\(s\).*0 nom\(s\) non reconnu\(s\), 0 point/,
    );
    // The accents were read in the file's encoding: the 12 join the 14 elderly people.
    assert.equal((await cells(tableEl, page, 'Personnes âgées'))[0], '26');

    // The map of Coût: Saint-Denis 14 (every elderly person of the first export) + 12 of 38 (68 %),
    // Aubervilliers 4 of 15 (27 %).
    await page.getByLabel('Réponse comptée').selectOption('Coût');
    const mapTable = page.getByRole('table', { name: 'Chiffres de la carte, par commune' });
    await mapTable.getByRole('columnheader', { name: 'Citent « Coût »' }).waitFor();
    assert.deepEqual(await cells(mapTable, page, 'Saint-Denis'), ['38', '26 (68 %)']);
    assert.deepEqual(await cells(mapTable, page, 'Aubervilliers'), ['15', '4 (27 %)']);
    assert.deepEqual(await cells(mapTable, page, 'Bobigny'), ['0', '—']);
    await page.locator('.map canvas').waitFor();
    await screenshot(page, '22-surveys-map');
    assert.deepEqual(await axeViolations(page), [], 'the page with its tables and map');
  });
});
