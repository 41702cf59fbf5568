// Scenario 18: the plan linked to the territory's analyses (needs `solimob serve --territory`; skipped
// when GET /api/analysis/territory does not answer 200). (a) an indicator fed by an analysis is
// recomputed from the UI and shows its value and provenance; (b) an action linked to a scenario
// fills its expected-effect table; (c) a partner sees only the view shared with its organisation, and a meeting's agenda item embeds it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, BASE, ADMIN, PARTNER, RUN, launch, uiLogin, apiSession, screenshot, axeViolations, withPage } from './helpers.mjs';

async function territoryOrSkip(t, admin) {
  try {
    return await admin.get('analysis/territory');
  } catch (err) {
    t.skip(`no territory loaded (${String(err).slice(0, 80)}): serve needs --territory`);
    return null;
  }
}

test('an indicator fed by an analysis is recomputed, with its provenance', { skip: SKIP }, async (t) => {
  const admin = await apiSession(ADMIN);
  const territory = await territoryOrSkip(t, admin);
  if (!territory) return;
  const name = `Accès aux services e2e ${RUN}`;
  const category = territory.categories[0];
  await withPage(ADMIN, async ({ page, errors }) => {
    await page.goto(`${BASE}/#/indicators`);
    await page.getByRole('heading', { level: 1, name: 'Indicateurs du plan' }).waitFor();
    const create = page.locator('section[aria-labelledby="ind-new"] form');
    await create.getByLabel("Nom de l'indicateur").fill(name);
    await create.getByLabel('Unité').fill('%');
    const source = create.getByRole('group', { name: 'Alimenté par une analyse' });
    await source.getByLabel('Mesure').selectOption('share_within');
    await source.getByLabel('Public').selectOption(territory.publics[0].name);
    await source.getByLabel('Catégorie de services').selectOption(category.code);
    const cutoff = (category.cutoffs ?? [30])[0];
    await source.getByLabel('Seuil (minutes)').fill(String(cutoff));
    await create.getByRole('button', { name: 'Créer' }).click();
    const card = page.locator('section.indicator', { has: page.getByRole('heading', { level: 2, name }) });
    await card.waitFor();
    await card.getByRole('button', { name: `Recalculer « ${name} » à partir de l’analyse` }).click();
    const rows = page.getByRole('table', { name: `Mesures de « ${name} »` }).locator('tbody tr');
    await rows.first().waitFor({ timeout: 120000 });
    const details = rows.first().locator('details');
    await details.locator('summary').click();
    const text = await details.innerText();
    assert.match(text, /Empreinte du réseau/);
    assert.match(text, /Version du logiciel/);

    const mine = (await admin.get('indicators')).find((x) => x.name === name);
    assert.equal(mine.analysis.measure, 'share_within');
    assert.equal(mine.values.length, 1);
    const v = mine.values[0];
    assert.ok(v.value >= 0 && v.value <= 100, `a percentage: ${v.value}`);
    assert.equal(v.provenance.cutoff, cutoff);
    assert.ok(v.provenance.fingerprint, 'the network fingerprint is kept');
    assert.ok(text.includes(v.provenance.fingerprint), 'and shown');
    await screenshot(page, 'indicator-recomputed');
    assert.deepEqual(errors, [], 'no uncaught page error');
    await admin.del(`indicators/${mine.id}`);
  });
});

test('an action linked to a scenario shows its expected effect', { skip: SKIP }, async (t) => {
  const admin = await apiSession(ADMIN);
  const territory = await territoryOrSkip(t, admin);
  if (!territory) return;
  const scenario = territory.scenarios.find((s) => s.id !== 'baseline');
  if (!scenario) {
    t.skip('the territory has no scenario besides baseline');
    return;
  }
  const title = `Action scénario e2e ${RUN}`;
  await withPage(ADMIN, async ({ page, errors }) => {
    await page.goto(`${BASE}/#/actions/new`);
    await page.getByLabel('Intitulé').fill(title);
    await page.getByLabel('Direction pilote').fill('DTCM');
    await page.getByLabel('Scénario du territoire').selectOption(scenario.id);
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Effet attendu' }).waitFor();
    const rows = page.locator('section[aria-labelledby="sec-effect"] tbody tr');
    assert.equal(await rows.count(), territory.publics.length, 'one row per public');
    // Filled: every row's share column gets a percentage (jobs may take a while on a cold cache).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('section[aria-labelledby="sec-effect"] tbody tr')].every((tr) =>
          /%/.test(tr.children[2]?.textContent ?? ''),
        ),
      null,
      { timeout: 180000 },
    );
    const created = (await admin.get(`actions?q=${encodeURIComponent(title)}`)).items[0];
    assert.equal(created.scenario, scenario.id);
    await screenshot(page, 'action-expected-effect');
    assert.deepEqual(errors, [], 'no uncaught page error');
    await admin.del(`actions/${created.id}`);
  });
});

test('a partner sees only the view shared with its organisation', { skip: SKIP }, async (t) => {
  const admin = await apiSession(ADMIN);
  const territory = await territoryOrSkip(t, admin);
  if (!territory) return;
  const partner = await apiSession(PARTNER);
  const own = partner.me.organisation_id;
  const other = await admin.post('organisations', { name: `Autre e2e ${RUN}`, type: 'autre' });
  const params = { public: territory.publics[0].name, category: territory.categories[0].code };
  const shared = await admin.post('analysis/views', { name: `Vue partagée ${RUN}`, params, shared_with: [own] });
  const hidden = await admin.post('analysis/views', { name: `Vue autre ${RUN}`, params, shared_with: [other.id] });
  try {
    const names = (await partner.get('analysis/views')).map((v) => v.name);
    assert.ok(names.includes(shared.name));
    assert.ok(!names.includes(hidden.name));
    await assert.rejects(partner.get(`analysis/views/${hidden.id}`), /HTTP 404/);
    await assert.rejects(partner.get(`analysis/views/${hidden.id}/result`), /HTTP 404/);
    const result = await partner.get(`analysis/views/${shared.id}/result`);
    assert.ok(result.summary, 'the shared view has its result');
    // In a meeting's agenda the admin links the shared view; the partner sees it with its name.
    const meeting = await admin.post('meetings', {
      type: 'copil',
      title: `COPIL vues ${RUN}`,
      held_on: '2026-12-31',
      participant_ids: [own],
    });
    await admin.post(`meetings/${meeting.id}/agenda-items`, { title: 'Carte partagée', view_id: shared.id });
    await admin.post(`meetings/${meeting.id}/agenda-items`, { title: 'Carte interne', view_id: hidden.id });
    await withPage(PARTNER, async ({ page }) => {
      await page.goto(`${BASE}/#/meetings/${meeting.id}`);
      await page.getByRole('heading', { level: 2, name: /Ordre du jour/ }).waitFor();
      const link = page.getByRole('link', { name: shared.name });
      assert.equal(await link.getAttribute('href'), `#/analyses?view=${shared.id}`);
      assert.equal(await page.getByRole('link', { name: hidden.name }).count(), 0);
      // The embedded view: its key figures and zones table; a partner gets no map (its layers are the workspace's).
      const population = Math.round(result.summary.population);
      const showEmbed = async (p) => {
        await p.getByRole('button', { name: `Afficher la vue « ${shared.name} »` }).click();
        const dl = p.locator('.view-embed-body dl.summary-list').first();
        await dl.waitFor({ timeout: 180000 });
        const shown = Number((await dl.locator('dd').first().textContent()).replace(/[\s\u202f\u00a0]/g, ''));
        assert.equal(shown, population, 'the embedded view shows the result of the view');
        await p.locator('.view-embed-body table tbody tr').first().waitFor();
      };
      await showEmbed(page);
      assert.equal(await page.locator('.map-embed').count(), 0, 'no map for a partner');
      // An agent sees the same figures over a map of the mean time by zone.
      const staff = await launch();
      const sp = await staff.context.newPage();
      await uiLogin(sp, ADMIN);
      await sp.goto(`${BASE}/#/meetings/${meeting.id}`);
      await sp.getByRole('heading', { level: 2, name: /Ordre du jour/ }).waitFor();
      await showEmbed(sp);
      await sp.locator('.map-embed canvas.maplibregl-canvas').waitFor();
      // The zones are drawn: the colours of the time classes cover a good part of the map (fitted to the
      // territory, about a sixth of it), not only its empty background (#f3f1ec) or the grey of unreached zones.
      await sp.waitForFunction(
        () => {
          const c = document.querySelector('.map-embed canvas.maplibregl-canvas');
          const w = c.width;
          const hgt = c.height;
          const g = Object.assign(document.createElement('canvas'), { width: w, height: hgt }).getContext('2d');
          g.drawImage(c, 0, 0);
          const px = g.getImageData(0, 0, w, hgt).data;
          let coloured = 0;
          for (let i = 0; i < px.length; i += 4 * 97) {
            const [r, gr, b] = [px[i], px[i + 1], px[i + 2]];
            if (Math.max(r, gr, b) - Math.min(r, gr, b) > 40) coloured++;
          }
          return coloured > px.length / (4 * 97) / 20;
        },
        null,
        { timeout: 30000, polling: 250 },
      );
      await screenshot(sp, 'meeting-embedded-view');
      const problems = await axeViolations(sp);
      assert.deepEqual(problems, [], problems.join('\n'));
      await staff.close();
    });
    await admin.del(`meetings/${meeting.id}`);
  } finally {
    await admin.del(`analysis/views/${shared.id}`);
    await admin.del(`analysis/views/${hidden.id}`);
    await admin.del(`organisations/${other.id}`);
  }
});
