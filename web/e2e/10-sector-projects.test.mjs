// Scenario 10: projects of a development sector. Sectors are imported through the API, then in the
// UI the admin chooses a sector (from the list, then another one on the map), adds a project and sees it listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, screenshot, axeViolations, withPage, rect } from './helpers.mjs';

test('admin adds a project to a development sector and sees it listed', { skip: SKIP }, async () => {
  const names = [`Secteur projets ${RUN} A`, `Secteur projets ${RUN} B`];
  const admin = await apiSession(ADMIN);
  const created = await admin.post('sectors', {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { name: names[0], description: 'Nord (test)' }, geometry: rect(2.4, 48.93, 0.06, 0.03) },
      { type: 'Feature', properties: { name: names[1], description: 'Sud (test)' }, geometry: rect(2.4, 48.86, 0.06, 0.03) },
    ],
  });
  assert.equal(created.created, 2);
  const fc = await admin.get('sectors');
  const ids = names.map((n) => {
    const f = fc.features.find((x) => x.properties?.name === n);
    return f.properties.id ?? f.id;
  });
  const orgs = await admin.get('organisations');
  const partner = orgs[0];
  const project = { title: `Pôle d’échanges ${RUN}`, direction: 'DTCM', horizon: '2028' };

  try {
    await withPage(ADMIN, async ({ page }) => {
      await page.getByRole('link', { name: 'Territoire' }).click();
      await page.getByRole('heading', { level: 1, name: /Territoire/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Projets des secteurs' }).waitFor();

      // Choose sector A in the list: its (empty) projects are shown and the focus moves to their heading.
      const pick = page.getByRole('button', { name: `Projets : ${names[0]}` });
      await pick.click();
      const heading = page.getByRole('heading', { level: 2, name: `Projets du secteur « ${names[0]} »` });
      await heading.waitFor();
      const section = page.locator('section.sector-projects');
      await section.getByText('Aucun projet pour ce secteur.').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'projects-title', 'focus on the projects heading');
      assert.equal(await page.getByRole('button', { name: `Projets : ${names[0]}` }).getAttribute('aria-pressed'), 'true');

      // Add a project.
      const form = page.getByRole('form', { name: `Ajouter un projet au secteur « ${names[0]} »` });
      await form.getByLabel('Intitulé').fill(project.title);
      await form.getByLabel('Statut').selectOption('programme');
      await form.getByLabel('Direction').fill(project.direction);
      if (partner) await form.getByLabel('Partenaire').selectOption(String(partner.id));
      await form.getByLabel('Horizon').fill(project.horizon);
      await form.getByRole('button', { name: 'Ajouter le projet' }).click();
      await page.getByRole('status').filter({ hasText: 'Projet ajouté.' }).waitFor();
      const row = section.locator('tbody tr', { hasText: project.title });
      await row.waitFor();
      const text = await row.innerText();
      assert.match(text, /Programmé/);
      assert.match(text, /DTCM/);
      assert.match(text, /2028/);
      if (partner) assert.ok(text.includes(partner.name), `partner name in the row (${text})`);

      const stored = await admin.get(`sectors/${ids[0]}/projects`);
      assert.deepEqual(
        stored.map((p) => [p.title, p.direction, p.partner_id, p.horizon, p.status]),
        [[project.title, project.direction, partner ? partner.id : null, project.horizon, 'programme']],
      );
      assert.deepEqual(await admin.get(`sectors/${ids[1]}/projects`), [], 'the other sector has no project');

      // Empty title: the error is tied to the field.
      await form.getByRole('button', { name: 'Ajouter le projet' }).click();
      await form.getByRole('alert').waitFor();
      assert.equal(await form.getByLabel('Intitulé').getAttribute('aria-invalid'), 'true');

      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      // The map loads lazily (MapLibre and its worker): wait for the sectors to be drawn before the screenshot.
      await page.locator('.sector-label', { hasText: names[0] }).waitFor();
      await page.waitForTimeout(300);
      await screenshot(page, 'sector-projects');

      // Choose sector B on the map: click the middle of its polygon (where its HTML label sits).
      await page.getByRole('button', { name: `Centrer la carte : ${names[1]}` }).click();
      const label = page.locator('.sector-label', { hasText: names[1] });
      await label.waitFor();
      await page.waitForTimeout(500);
      await label.scrollIntoViewIfNeeded(); // the mouse clicks at viewport coordinates: the label must be on screen
      const box = await label.boundingBox();
      assert.ok(box, 'the sector label is on the map');
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await page.getByRole('heading', { level: 2, name: `Projets du secteur « ${names[1]} »` }).waitFor();
      await section.getByText('Aucun projet pour ce secteur.').waitFor();
      assert.equal(await page.getByRole('button', { name: `Projets : ${names[1]}` }).getAttribute('aria-pressed'), 'true');
    });
  } finally {
    for (const id of ids) await admin.del(`sectors/${id}`).catch(() => {});
  }
});
