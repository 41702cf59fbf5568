// Scenario 8: an admin records the evaluation of a scheme; the cost per beneficiary computed by
// the server is shown in euros, with the before / after change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin creates an evaluation: cost per beneficiary in euros', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const title = `Évaluation garage solidaire ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Évaluations', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: /Évaluations/ }).waitFor();

    const form = page.locator('section[aria-labelledby="eval-new"] form');
    await form.getByLabel('Intitulé').fill(title);
    await form.getByLabel('Description').fill('Réparations à prix solidaire pour des bénéficiaires du RSA.');
    await form.getByLabel('Début de la période').fill('2024-01-01');
    await form.getByLabel('Fin de la période').fill('2024-12-31');
    await form.getByLabel('Bénéficiaires').fill('48');
    await form.getByLabel('Coût').fill('12000');
    await form.getByLabel('Indicateur suivi').fill('Taux de maintien en emploi (%)');
    await form.getByLabel('Valeur avant').fill('40');
    await form.getByLabel('Valeur après').fill('55');
    await form.getByRole('button', { name: 'Créer' }).click();

    const row = page.locator('main tbody tr', { hasText: title });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /250,00\s€/, `cost per beneficiary shown (${text})`);
    assert.match(text, /12\s000,00\s€/, 'cost shown');
    assert.match(text, /\+15 \(\+37,5 %\)/, 'before / after change shown');

    const all = await admin.get('evaluations');
    const mine = all.find((e) => e.title === title);
    assert.ok(mine, 'the API lists the evaluation');
    assert.equal(mine.beneficiaries, 48);
    assert.equal(mine.cost, 12000);
    assert.equal(mine.cost_per_beneficiary, 250);
    assert.equal(mine.action_id, null);
    await screenshot(page, 'evaluations');
  });
});
