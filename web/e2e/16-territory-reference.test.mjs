// Scenario 16: reference layers on the territory map (the server runs with
// `--reference-layer demo/communes-93-ign-2018.geojson`): legend with one checkbox per layer, the outlines
// hidden when unchecked; an editor renames a sector, corrects a project's status and deletes a project;
// a partner sees the legend but no rename / edit / delete control.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, PARTNER, RUN, apiSession, screenshot, axeViolations, withPage, rect, acceptDialogs } from './helpers.mjs';

const LAYER = 'communes-93-ign-2018';
const byName = async (admin, name) => (await admin.get('sectors')).features.filter((f) => f.properties?.name === name);
const sid = (f) => f.properties?.id ?? f.id;

async function openTerritory(page) {
  await page.getByRole('link', { name: 'Territoire' }).click();
  await page.getByRole('heading', { level: 1, name: /Territoire/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: /^Secteurs/ }).waitFor();
}

/** A sector spanning several communes of Seine-Saint-Denis, with two projects. */
async function setUp(admin, name) {
  const res = await admin.post('sectors', {
    type: 'Feature',
    properties: { name, description: 'Plaine (test)' },
    geometry: rect(2.36, 48.88, 0.1, 0.06),
  });
  assert.equal(res.created, 1);
  const [f] = await byName(admin, name);
  const id = sid(f);
  const p1 = await admin.post(`sectors/${id}/projects`, {
    title: `Gare ${RUN}`,
    direction: 'DTCM',
    partner_id: null,
    horizon: '2028',
    status: 'etude',
  });
  const p2 = await admin.post(`sectors/${id}/projects`, {
    title: `Parking ${RUN}`,
    direction: '',
    partner_id: null,
    horizon: '',
    status: 'idee',
  });
  return { id, p1, p2 };
}

async function cleanUp(admin, names) {
  for (const n of names) for (const f of await byName(admin, n).catch(() => [])) await admin.del(`sectors/${sid(f)}`).catch(() => {});
}

test('reference layer legend; editor renames a sector, corrects and deletes projects', { skip: SKIP }, async () => {
  const name = `Secteur référence ${RUN}`;
  const renamed = `Secteur renommé ${RUN}`;
  const admin = await apiSession(ADMIN);
  const layers = await admin.get('reference-layers');
  const layer = layers.find((l) => l.name === LAYER);
  assert.ok(layer, `the server serves ${LAYER} (${JSON.stringify(layers)})`);
  assert.equal(layer.features, 40);
  const { id, p1, p2 } = await setUp(admin, name);
  try {
    await withPage(ADMIN, async ({ page }) => {
      const dialogs = acceptDialogs(page);
      await openTerritory(page);

      // The legend: one checked checkbox per reference layer, named after it and its number of polygons.
      const legend = page.getByRole('group', { name: 'Couches de référence' });
      const box = legend.getByRole('checkbox', { name: `${LAYER} (40)` });
      await box.waitFor();
      assert.equal(await box.isChecked(), true, 'shown by default');

      // Unchecking hides the outlines: the map is drawn differently (and again when checked back).
      await page.locator('.sector-label', { hasText: name }).waitFor();
      const canvas = page.locator('#sector-map canvas.maplibregl-canvas');
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForTimeout(1000);
      const shown = await canvas.screenshot();
      await box.uncheck();
      assert.equal(await box.isChecked(), false);
      let hidden = null;
      for (let i = 0; i < 20 && !hidden; i++) {
        await page.waitForTimeout(250);
        const shot = await canvas.screenshot();
        if (!shot.equals(shown)) hidden = shot;
      }
      assert.ok(hidden, 'the map changes when the reference layer is hidden');
      await box.check();
      let back = false;
      for (let i = 0; i < 20 && !back; i++) {
        await page.waitForTimeout(250);
        back = !(await canvas.screenshot()).equals(hidden);
      }
      assert.ok(back, 'the map changes again when the reference layer is shown');

      // Rename the sector: empty name refused, then saved.
      await page.getByRole('button', { name: `Renommer le secteur « ${name} »` }).click();
      const renameForm = page.getByRole('form', { name: `Renommer le secteur « ${name} »` });
      await renameForm.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'sector-edit-title', 'focus on the form heading');
      const nameField = renameForm.getByLabel('Nom du secteur');
      assert.equal(await nameField.inputValue(), name);
      await nameField.fill('');
      await renameForm.getByRole('button', { name: 'Enregistrer' }).click();
      await renameForm.getByRole('alert').waitFor();
      assert.equal(await nameField.getAttribute('aria-invalid'), 'true');
      await nameField.fill(renamed);
      await renameForm.getByLabel('Description').fill('Plaine renommée (test)');
      await renameForm.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Secteur « ${renamed} » mis à jour.` })
        .waitFor();
      await page.locator('section.sector-list').getByText(renamed, { exact: true }).waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), `sector-rename-${id}`, 'focus back on the rename button');
      const stored = await byName(admin, renamed);
      assert.equal(stored.length, 1, 'renamed through the API');
      assert.equal(sid(stored[0]), id);
      assert.equal(stored[0].properties.description, 'Plaine renommée (test)');
      assert.deepEqual(await byName(admin, name), [], 'the old name is gone');

      // Correct the status of a project.
      await page.getByRole('button', { name: `Projets : ${renamed}` }).click();
      await page.getByRole('heading', { level: 2, name: `Projets du secteur « ${renamed} »` }).waitFor();
      const section = page.locator('section.sector-projects');
      await section.locator('tbody tr', { hasText: p2.title }).waitFor();
      await page.getByRole('button', { name: `Modifier le projet « ${p1.title} »` }).click();
      const editForm = page.getByRole('form', { name: `Modifier le projet « ${p1.title} »` });
      await editForm.waitFor();
      assert.equal(await editForm.getByLabel('Intitulé').inputValue(), p1.title);
      assert.equal(await editForm.getByLabel('Statut').inputValue(), 'etude');
      await editForm.getByLabel('Statut').selectOption('en_cours');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      await screenshot(page, 'territory-reference');
      await editForm.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Projet « ${p1.title} » mis à jour.` })
        .waitFor();
      assert.match(await section.locator('tbody tr', { hasText: p1.title }).innerText(), /En cours/);
      assert.equal(await page.evaluate(() => document.activeElement?.id), `project-edit-${p1.id}`, 'focus back on the edit button');
      let projects = await admin.get(`sectors/${id}/projects`);
      const edited = projects.find((p) => p.id === p1.id);
      assert.deepEqual(
        [edited.title, edited.status, edited.direction, edited.horizon, edited.partner_id],
        [p1.title, 'en_cours', 'DTCM', '2028', null],
        'status changed, the other fields kept',
      );

      // Delete the other project, after confirmation.
      await page.getByRole('button', { name: `Supprimer le projet « ${p2.title} »` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Projet « ${p2.title} » supprimé.` })
        .waitFor();
      assert.match(dialogs.at(-1) ?? '', new RegExp(`Supprimer « ${p2.title} » \\?`), 'a confirmation was asked');
      assert.equal(await section.locator('tbody tr', { hasText: p2.title }).count(), 0, 'no longer listed');
      projects = await admin.get(`sectors/${id}/projects`);
      assert.deepEqual(
        projects.map((p) => p.id),
        [p1.id],
        'only the corrected project is left',
      );
    });
  } finally {
    await cleanUp(admin, [name, renamed]);
  }
});

test('partner: sees the reference layers legend, no rename / edit / delete control', { skip: SKIP }, async () => {
  const name = `Secteur référence partenaire ${RUN}`;
  const admin = await apiSession(ADMIN);
  const { p1 } = await setUp(admin, name);
  try {
    await withPage(PARTNER, async ({ page }) => {
      await openTerritory(page);
      const box = page.getByRole('group', { name: 'Couches de référence' }).getByRole('checkbox', { name: `${LAYER} (40)` });
      await box.waitFor();
      assert.equal(await box.isChecked(), true);
      await page.getByRole('button', { name: `Projets : ${name}` }).click();
      await page.locator('section.sector-projects tbody tr', { hasText: p1.title }).waitFor();
      await page.waitForLoadState('networkidle');
      assert.equal(await page.getByRole('button', { name: /^Renommer le secteur/ }).count(), 0, 'no rename button');
      assert.equal(await page.getByRole('button', { name: /^Modifier le projet/ }).count(), 0, 'no project edit button');
      assert.equal(await page.getByRole('button', { name: /^Supprimer le projet/ }).count(), 0, 'no project delete button');
      assert.equal(await page.locator('main form').count(), 0, 'no form at all');
    });
  } finally {
    await cleanUp(admin, [name]);
  }
});
