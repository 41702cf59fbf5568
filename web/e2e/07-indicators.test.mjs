// Scenario 7: an admin creates a plan indicator and two measures through the UI; the chart
// (with baseline and target) and its data table are shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin creates an indicator with two measures: chart and values table', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const name = `Taux de retour à l'emploi e2e ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Indicateurs', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Indicateurs du plan' }).waitFor();

    const create = page.locator('section[aria-labelledby="ind-new"] form');
    await create.getByLabel("Nom de l'indicateur").fill(name);
    await create.getByLabel('Définition').fill('Bénéficiaires en emploi à 6 mois / bénéficiaires accompagnés.');
    await create.getByLabel('Unité').fill('%');
    await create.getByLabel('Valeur de référence').fill('20');
    await create.getByLabel('Cible').fill('45');
    await create.getByRole('button', { name: 'Créer' }).click();
    const card = page.locator('section.indicator', { has: page.getByRole('heading', { level: 2, name }) });
    await card.waitFor();
    assert.equal(await card.locator('canvas').count(), 0, 'no chart before the first measure');

    // Two measures, the later one first (the page sorts them by date).
    const measures = [
      ['2025-06-30', '31.5'],
      ['2024-12-31', '25'],
    ];
    for (const [i, [d, v]] of measures.entries()) {
      const form = page.getByRole('form', { name: `Ajouter une mesure à « ${name} »` });
      await form.getByLabel('Date de mesure').fill(d);
      await form.getByLabel(/^Valeur/).fill(v);
      await form.getByRole('button', { name: /^Ajouter une mesure/ }).click();
      await page
        .getByRole('table', { name: `Mesures de « ${name} »` })
        .locator('tbody tr')
        .nth(i)
        .waitFor();
    }
    const tableRows = page.getByRole('table', { name: `Mesures de « ${name} »` }).locator('tbody tr');
    assert.equal(await tableRows.count(), 2);
    assert.match(await tableRows.nth(0).innerText(), /2024[\s\S]*25/);
    assert.match(await tableRows.nth(1).innerText(), /2025[\s\S]*31,5/);
    const canvas = card.locator('canvas');
    await canvas.waitFor();
    assert.ok(await canvas.isVisible(), 'the chart canvas is visible');
    assert.match(await canvas.getAttribute('aria-label'), /valeur de référence et la cible/);
    assert.match(await card.innerText(), /Cible\s*45 %/);

    const all = await admin.get('indicators');
    const mine = all.find((x) => x.name === name);
    assert.ok(mine, 'the API lists the indicator');
    assert.equal(mine.unit, '%');
    assert.equal(mine.baseline, 20);
    assert.equal(mine.target, 45);
    assert.deepEqual(
      mine.values.map((v) => [v.measured_on, v.value]),
      [
        ['2024-12-31', 25],
        ['2025-06-30', 31.5],
      ],
    );

    await page.waitForTimeout(300); // let the chart draw
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'indicators');
  });
});
