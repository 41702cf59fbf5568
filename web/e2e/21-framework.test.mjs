// Scenario 21: the territorial project's framework documents — the admin records
// "Seine-Saint-Denis 2030" and a commitment on a development sector in the UI, then the sector's
// page shows what the document says for it beside its projects by direction; an axis of cooperation
// with a partner is recorded with that partner's meetings listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, withPage } from './helpers.mjs';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [2.45, 48.9],
      [2.5, 48.9],
      [2.5, 48.93],
      [2.45, 48.93],
      [2.45, 48.9],
    ],
  ],
};

test('a framework document is shown on its sector page, an axis of cooperation with its partner', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const sectorName = `Secteur cadre ${RUN}`;
  await admin.post('sectors', { type: 'Feature', properties: { name: sectorName }, geometry: square });
  const sector = (await admin.get('sectors')).features.find((f) => f.properties.name === sectorName).properties.id;
  await admin.post(`sectors/${sector}/projects`, { title: `Pôle gare ${RUN}`, direction: 'DVD', status: 'etude' });
  const caf = (await admin.get('organisations')).find((o) => o.name === 'CAF de la Seine-Saint-Denis');
  await admin.post('meetings', { type: 'copil', title: `COPIL CAF ${RUN}`, held_on: '2027-03-01', participant_ids: [caf.id] });
  const docTitle = `Seine-Saint-Denis 2030 ${RUN}`;
  const commitment = `Un pôle d'échanges accessible à tous ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents-cadres' }).click();
    await page.getByRole('heading', { level: 1, name: 'Documents-cadres et coopérations' }).waitFor();

    const create = page.getByRole('form', { name: 'Nouveau document-cadre' });
    await create.getByLabel(/^Intitulé/).fill(docTitle);
    await create.getByLabel(/^Type/).selectOption('projet_territoire');
    await create.getByLabel(/^Horizon/).fill('2030');
    await create.getByRole('button', { name: 'Créer' }).click();
    const block = page.locator('div.contacts-org', { has: page.getByRole('heading', { level: 3, name: docTitle }) });
    await block.waitFor();
    const form = block.getByRole('form', { name: 'Nouvel engagement' });
    await form.getByLabel(/^Engagement/).fill(commitment);
    await form.getByLabel(/^Secteur/).selectOption(String(sector));
    await form.getByRole('button', { name: 'Créer' }).click();
    await block.getByRole('rowheader', { name: commitment }).waitFor();

    // An axis of cooperation with the CAF; its meetings are listed beside.
    const cafBlock = page.locator('div.contacts-org', {
      has: page.getByRole('heading', { level: 3, name: 'CAF de la Seine-Saint-Denis' }),
    });
    const axis = cafBlock.getByRole('form', { name: 'Nouvel axe de coopération' });
    await axis.getByLabel(/^Axe de coopération/).fill(`Mobilité des allocataires ${RUN}`);
    await axis.getByRole('button', { name: 'Créer' }).click();
    await cafBlock.getByRole('rowheader', { name: `Mobilité des allocataires ${RUN}` }).waitFor();
    await cafBlock.getByRole('link', { name: `COPIL CAF ${RUN}` }).waitFor();

    // The sector's page: the commitment under its document, the projects by direction.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Territoire' }).click();
    await page.getByRole('button', { name: `Projets : ${sectorName}` }).click();
    const section = page.locator('section.sector-projects');
    await section.getByRole('heading', { level: 3, name: 'Ce que disent les documents-cadres' }).waitFor();
    await section.getByRole('heading', { level: 4, name: `${docTitle} (Projet de territoire)` }).waitFor();
    await section.getByText(commitment).waitFor();
    assert.match(await section.locator('.sector-directions').innerText(), /DVD : 1 projet/);
  });
});
