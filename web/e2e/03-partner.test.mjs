// Scenario 3: a partner account is read-only and only sees what is shared with its organisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, PARTNER, RUN, apiSession, withPage } from './helpers.mjs';

test('partner: no edit buttons, unshared action hidden, direct PUT is 403', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const partnerApi = await apiSession(PARTNER);
  const org = partnerApi.me.organisation_id;
  assert.equal(partnerApi.me.role, 'partenaire');
  assert.ok(org != null, 'the partner account belongs to an organisation');

  const base = {
    objective_id: null,
    owner_direction: 'DTCM',
    status: 'en_cours',
    publics: 'publics en insertion',
    territory: 'Seine-Saint-Denis',
    start_date: null,
    end_date: null,
  };
  const shared = await admin.post('actions', { ...base, title: `Partagée ${RUN}`, partner_ids: [org] });
  const hidden = await admin.post('actions', { ...base, title: `Confidentielle ${RUN}`, partner_ids: [] });
  // A sector with a project and a meeting of the partner, with minutes: shown, never editable.
  const sectorName = `Secteur partenaire ${RUN}`;
  await admin.post('sectors', {
    type: 'Feature',
    properties: { name: sectorName },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [2.4, 48.9],
          [2.45, 48.9],
          [2.45, 48.92],
          [2.4, 48.92],
          [2.4, 48.9],
        ],
      ],
    },
  });
  const sector = (await admin.get('sectors')).features.find((f) => f.properties?.name === sectorName);
  const sectorId = sector.properties.id ?? sector.id;
  await admin.post(`sectors/${sectorId}/projects`, {
    title: `Projet partagé ${RUN}`,
    direction: 'DTCM',
    partner_id: org,
    horizon: '2029',
    status: 'etude',
  });
  const meeting = await admin.post('meetings', {
    type: 'executif_partenaire',
    title: `Exécutif partenaire ${RUN}`,
    held_on: '2030-03-01',
    place: '',
    participant_ids: [org],
  });
  await admin.put(`meetings/${meeting.id}/minutes`, { minutes: `Compte rendu partagé ${RUN}.` });

  try {
    await withPage(PARTNER, async ({ page }) => {
      // Search the action plan for this run's actions.
      await page.getByRole('link', { name: "Plan d'actions" }).click();
      await page.getByRole('heading', { level: 1, name: "Plan d'actions" }).waitFor();
      await page.getByLabel('Mots-clés').fill(RUN);
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByRole('link', { name: `Partagée ${RUN}` }).waitFor();
      assert.equal(await page.getByText(`Confidentielle ${RUN}`).count(), 0, 'the unshared action is not listed');
      assert.equal(await page.getByRole('link', { name: 'Nouvelle action' }).count(), 0, 'no "Nouvelle action" for a partner');

      // Detail page: no edit / delete / add-line controls.
      await page.getByRole('link', { name: `Partagée ${RUN}` }).click();
      await page.getByRole('heading', { level: 1, name: `Partagée ${RUN}` }).waitFor();
      await page.getByRole('heading', { level: 2, name: 'Lignes budgétaires' }).waitFor();
      for (const name of ['Modifier', 'Supprimer', 'Ajouter une ligne budgétaire']) {
        assert.equal(
          (await page.getByRole('button', { name }).count()) + (await page.getByRole('link', { name, exact: true }).count()),
          0,
          `no "${name}" control`,
        );
      }

      // Other pages: no create / import forms.
      const noEditOn = async (nav, h1) => {
        await page.getByRole('link', { name: nav }).click();
        await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
        await page.waitForLoadState('networkidle');
        const n = await page
          .locator('main')
          .getByRole('button', { name: /^(Créer|Modifier|Supprimer|Importer|Ajouter|Enregistrer)/ })
          .count();
        assert.equal(n, 0, `no edit button on "${nav}"`);
        assert.equal(await page.locator('main input[type=file]').count(), 0, `no file input on "${nav}"`);
        assert.equal(await page.locator('main details form, main textarea').count(), 0, `no add form on "${nav}"`);
      };
      await noEditOn('Objectifs', 'Objectifs du plan');
      await noEditOn('Partenaires', 'Partenaires');
      await noEditOn('Documents de coopération', 'Documents de coopération');
      await noEditOn('Territoire', /Territoire/);
      await noEditOn('Textes du plan', 'Plan de mobilité solidaire');
      await noEditOn('Indicateurs', 'Indicateurs du plan');
      await noEditOn('Évaluations', /Évaluations/);
      await noEditOn('Réunions', 'Réunions');

      // The sector's projects: listed, without a form.
      await page.getByRole('link', { name: 'Territoire' }).click();
      await page.getByRole('button', { name: `Projets : ${sectorName}` }).click();
      const projects = page.locator('section.sector-projects');
      await projects.getByText(`Projet partagé ${RUN}`).waitFor();
      assert.equal(await projects.locator('form, input, select, textarea').count(), 0, 'no project form for a partner');

      // The meeting's minutes: shown, without a form.
      await page.getByRole('link', { name: 'Réunions' }).click();
      await page.getByRole('link', { name: `Exécutif partenaire ${RUN}` }).click();
      await page.locator('section[aria-labelledby="mt-minutes"]').getByText(`Compte rendu partagé ${RUN}.`).waitFor();
      assert.equal(await page.locator('main form, main textarea').count(), 0, 'no minutes form for a partner');

      // Direct API calls from the page, with the partner's own CSRF token.
      const result = await page.evaluate(
        async ({ sharedId, hiddenId, body }) => {
          const me = await (await fetch('/api/me')).json();
          const put = await fetch(`/api/actions/${sharedId}`, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
            body: JSON.stringify(body),
          });
          const get = await fetch(`/api/actions/${hiddenId}`);
          const list = await (await fetch(`/api/actions?q=${encodeURIComponent(body.title.split(' ').pop())}&limit=50&offset=0`)).json();
          return { put: put.status, getHidden: get.status, ids: list.items.map((a) => a.id) };
        },
        { sharedId: shared.id, hiddenId: hidden.id, body: { ...base, title: `Piratée ${RUN}`, partner_ids: [org] } },
      );
      assert.equal(result.put, 403, 'PUT /api/actions/{id} as partner is forbidden');
      assert.notEqual(result.getHidden, 200, 'GET of an unshared action is refused');
      assert.ok(result.ids.includes(shared.id) && !result.ids.includes(hidden.id), 'API list filtered by organisation');
      const still = await admin.get(`actions/${shared.id}`);
      assert.equal(still.title, `Partagée ${RUN}`, 'the action was not modified');
    });
  } finally {
    await admin.del(`actions/${shared.id}`).catch(() => {});
    await admin.del(`actions/${hidden.id}`).catch(() => {});
    await admin.del(`sectors/${sectorId}`).catch(() => {});
  }
});
