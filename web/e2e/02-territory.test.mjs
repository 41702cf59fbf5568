// Scenario 2: import a GeoJSON file of development sectors on the territory page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin imports a GeoJSON sector file and sees it listed and on the map', { skip: SKIP }, async () => {
  const names = [`Secteur e2e ${RUN} A`, `Secteur e2e ${RUN} B`];
  const geojson = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: names[0], description: 'Bobigny – Drancy (test)' },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [2.42, 48.9],
              [2.47, 48.9],
              [2.47, 48.93],
              [2.42, 48.93],
              [2.42, 48.9],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: names[1], description: 'Deux morceaux (MultiPolygon)' },
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [2.5, 48.85],
                [2.53, 48.85],
                [2.53, 48.87],
                [2.5, 48.87],
                [2.5, 48.85],
              ],
            ],
            [
              [
                [2.55, 48.88],
                [2.58, 48.88],
                [2.58, 48.9],
                [2.55, 48.9],
                [2.55, 48.88],
              ],
            ],
          ],
        },
      },
    ],
  };
  const admin = await apiSession(ADMIN);
  try {
    await withPage(ADMIN, async ({ page }) => {
      await page.getByRole('link', { name: 'Territoire' }).click();
      await page.getByRole('heading', { level: 1, name: /Territoire/ }).waitFor();
      await page.getByRole('heading', { level: 2, name: /^Secteurs/ }).waitFor();

      await page.getByLabel('Fichier GeoJSON (polygones en WGS84)').setInputFiles({
        name: 'secteurs-e2e.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(geojson)),
      });
      await page.getByRole('button', { name: 'Importer' }).click();
      await page.getByRole('status').filter({ hasText: '2 secteur(s) importé(s).' }).waitFor();

      const list = page.locator('section.sector-list');
      for (const n of names) await list.getByText(n, { exact: true }).waitFor();

      // The map: a MapLibre canvas with a real size.
      const canvas = page.locator('#sector-map canvas.maplibregl-canvas');
      await canvas.first().waitFor();
      assert.equal(await canvas.count(), 1, 'exactly one map');
      const box = await canvas.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 200, `map canvas has a size (${JSON.stringify(box)})`);
      await page.waitForTimeout(800); // let tiles render before the screenshot
      await screenshot(page, 'territory');

      const fc = await admin.get('sectors');
      assert.equal(fc.type, 'FeatureCollection');
      const ours = fc.features.filter((f) => names.includes(f.properties?.name));
      assert.equal(ours.length, 2, 'the two sectors are stored');
    });
  } finally {
    const fc = await admin.get('sectors').catch(() => ({ features: [] }));
    for (const f of fc.features.filter((x) => names.includes(x.properties?.name))) {
      await admin.del(`sectors/${f.properties.id ?? f.id}`).catch(() => {});
    }
  }
});
