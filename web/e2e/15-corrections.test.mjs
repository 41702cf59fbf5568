// Scenario 15: an editor corrects and deletes records of every page (objectives, partners and their
// contacts, indicators and their measures, evaluations, cooperation documents and their files,
// plan sections); a deletion refused by the server (409: still referred to) is announced with the
// server's message and changes nothing. A partner account sees none of these controls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, PARTNER, RUN, apiSession, axeViolations, withPage, acceptDialogs } from './helpers.mjs';

const status = (page, text) => page.getByRole('status').filter({ hasText: text });

/** Opens a page from the main navigation and waits for its title. */
async function open(page, nav, h1) {
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: nav, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
}

test('an editor corrects and deletes records; a refused deletion is explained', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  // An objective with an action: it cannot be deleted while the action belongs to it.
  const objective = await admin.post('objectives', {
    code: `C-${RUN}`,
    title: `Objectif à corriger ${RUN}`,
    description: 'Accès aux soins.',
  });
  const action = await admin.post('actions', {
    title: `Action rattachée ${RUN}`,
    objective_id: objective.id,
    owner_direction: 'DTCM',
    status: 'en_cours',
    publics: 'seniors',
    territory: 'Bondy',
    start_date: null,
    end_date: null,
    partner_ids: [],
  });
  const org = await admin.post('organisations', { name: `Mission locale ${RUN}`, type: 'autre', territory: 'Bondy' });
  const kept = await admin.post(`organisations/${org.id}/contacts`, {
    name: `Conseillère ${RUN}`,
    role: 'Conseillère',
    email: 'c@ml.example',
    phone: '',
    purpose: 'Orientation des jeunes',
  });
  const leaving = await admin.post(`organisations/${org.id}/contacts`, {
    name: `Ancien directeur ${RUN}`,
    role: 'Directeur',
    email: 'd@ml.example',
    phone: '01 02 03 04 05',
    purpose: 'Pilotage',
  });
  const spare = await admin.post('organisations', { name: `Association dissoute ${RUN}`, type: 'association', territory: 'Pantin' });
  await admin.post(`organisations/${spare.id}/contacts`, { name: `Bénévole ${RUN}`, role: '', email: '', phone: '', purpose: 'Animation' });
  const indicator = await admin.post('indicators', {
    objective_id: null,
    name: `Indicateur à corriger ${RUN}`,
    definition: 'Part des trajets.',
    unit: '%',
    baseline: 10,
    target: 30,
  });
  await admin.post(`indicators/${indicator.id}/values`, { measured_on: '2024-12-31', value: 12 });
  await admin.post(`indicators/${indicator.id}/values`, { measured_on: '2025-06-30', value: 18 });
  const evalTitle = `Évaluation à corriger ${RUN}`;
  const evaluation = await admin.post('evaluations', {
    action_id: null,
    title: evalTitle,
    description: '',
    period_start: '2024-01-01',
    period_end: '2024-12-31',
    beneficiaries: 10,
    cost: 1000,
    indicator_label: 'Taux',
    value_before: 1,
    value_after: 2,
  });
  const docTitle = `Convention à retirer ${RUN}`;
  const doc = await admin.post('documents', {
    type: 'convention',
    title: docTitle,
    status: 'brouillon',
    signed_on: null,
    effective_on: null,
    ends_on: null,
    party_ids: [],
  });
  const fileName = `brouillon-${RUN}.txt`;
  const file = await admin.post(`documents/${doc.id}/files`, {
    name: fileName,
    content_type: 'text/plain',
    content_base64: Buffer.from('Version 1').toString('base64'),
  });
  const sectionTitle = `Section obsolète ${RUN}`;
  const section = await admin.post('plan-sections', { kind: 'diagnostic', title: sectionTitle, body: 'À retirer.' });

  try {
    await withPage(ADMIN, async ({ page }) => {
      const dialogs = acceptDialogs(page);

      // ---- objectives: corrected, then a refused deletion (an action belongs to it)
      await open(page, 'Objectifs', 'Objectifs du plan');
      await page.getByRole('button', { name: `Modifier l'objectif « Objectif à corriger ${RUN} »` }).click();
      const objForm = page.getByRole('form', { name: `Modifier l'objectif « Objectif à corriger ${RUN} »` });
      assert.equal(await objForm.getByLabel('Code').inputValue(), `C-${RUN}`, 'the form is filled with the objective');
      let violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      await objForm.getByLabel('Intitulé').fill(`Objectif corrigé ${RUN}`);
      await objForm.getByRole('button', { name: 'Enregistrer' }).click();
      await status(page, 'Objectif mis à jour.').waitFor();
      await page.locator('main tbody tr', { hasText: `Objectif corrigé ${RUN}` }).waitFor();
      assert.equal(await objForm.count(), 0, 'the edit form is closed');
      let objectives = await admin.get('objectives');
      assert.equal(objectives.find((o) => o.id === objective.id)?.title, `Objectif corrigé ${RUN}`);

      const refusal = await admin.del(`objectives/${objective.id}`).then(
        () => '',
        (e) => e.message,
      );
      assert.match(refusal, /HTTP 409/, 'the API refuses to delete an objective with an action');
      const serverMessage = JSON.parse(refusal.slice(refusal.indexOf('{'))).message;
      await page.getByRole('button', { name: `Supprimer l'objectif « Objectif corrigé ${RUN} »` }).click();
      const refused = status(page, `L'objectif « Objectif corrigé ${RUN} » n'est pas supprimé`);
      await refused.waitFor();
      assert.ok((await refused.innerText()).includes(serverMessage), `the server's message is shown (${serverMessage})`);
      assert.match(dialogs.at(-1), /Supprimer « Objectif corrigé .* » \?/, 'a confirmation was asked');
      await page.locator('main tbody tr', { hasText: `Objectif corrigé ${RUN}` }).waitFor();
      objectives = await admin.get('objectives');
      assert.ok(
        objectives.some((o) => o.id === objective.id),
        'the objective is still there',
      );

      // ---- partners: an organisation corrected, one deleted with its contacts, a contact erased (GDPR)
      await open(page, 'Partenaires', 'Partenaires');
      await page.getByText('RGPD : un contact qui n’est plus nécessaire doit être effacé').waitFor();
      await page.getByRole('button', { name: `Modifier le partenaire « Mission locale ${RUN} »` }).click();
      const orgForm = page.getByRole('form', { name: `Modifier le partenaire « Mission locale ${RUN} »` });
      await orgForm.getByLabel('Nom').fill(`Mission locale de Bondy ${RUN}`);
      await orgForm.getByLabel('Type').selectOption('association');
      await orgForm.getByLabel('Territoire').fill('Bondy, Noisy-le-Sec');
      await orgForm.getByRole('button', { name: 'Enregistrer' }).click();
      await status(page, 'Partenaire mis à jour.').waitFor();
      await page.locator('main tbody tr', { hasText: 'Bondy, Noisy-le-Sec' }).waitFor();
      const orgs = await admin.get('organisations');
      assert.deepEqual((({ name, type, territory }) => ({ name, type, territory }))(orgs.find((o) => o.id === org.id)), {
        name: `Mission locale de Bondy ${RUN}`,
        type: 'association',
        territory: 'Bondy, Noisy-le-Sec',
      });

      const block = page.locator('.contacts-org', {
        has: page.getByRole('heading', { level: 3, name: `Contacts – Mission locale de Bondy ${RUN}` }),
      });
      await block.locator('tbody tr', { hasText: `Ancien directeur ${RUN}` }).waitFor();
      await block.getByRole('button', { name: `Modifier le contact « Conseillère ${RUN} »` }).click();
      const contactForm = block.getByRole('form', { name: `Modifier le contact « Conseillère ${RUN} »` });
      violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      await contactForm.getByLabel('Finalité').fill('');
      await contactForm.getByRole('button', { name: 'Enregistrer' }).click();
      await contactForm.getByRole('alert').waitFor(); // the purpose stays required
      await contactForm.getByLabel('Finalité').fill('Orientation des jeunes vers les aides à la mobilité');
      await contactForm.getByRole('button', { name: 'Enregistrer' }).click();
      await status(page, 'Contact mis à jour.').waitFor();
      await block.locator('tbody tr', { hasText: 'vers les aides à la mobilité' }).waitFor();

      await block.getByRole('button', { name: `Supprimer le contact « Ancien directeur ${RUN} »` }).click();
      await status(page, `Contact « Ancien directeur ${RUN} » effacé.`).waitFor();
      assert.match(dialogs.at(-1), /RGPD/, 'the confirmation recalls GDPR');
      assert.equal(await block.locator('tbody tr', { hasText: `Ancien directeur ${RUN}` }).count(), 0, 'the contact is gone from the list');
      const contacts = await admin.get(`organisations/${org.id}/contacts`);
      assert.deepEqual(
        contacts.map((c) => [c.id, c.purpose]),
        [[kept.id, 'Orientation des jeunes vers les aides à la mobilité']],
      );
      assert.ok(!contacts.some((c) => c.id === leaving.id), 'the contact is erased in the API');

      await page.getByRole('button', { name: `Supprimer le partenaire « Association dissoute ${RUN} »` }).click();
      await status(page, 'Partenaire supprimé.').waitFor();
      assert.equal(await page.locator('main tbody tr', { hasText: `Association dissoute ${RUN}` }).count(), 0);
      assert.ok(!(await admin.get('organisations')).some((o) => o.id === spare.id), 'the organisation is deleted');
      await assert.rejects(admin.get(`organisations/${spare.id}/contacts`), /HTTP 404/);

      // ---- indicators: a measure deleted, the target corrected, then the indicator deleted
      await open(page, 'Indicateurs', 'Indicateurs du plan');
      const name = `Indicateur à corriger ${RUN}`;
      const values = page.getByRole('table', { name: `Mesures de « ${name} »` });
      await values
        .locator('tbody tr', { hasText: '2024' })
        .getByRole('button', { name: /^Supprimer la mesure du .*2024 de « / })
        .click();
      await status(page, 'Mesure supprimée.').waitFor();
      assert.equal(await values.locator('tbody tr').count(), 1);
      assert.match(await values.locator('tbody tr').innerText(), /2025/);
      let ind = (await admin.get('indicators')).find((x) => x.id === indicator.id);
      assert.deepEqual(
        ind.values.map((v) => [v.measured_on, v.value]),
        [['2025-06-30', 18]],
      );

      await page.getByRole('button', { name: `Modifier l'indicateur « ${name} »` }).click();
      const indForm = page.getByRole('form', { name: `Modifier l'indicateur « ${name} »` });
      assert.equal(await indForm.getByLabel('Valeur de référence').inputValue(), '10');
      await indForm.getByLabel('Cible').fill('50');
      await indForm.getByRole('button', { name: 'Enregistrer' }).click();
      await status(page, 'Indicateur mis à jour.').waitFor();
      const card = page.locator('section.indicator', { has: page.getByRole('heading', { level: 2, name }) });
      assert.match(await card.innerText(), /Cible\s*50 %/);
      ind = (await admin.get('indicators')).find((x) => x.id === indicator.id);
      assert.equal(ind.target, 50);
      assert.equal(ind.baseline, 10);

      await page.getByRole('button', { name: `Supprimer l'indicateur « ${name} »` }).click();
      await status(page, 'Indicateur supprimé.').waitFor();
      assert.equal(await page.getByRole('heading', { level: 2, name }).count(), 0);
      assert.ok(!(await admin.get('indicators')).some((x) => x.id === indicator.id), 'the indicator is deleted');

      // ---- evaluations: more beneficiaries, a lower cost per beneficiary; then deleted
      await open(page, 'Évaluations', /Évaluations/);
      const row = page.locator('main tbody tr', { hasText: evalTitle });
      assert.match(await row.innerText(), /100,00\s€/, 'cost per beneficiary before the correction');
      await page.getByRole('button', { name: `Modifier l'évaluation « ${evalTitle} »` }).click();
      const evalForm = page.getByRole('form', { name: `Modifier l'évaluation « ${evalTitle} »` });
      assert.equal(await evalForm.getByLabel('Début de la période').inputValue(), '2024-01-01');
      await evalForm.getByLabel('Bénéficiaires').fill('40');
      await evalForm.getByRole('button', { name: 'Enregistrer' }).click();
      await status(page, 'Évaluation mise à jour.').waitFor();
      assert.match(await row.innerText(), /25,00\s€/, 'cost per beneficiary after the correction');
      const evals = await admin.get('evaluations');
      assert.deepEqual(
        (({ beneficiaries, cost, cost_per_beneficiary, period_end }) => ({ beneficiaries, cost, cost_per_beneficiary, period_end }))(
          evals.find((e) => e.id === evaluation.id),
        ),
        { beneficiaries: 40, cost: 1000, cost_per_beneficiary: 25, period_end: '2024-12-31' },
      );
      await page.getByRole('button', { name: `Supprimer l'évaluation « ${evalTitle} »` }).click();
      await status(page, 'Évaluation supprimée.').waitFor();
      assert.equal(await row.count(), 0);
      assert.ok(!(await admin.get('evaluations')).some((e) => e.id === evaluation.id), 'the evaluation is deleted');

      // ---- cooperation documents: the attached file, then the document
      await open(page, 'Documents de coopération', 'Documents de coopération');
      const files = page.locator('section.doc-files', { has: page.getByRole('heading', { level: 3, name: docTitle, exact: true }) });
      await files.getByRole('link', { name: fileName }).waitFor();
      await files.getByRole('button', { name: `Supprimer le fichier « ${fileName} »` }).click();
      await status(page, `Fichier « ${fileName} » supprimé.`).waitFor();
      await files.getByText('Aucun fichier joint.').waitFor();
      assert.deepEqual(await admin.get(`documents/${doc.id}/files`), []);
      await assert.rejects(admin.get(`document-files/${file.id}`), /HTTP 404/);

      await page.getByRole('button', { name: `Supprimer le document « ${docTitle} »` }).click();
      await status(page, 'Document supprimé.').waitFor();
      assert.equal(await page.locator('main tbody tr', { hasText: docTitle }).count(), 0);
      assert.equal(await files.count(), 0, 'its files block is gone');
      assert.ok(!(await admin.get('documents')).some((d) => d.id === doc.id), 'the document is deleted');

      // ---- plan texts: a section deleted
      await open(page, 'Textes du plan', 'Plan de mobilité solidaire');
      await page.getByRole('heading', { level: 3, name: sectionTitle }).waitFor();
      await page.getByRole('button', { name: `Supprimer la section « ${sectionTitle} »` }).click();
      await status(page, 'Section supprimée.').waitFor();
      assert.equal(await page.getByRole('heading', { level: 3, name: sectionTitle }).count(), 0);
      assert.ok(!(await admin.get('plan-sections')).some((s) => s.id === section.id), 'the section is deleted');
    });
  } finally {
    await admin.del(`actions/${action.id}`).catch(() => {});
    await admin.del(`objectives/${objective.id}`).catch(() => {});
    await admin.del(`organisations/${org.id}`).catch(() => {});
  }
});

test('a partner account sees no correction or deletion control', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const partnerApi = await apiSession(PARTNER);
  const org = partnerApi.me.organisation_id;
  assert.equal(partnerApi.me.role, 'partenaire');
  // Records on every page, so that rows (and their would-be buttons) are shown.
  const contact = await admin.post(`organisations/${org}/contacts`, {
    name: `Référente CAF ${RUN}`,
    role: 'Référente',
    email: '',
    phone: '',
    purpose: 'Suivi de la convention',
  });
  const objective = await admin.post('objectives', { code: `P-${RUN}`, title: `Objectif partagé ${RUN}`, description: '' });
  const indicator = await admin.post('indicators', {
    objective_id: null,
    name: `Indicateur partagé ${RUN}`,
    definition: '',
    unit: '',
    baseline: null,
    target: null,
  });
  await admin.post(`indicators/${indicator.id}/values`, { measured_on: '2025-01-01', value: 3 });
  const evaluation = await admin.post('evaluations', {
    action_id: null,
    title: `Évaluation partagée ${RUN}`,
    description: '',
    period_start: null,
    period_end: null,
    beneficiaries: 2,
    cost: 10,
    indicator_label: '',
    value_before: null,
    value_after: null,
  });
  const doc = await admin.post('documents', {
    type: 'convention',
    title: `Convention partagée ${RUN}`,
    status: 'brouillon',
    signed_on: null,
    effective_on: null,
    ends_on: null,
    party_ids: [org],
  });
  await admin.post(`documents/${doc.id}/files`, {
    name: `annexe-${RUN}.txt`,
    content_type: 'text/plain',
    content_base64: Buffer.from('x').toString('base64'),
  });
  const section = await admin.post('plan-sections', { kind: 'doctrine', title: `Doctrine partagée ${RUN}`, body: 'Texte.' });

  try {
    await withPage(PARTNER, async ({ page }) => {
      const noControls = async (nav, h1, shown) => {
        await open(page, nav, h1);
        await page.getByText(shown).first().waitFor();
        await page.waitForLoadState('networkidle');
        const n = await page
          .locator('main')
          .getByRole('button', { name: /Supprimer|Modifier|Effacer/ })
          .count();
        assert.equal(n, 0, `no correction / deletion button on "${nav}"`);
      };
      await noControls('Partenaires', 'Partenaires', `Référente CAF ${RUN}`);
      assert.equal(
        await page.getByText('un contact qui n’est plus nécessaire doit être effacé').count(),
        0,
        'no erasure notice for a partner',
      );
      await noControls('Objectifs', 'Objectifs du plan', `Objectif partagé ${RUN}`);
      await noControls('Indicateurs', 'Indicateurs du plan', `Indicateur partagé ${RUN}`);
      await noControls('Évaluations', /Évaluations/, `Évaluation partagée ${RUN}`);
      await noControls('Documents de coopération', 'Documents de coopération', `annexe-${RUN}.txt`);
      await noControls('Textes du plan', 'Plan de mobilité solidaire', `Doctrine partagée ${RUN}`);
    });
  } finally {
    await admin.del(`contacts/${contact.id}`).catch(() => {});
    await admin.del(`objectives/${objective.id}`).catch(() => {});
    await admin.del(`indicators/${indicator.id}`).catch(() => {});
    await admin.del(`evaluations/${evaluation.id}`).catch(() => {});
    await admin.del(`documents/${doc.id}`).catch(() => {});
    await admin.del(`plan-sections/${section.id}`).catch(() => {});
  }
});
