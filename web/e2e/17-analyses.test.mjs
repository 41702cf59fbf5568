// Scenario 17: the analyses page (#/analyses) on the demo territory (scripts/e2e serves it with
// `--territory`): the accessibility result and its summary; another public gives another result; a
// click on the map (and the keyboard form) draws an isochrone listed in a table; comparing a demo
// scenario (a new metro line) with the baseline shows people gaining; the PNG, XLSX and GeoPackage
// exports open (exceljs, `ogrinfo -so`); a saved view shared with the partner's organisation is
// restored from its link, and the partner sees its result; axe-core finds no WCAG 2.1 A/AA violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { BASE, SKIP, ADMIN, PARTNER, RUN, launch, uiLogin, apiSession, screenshot, axeViolations, withPage } from './helpers.mjs';

const LONG = 180000; // an access job on the demo territory may take a while with one worker

/** The text of the summary's value for a term (dt → dd). */
async function summaryValue(page, term) {
  return page.evaluate((term) => {
    const dts = [...document.querySelectorAll('#analysis-summary dt')];
    const dt = dts.find((d) => d.textContent.trim() === term);
    return dt ? dt.nextElementSibling.textContent.trim() : null;
  }, term);
}
const toNumber = (s) =>
  Number(
    String(s ?? '')
      .split('(')[0]
      .replace(/[\s\u202f\u00a0]/g, '')
      .replace(',', '.'),
  );

/** Wait until the summary shows and differs from `before` (a new result is drawn). */
async function waitSummary(page, before = null) {
  // A failed job shows its message under the controls: fail at once with it rather than time out.
  await page
    .waitForFunction(
      (before) => {
        const el = document.querySelector('#analysis-summary');
        if (document.querySelector('#job-progress [role=alert]')) return true;
        return el && !document.querySelector('.job-progress') && el.textContent !== before;
      },
      before,
      { timeout: LONG, polling: 200 },
    )
    .catch(async (err) => {
      const progress = await page.locator('#job-progress').textContent();
      throw new Error(`${err.message}; progress area: "${progress}"`);
    });
  const alert = page.locator('#job-progress [role=alert]');
  if (await alert.count()) assert.fail(`the analysis failed: ${await alert.textContent()}`);
  return page.locator('#analysis-summary').textContent();
}

test('analyses: result, publics, isochrone, scenario comparison, exports, saved views', { skip: SKIP, timeout: 15 * 60000 }, async (t) => {
  const admin = await apiSession(ADMIN);
  let terr;
  try {
    terr = await admin.get('analysis/territory');
  } catch (err) {
    // A server without --territory: the page says so instead of showing the workspace.
    assert.match(String(err), /HTTP 409/, String(err));
    await withPage(ADMIN, async ({ page }) => {
      await page.goto(`${BASE}/#/analyses`);
      await page.locator('#no-territory').waitFor();
    });
    t.skip('no territory loaded (serve without --territory): only the 409 message is checked');
    return;
  }
  assert.equal(terr.publics[0].name, 'all', 'the first public is the whole population');
  assert.ok(terr.publics.length >= 2, 'the demo territory has publics');
  assert.ok(terr.scenarios.length >= 2, 'the demo territory has scenarios');
  const other = terr.publics[1];
  // A new metro line of the demo (Grand Paris Express line 15 east, 16 or 17).
  const metro = terr.scenarios.find((s) => /gpe|ligne|m[ée]tro/i.test(`${s.id} ${s.name}`)) ?? terr.scenarios[terr.scenarios.length - 1];
  const network = await admin.get('analysis/layers/network?scenario=baseline');
  const stop = network.features.find((f) => f.properties?.kind === 'stop');
  assert.ok(stop, 'the network layer has stops');
  const [slon, slat] = stop.geometry.coordinates;
  const partnerApi = await apiSession(PARTNER);
  const orgId = partnerApi.me.organisation_id;
  const orgs = await admin.get('organisations');
  const org = orgs.find((o) => o.id === orgId);
  assert.ok(org, 'the partner has an organisation');

  const viewName = `Vue e2e ${RUN}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'solimob-an-'));
  try {
    await withPage(
      ADMIN,
      async ({ page, errors }) => {
        await page.getByRole('link', { name: 'Analyses' }).click();
        await page.getByRole('heading', { level: 1, name: 'Analyses d’accessibilité' }).waitFor();
        if (terr.synthetic) assert.equal((await page.locator('#synthetic-banner').textContent()).trim(), terr.synthetic);

        // The first result (whole population, first category, baseline): summary, tables, map.
        const first = await waitSummary(page);
        const popAll = toNumber(await summaryValue(page, 'Population'));
        assert.ok(popAll > 0, `population of the whole territory (${first})`);
        await page.locator('#zones-table tbody tr').first().waitFor();
        const canvas = page.locator('#analysis-map canvas.maplibregl-canvas');
        const box = await canvas.boundingBox();
        assert.ok(box && box.width > 200 && box.height > 200, `map canvas has a size (${JSON.stringify(box)})`);
        const zonesAll = await page.locator('#zones-table').textContent();

        // Another public: another result, in the summary and the zones table.
        await page.getByLabel('Public', { exact: true }).selectOption(other.name);
        const second = await waitSummary(page, first);
        const popOther = toNumber(await summaryValue(page, 'Population'));
        assert.ok(
          popOther > 0 && popOther < popAll,
          `the public "${other.name}" is a part of the population (${popOther} of ${popAll}): ${second}`,
        );
        assert.notEqual(await page.locator('#zones-table').textContent(), zonesAll, 'the zones table changed with the public');

        // The zones table sorts by a column header's button (aria-sort tells which and how).
        const popHeader = page
          .locator('#zones-table thead th')
          .filter({ has: page.getByRole('button', { name: 'Population', exact: true }) });
        await popHeader.getByRole('button').click();
        assert.equal(await popHeader.getAttribute('aria-sort'), 'ascending');
        await popHeader.getByRole('button').click();
        assert.equal(await popHeader.getAttribute('aria-sort'), 'descending');
        const pops = await page.$$eval('#zones-table tbody tr td:nth-of-type(1)', (tds) =>
          tds.map((td) => Number(td.textContent.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'))),
        );
        assert.deepEqual(
          pops,
          [...pops].sort((a, b) => b - a),
          'zones sorted by decreasing population',
        );

        // Isochrone from the keyboard form, at a stop (the map centres on it), then from a click on the map's centre.
        await page.getByLabel('Longitude').fill(String(slon));
        await page.getByLabel('Latitude').fill(String(slat));
        await page.getByRole('button', { name: 'Calculer l’isochrone' }).click();
        await page.locator('#iso-table table tbody tr').first().waitFor({ timeout: LONG });
        assert.equal(await page.locator('#iso-table table tbody tr').count(), 3, 'one row per cutoff (15, 30, 45 min)');
        await page.evaluate(() => document.querySelector('#iso-table').replaceChildren());
        const b = await canvas.boundingBox();
        await canvas.click({ position: { x: b.width / 2, y: b.height / 2 } }); // scrolls the map into view first
        await page.locator('#iso-table table tbody tr').first().waitFor({ timeout: LONG });
        const areas = await page.$$eval('#iso-table table tbody td', (tds) =>
          tds.map((td) => Number(td.textContent.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.'))),
        );
        assert.equal(areas.length, 3);
        assert.ok(areas[2] >= areas[0] && areas[2] > 0, `nested isochrones: the 45-minute one is the largest (${areas})`);
        const caption = await page.locator('#iso-table caption').textContent();
        const m = /(-?\d+\.\d+), (-?\d+\.\d+)/.exec(caption);
        assert.ok(
          m && Math.abs(Number(m[1]) - slon) < 0.01 && Math.abs(Number(m[2]) - slat) < 0.01,
          `the click was at the map's centre, the stop (${caption})`,
        );

        // Back to the whole population; the metro scenario compared with the baseline: people gain.
        const before = await page.locator('#analysis-summary').textContent();
        await page.getByLabel('Public', { exact: true }).selectOption('all');
        const third = await waitSummary(page, before);
        await page.getByLabel('Scénario', { exact: true }).selectOption(metro.id);
        await waitSummary(page, third);
        const gainers = toNumber(await summaryValue(page, 'Population gagnante'));
        assert.ok(gainers > 0, `the scenario "${metro.name}" makes some people faster (${gainers})`);
        // Compared side by side with the baseline: the second map appears; the gains the page derives from
        // the two results cell by cell are those the server computed against the baseline.
        await page.getByLabel('Comparer à').selectOption('baseline');
        await page.locator('#analysis-map-compare canvas.maplibregl-canvas').waitFor({ timeout: LONG });
        await page.waitForFunction(() => !document.querySelector('.job-progress'), null, { timeout: LONG });
        assert.equal(toNumber(await summaryValue(page, 'Population gagnante')), gainers, 'same gainers compared side by side');
        assert.equal(await page.getByLabel('Différence entre scénarios').isChecked(), true, 'the difference layer is shown');
        assert.match(await page.locator('#analysis-legend').textContent(), /gain de 1 à 5 min/);
        await page.waitForTimeout(500);
        await screenshot(page, 'analyses');

        // Exports: PNG of the map, XLSX read back with exceljs, GeoPackage opened with ogrinfo.
        const save = async (selector, name) => {
          const [dl] = await Promise.all([page.waitForEvent('download', { timeout: LONG }), page.locator(selector).click()]);
          const file = path.join(dir, name);
          await dl.saveAs(file);
          return file;
        };
        const png = await readFile(await save('#export-png', 'carte.png'));
        assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG file');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(await save('#export-xlsx', 'tables.xlsx'));
        assert.ok(wb.worksheets.length >= 1, 'the XLSX has sheets');
        assert.ok(
          wb.worksheets.some((ws) => ws.rowCount > 1),
          `a sheet has rows (${wb.worksheets.map((ws) => `${ws.name}:${ws.rowCount}`)})`,
        );
        const gpkg = await save('#export-gpkg', 'couches.gpkg');
        const info = execFileSync('ogrinfo', ['-so', gpkg], { encoding: 'utf8' });
        assert.match(info, /^1: /m, `ogrinfo lists the layers:\n${info}`);

        // A saved view, shared with the partner's organisation, restored from its link.
        await page.getByLabel('Nom de la vue').fill(viewName);
        await page.getByLabel(org.name, { exact: true }).check();
        await page.getByRole('button', { name: 'Enregistrer la vue' }).click();
        const link = await page.getByLabel('Lien vers la vue').inputValue();
        assert.match(link, /#\/analyses\?view=\d+$/);
        await page.goto(`${BASE}/#/dashboard`);
        await page.goto(link);
        await page.getByRole('heading', { level: 1, name: 'Analyses d’accessibilité' }).waitFor();
        await waitSummary(page);
        assert.equal(await page.getByLabel('Scénario', { exact: true }).inputValue(), metro.id, 'the view restores the scenario');
        assert.equal(await page.getByLabel('Comparer à').inputValue(), 'baseline', 'and the comparison');

        const problems = await axeViolations(page);
        assert.deepEqual(problems, [], problems.join('\n'));
        assert.deepEqual(errors, [], 'no uncaught page error');

        // The partner: only the shared views, and the view's result from views/{id}/result.
        const partner = await launch();
        const pp = await partner.context.newPage();
        await uiLogin(pp, PARTNER);
        await pp.goto(`${BASE}/#/analyses`);
        await pp.locator('#views-list').getByRole('link', { name: viewName }).click();
        await pp.getByRole('heading', { level: 2, name: `Vue « ${viewName} »` }).waitFor({ timeout: LONG });
        await pp.locator('#analysis-summary').waitFor({ timeout: LONG });
        assert.ok(toNumber(await pp.evaluate(() => document.querySelector('#analysis-summary dd').textContent)) > 0);
        assert.equal(await pp.locator('#analysis-controls').count(), 0, 'no analysis controls for a partner');
        await partner.close();
      },
      { viewport: { width: 1500, height: 1000 } },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
    const views = await admin.get('analysis/views').catch(() => []);
    for (const v of views.filter((x) => x.name === viewName)) await admin.del(`analysis/views/${v.id}`).catch(() => {});
  }
});
