// Scenario 9: the plan's texts (a section created then edited, body shown as text, never as HTML)
// and a partner contact (purpose required: GDPR).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin writes a plan section and records a partner contact', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const org = await admin.post('organisations', { name: `Garage solidaire e2e ${RUN}`, type: 'association', territory: 'Bobigny' });
  const title = `Principes e2e ${RUN}`;
  const body = `Premier paragraphe ${RUN}.\n\nSecond paragraphe <b>pas de HTML</b> ${RUN}.`;
  await withPage(ADMIN, async ({ page }) => {
    // ---- plan texts
    await page
      .getByRole('navigation', { name: 'Navigation principale' })
      .getByRole('link', { name: 'Textes du plan', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Plan de mobilité solidaire' }).waitFor();
    for (const kind of ['Diagnostic', 'Doctrine', 'Objectifs', 'Préconisations']) {
      await page.getByRole('heading', { level: 2, name: kind, exact: true }).waitFor();
    }
    const form = page.getByRole('form', { name: 'Nouvelle section' });
    await form.getByLabel('Partie du plan').selectOption('doctrine');
    await form.getByLabel('Intitulé').fill(title);
    await form.getByLabel('Texte').fill(body);
    await form.getByRole('button', { name: 'Créer' }).click();
    const doctrine = page.locator('section[aria-labelledby="plan-kind-doctrine"]');
    const article = doctrine.locator('article', { has: page.getByRole('heading', { level: 3, name: title }) });
    await article.waitFor();
    assert.equal(await article.locator('p').count(), 2, 'two paragraphs');
    assert.ok((await article.innerText()).includes('<b>pas de HTML</b>'), 'markup shown as text');
    assert.equal(await article.locator('b').count(), 0, 'no HTML injected');

    await article.getByRole('button', { name: `Modifier « ${title} »` }).click();
    const edit = page.getByRole('form', { name: `Modifier la section « ${title} »` });
    await edit.getByLabel('Intitulé').fill(`${title} (révisé)`);
    await edit.getByLabel('Partie du plan').selectOption('preconisations');
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await page
      .locator('section[aria-labelledby="plan-kind-preconisations"]')
      .getByRole('heading', { level: 3, name: `${title} (révisé)` })
      .waitFor();
    const sections = await admin.get('plan-sections');
    const mine = sections.find((s) => s.title === `${title} (révisé)`);
    assert.ok(mine, 'the API has the edited section');
    assert.equal(mine.kind, 'preconisations');
    assert.equal(mine.body, body);
    await screenshot(page, 'plan');

    // ---- partner contact
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Partenaires', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Partenaires' }).waitFor();
    await page.getByText('Données minimales : finalité obligatoire, pas de données sensibles').first().waitFor();
    const block = page.locator('.contacts-org', { has: page.getByRole('heading', { level: 3, name: `Contacts – ${org.name}` }) });
    await block.waitFor();
    await block.getByText(`Ajouter un contact – ${org.name}`).click();
    const cform = page.getByRole('form', { name: `Ajouter un contact – ${org.name}` });
    await cform.getByLabel('Nom').fill(`Responsable atelier ${RUN}`);
    await cform.getByLabel('Fonction').fill("Responsable d'atelier");
    await cform.getByLabel('Courriel').fill('atelier@garage.example');
    await cform.getByLabel('Téléphone').fill('01 23 45 67 89');
    await cform.getByRole('button', { name: 'Ajouter le contact' }).click();
    // Purpose is required: the form refuses and says so on the field.
    await cform.getByRole('alert').waitFor();
    assert.equal(await cform.getByLabel('Finalité').getAttribute('aria-invalid'), 'true');
    await cform.getByLabel('Finalité').fill('Organisation des réparations solidaires');
    await cform.getByRole('button', { name: 'Ajouter le contact' }).click();
    const row = block.locator('tbody tr', { hasText: `Responsable atelier ${RUN}` });
    await row.waitFor();
    assert.match(await row.innerText(), /atelier@garage\.example[\s\S]*Organisation des réparations solidaires/);
    const contacts = await admin.get(`organisations/${org.id}/contacts`);
    assert.deepEqual(
      contacts.map((c) => [c.name, c.purpose]),
      [[`Responsable atelier ${RUN}`, 'Organisation des réparations solidaires']],
    );
  });
});
