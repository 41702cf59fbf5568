// Scenario 13: drawing a development sector on the territory map, with the mouse (corners clicked on the
// map canvas) and with the keyboard (coordinates typed in the text area), a wrong line refused with its
// number, Escape cancelling; a partner account has no drawing button.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, PARTNER, RUN, apiSession, screenshot, axeViolations, withPage } from './helpers.mjs';

const DRAW = 'Dessiner un secteur';
const COORDS = 'Coordonnées (longitude latitude, un point par ligne)';

async function openTerritory(page) {
  await page.getByRole('link', { name: 'Territoire' }).click();
  await page.getByRole('heading', { level: 1, name: /Territoire/ }).waitFor();
  await page.getByRole('heading', { level: 2, name: /^Secteurs/ }).waitFor();
}

const byName = async (admin, name) => (await admin.get('sectors')).features.filter((f) => f.properties?.name === name);
const lines = (text) => text.split('\n').filter((l) => l.trim() !== '');

test('admin draws a sector by clicking on the map, names it and saves it', { skip: SKIP }, async () => {
  const name = `Secteur dessiné ${RUN}`;
  const admin = await apiSession(ADMIN);
  try {
    await withPage(ADMIN, async ({ page }) => {
      await openTerritory(page);

      await page.getByRole('button', { name: DRAW }).click();
      const coords = page.getByLabel(COORDS);
      await coords.waitFor();
      await page.getByText(/Cliquez sur la carte pour placer les sommets/).waitFor();
      // The map is loaded lazily: it shows a crosshair once it is ready to take the corners.
      const canvas = page.locator('#sector-map canvas.maplibregl-canvas');
      await canvas.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('#sector-map canvas.maplibregl-canvas')?.style.cursor === 'crosshair');
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 200, `map canvas has a size (${JSON.stringify(box)})`);
      const viewport = page.viewportSize();
      assert.ok(box.y + box.height * 0.35 > 0 && box.y + box.height * 0.65 < viewport.height, 'the corners to click are on screen');

      const corners = [
        [0.35, 0.35],
        [0.65, 0.35],
        [0.65, 0.65],
        [0.35, 0.65],
      ];
      for (const [fx, fy] of corners) {
        await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
        await page.waitForTimeout(150);
      }
      const typed = lines(await coords.inputValue());
      assert.equal(typed.length, 4, `one line per clicked corner (${JSON.stringify(typed)})`);
      await page.getByText('Points : 4').waitFor();
      // Undo removes the last corner, a new click puts it back.
      await page.getByRole('button', { name: 'Annuler le dernier point' }).click();
      assert.equal(lines(await coords.inputValue()).length, 3);
      await page.mouse.click(box.x + box.width * corners[3][0], box.y + box.height * corners[3][1]);
      await page.waitForFunction((label) => {
        const ta = [...document.querySelectorAll('textarea')].find((x) => x.labels?.[0]?.textContent?.startsWith(label));
        return ta && ta.value.split('\n').filter((l) => l.trim()).length === 4;
      }, COORDS);
      const points = lines(await coords.inputValue()).map((l) => l.trim().split(/\s+/).map(Number));
      await screenshot(page, 'sector-draw');

      await page.getByRole('button', { name: 'Terminer' }).click();
      const nameField = page.getByLabel('Nom du secteur');
      await nameField.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'name', 'focus on the name field');
      assert.equal(await page.getByRole('button', { name: 'Annuler le dernier point' }).count(), 0, 'corner tools hidden once finished');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      await nameField.fill(name);
      await page.getByLabel('Description', { exact: true }).fill('Tracé à la souris (test)');
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Secteur « ${name} » enregistré.` })
        .waitFor();
      await page.locator('section.sector-list').getByText(name, { exact: true }).waitFor();
      assert.equal(await coords.count(), 0, 'the drawing form is closed');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), DRAW, 'focus back on the drawing button');

      const stored = await byName(admin, name);
      assert.equal(stored.length, 1, 'one sector stored');
      assert.equal(stored[0].properties.description, 'Tracé à la souris (test)');
      const geom = stored[0].geometry;
      assert.equal(geom.type, 'Polygon');
      assert.equal(geom.coordinates.length, 1, 'one ring');
      const ring = geom.coordinates[0];
      assert.equal(ring.length, 5, `4 corners + the closing position (${JSON.stringify(ring)})`);
      assert.deepEqual(ring[4], ring[0], 'the ring is closed');
      for (const [lon, lat] of ring) {
        assert.ok(Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90, `lon/lat ${lon} ${lat}`);
      }
      const key = (p) => p.map((x) => x.toFixed(6)).join(' ');
      assert.deepEqual(ring.slice(0, 4).map(key).sort(), points.map(key).sort(), 'the stored corners are the clicked ones');
      assert.equal(new Set(points.map(key)).size, 4, 'four distinct corners');
      // Clicked as a screen rectangle: two distinct longitudes and two distinct latitudes.
      assert.equal(new Set(points.map((p) => p[0].toFixed(6))).size, 2);
      assert.equal(new Set(points.map((p) => p[1].toFixed(6))).size, 2);
    });
  } finally {
    for (const f of await byName(admin, name).catch(() => [])) await admin.del(`sectors/${f.properties.id ?? f.id}`).catch(() => {});
  }
});

test('keyboard only: coordinates typed, a wrong line refused with its number, Escape cancels', { skip: SKIP }, async () => {
  const name = `Secteur saisi ${RUN}`;
  const admin = await apiSession(ADMIN);
  try {
    await withPage(ADMIN, async ({ page }) => {
      await openTerritory(page);
      const before = (await admin.get('sectors')).features.length;
      const active = () =>
        page.evaluate(() => ({ name: document.activeElement?.getAttribute('name'), text: document.activeElement?.textContent }));

      // Escape leaves the drawing and gives the focus back to the button.
      const drawBtn = page.getByRole('button', { name: DRAW });
      await drawBtn.focus();
      await page.keyboard.press('Enter');
      const coords = page.getByLabel(COORDS);
      await coords.waitFor();
      await page.keyboard.press('Tab');
      assert.equal((await active()).name, 'coordinates', 'Tab reaches the coordinates text area');
      await page.keyboard.type('2.40 48.90');
      await page.keyboard.press('Escape');
      await page.getByRole('status').filter({ hasText: 'Dessin annulé.' }).waitFor();
      assert.equal(await coords.count(), 0, 'Escape closes the drawing form');
      assert.equal((await active()).text, DRAW, 'focus back on the drawing button');

      // A wrong third line: refused with its number, tied to the text area, nothing saved.
      await page.keyboard.press('Enter');
      await coords.waitFor();
      assert.equal(await coords.inputValue(), '', 'a new drawing starts empty');
      await page.keyboard.press('Tab');
      await page.keyboard.type('2.40 48.90\n2.45 48.90\n2.40 abc');
      await page.getByText('Points : 2').waitFor();
      await page.keyboard.press('Tab'); // Annuler le dernier point
      await page.keyboard.press('Tab'); // Terminer
      assert.equal((await active()).text, 'Terminer');
      await page.keyboard.press('Enter');
      const alert = page.locator('.sector-draw').getByRole('alert');
      await alert.waitFor();
      assert.match(await alert.innerText(), /Ligne 3 : latitude invalide/);
      assert.equal(await coords.getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator('.sector-draw .field-error').innerText(), /^Ligne 3 : latitude invalide/);
      assert.equal((await active()).name, 'coordinates', 'focus on the wrong text area');
      assert.equal(await page.getByLabel('Nom du secteur').isVisible(), false, 'no name field before the corners are valid');

      // Undo the wrong line; two points are not enough.
      await page.getByRole('button', { name: 'Annuler le dernier point' }).focus();
      await page.keyboard.press('Enter');
      assert.equal(await coords.inputValue(), '2.40 48.90\n2.45 48.90');
      await page.getByRole('button', { name: 'Terminer' }).focus();
      await page.keyboard.press('Enter');
      await page.locator('.sector-draw .field-error', { hasText: 'Au moins 3 points distincts' }).waitFor();
      assert.equal((await admin.get('sectors')).features.length, before, 'nothing saved');

      // Third corner typed (decimal comma accepted), finished and saved with the keyboard.
      await coords.focus();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n2,45 48,93');
      await page.getByText('Points : 3').waitFor();
      await page.getByRole('button', { name: 'Terminer' }).focus();
      await page.keyboard.press('Enter');
      await page.getByLabel('Nom du secteur').waitFor();
      assert.equal((await active()).name, 'name');
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await page
        .getByRole('status')
        .filter({ hasText: `Secteur « ${name} » enregistré.` })
        .waitFor();
      await page.locator('section.sector-list').getByText(name, { exact: true }).waitFor();

      const stored = await byName(admin, name);
      assert.equal(stored.length, 1, 'one sector stored');
      assert.equal(stored[0].geometry.type, 'Polygon');
      assert.deepEqual(stored[0].geometry.coordinates, [
        [
          [2.4, 48.9],
          [2.45, 48.9],
          [2.45, 48.93],
          [2.4, 48.9],
        ],
      ]);
      assert.equal((await admin.get('sectors')).features.length, before + 1, 'only this sector was added');
    });
  } finally {
    for (const f of await byName(admin, name).catch(() => [])) await admin.del(`sectors/${f.properties.id ?? f.id}`).catch(() => {});
  }
});

test('partner: no sector drawing button', { skip: SKIP }, async () => {
  await withPage(PARTNER, async ({ page }) => {
    await openTerritory(page);
    await page.waitForLoadState('networkidle');
    assert.equal(await page.getByRole('button', { name: DRAW }).count(), 0, `no "${DRAW}" button for a partner`);
    assert.equal(await page.locator('main textarea').count(), 0, 'no coordinates text area');
    assert.equal(await page.locator('.sector-draw').count(), 0, 'no drawing panel');
  });
});
