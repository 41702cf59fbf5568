// Scenario 22: a mobility-needs survey — the admin creates a survey and a column mapping, imports a
// LimeSurvey-like CSV export through the file input; the table by public hides the groups under the
// secrecy threshold (young people, 4 answers, and job seekers, 12: the next smallest) and shows the
// elderly people's 14; the XLSX export writes the same secret marks; the free text shows to the owner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SKIP, ADMIN, RUN, launch, uiLogin, screenshot, watchErrors } from './helpers.mjs';

function exportCsv() {
  const rows = ['id,Nom,Public,Commune,Freins,Remarques'];
  let n = 0;
  for (let i = 0; i < 14; i++)
    rows.push(`${++n},Dupont${n},Personnes âgées,93066,"Coût; Distance",${i === 0 ? 'Pas de bus le dimanche' : ''}`);
  for (let i = 0; i < 12; i++) rows.push(`${++n},Durand${n},Demandeurs d'emploi,Saint-Denis,Horaires,`);
  for (let i = 0; i < 4; i++) rows.push(`${++n},Martin${n},Jeunes,93001,Coût,`);
  return `${rows.join('\n')}\n`;
}

test('a survey export is imported and tabulated under statistical secrecy', { skip: SKIP }, async () => {
  const surveyTitle = `Besoins de mobilité ${RUN}`;
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    await uiLogin(page, ADMIN);
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
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});
