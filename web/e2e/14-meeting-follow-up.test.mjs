// Scenario 14: after a meeting, an agent links an agenda item to a plan action and a cooperation
// document, marks a follow-up action as done (it leaves the dashboard's overdue list), removes a
// decision, corrects the meeting, then deletes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SKIP, ADMIN, RUN, apiSession, withPage, acceptDialogs } from './helpers.mjs';

test('agenda links, follow-up status, corrections and deletion of a meeting', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const action = await admin.post('actions', {
    title: `Navette solidaire ${RUN}`,
    objective_id: null,
    owner_direction: 'DTCM',
    status: 'en_cours',
    publics: 'personnes âgées',
    territory: 'Est Ensemble',
    start_date: null,
    end_date: null,
    partner_ids: [],
  });
  const doc = await admin.post('documents', { type: 'convention', title: `Convention navette ${RUN}`, status: 'brouillon', party_ids: [] });
  const meeting = await admin.post('meetings', { type: 'cotech', title: `COTECH suivi ${RUN}`, held_on: '2026-02-10', place: 'Bobigny' });
  await admin.post(`meetings/${meeting.id}/agenda-items`, { title: `Point navette ${RUN}`, priority: 2 });
  await admin.post(`meetings/${meeting.id}/decisions`, { text: `Décision à retirer ${RUN}` });
  const overdue = `Relancer le transporteur ${RUN}`;
  await admin.post(`meetings/${meeting.id}/follow-ups`, { text: overdue, owner: 'DTCM', due_on: '2026-03-01', status: 'a_faire' });
  const overdueTexts = async () => (await admin.get('dashboard')).overdue_follow_ups.map((f) => f.text);
  assert.ok((await overdueTexts()).includes(overdue), 'the follow-up is overdue to begin with');

  await withPage(ADMIN, async ({ page }) => {
    acceptDialogs(page);
    await page.goto(`${page.url().split('#')[0]}#/meetings/${meeting.id}`);
    await page.getByRole('heading', { level: 1, name: `COTECH suivi ${RUN}` }).waitFor();

    // The agenda item, edited in place: first in priority, linked to the action and the document.
    await page.getByRole('button', { name: `Modifier le point « Point navette ${RUN} »` }).click();
    const form = page.getByRole('form', { name: `Modifier le point « Point navette ${RUN} »` });
    await form.getByLabel('Hiérarchisation (priorité)').selectOption('1');
    await form.getByLabel('Action du plan liée').selectOption(String(action.id));
    await form.getByLabel('Document de coopération lié').selectOption(String(doc.id));
    await form.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('status').filter({ hasText: "Point de l'ordre du jour mis à jour." }).waitFor();
    const item = page.locator('ol.agenda > li').first();
    await item.getByRole('link', { name: `Navette solidaire ${RUN}` }).waitFor();
    await item.getByRole('link', { name: `Convention navette ${RUN}` }).waitFor();
    let detail = await admin.get(`meetings/${meeting.id}`);
    assert.equal(detail.agenda_items[0].priority, 1);
    assert.equal(detail.agenda_items[0].action_id, action.id);
    assert.equal(detail.agenda_items[0].document_id, doc.id);

    // The follow-up action is done: no longer overdue on the dashboard.
    await page.getByLabel(`État de « ${overdue} »`).selectOption('fait');
    await page.locator('section[aria-labelledby="mt-follow"]').getByRole('button', { name: 'Mettre à jour' }).click();
    await page.getByRole('status').filter({ hasText: 'Suivi mis à jour.' }).waitFor();
    detail = await admin.get(`meetings/${meeting.id}`);
    assert.equal(detail.follow_ups[0].status, 'fait');
    assert.ok(!(await overdueTexts()).includes(overdue), 'a done follow-up is not overdue');

    // The decision is removed (after confirmation).
    await page.getByRole('button', { name: 'Supprimer la décision 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Décision supprimée.' }).waitFor();
    assert.deepEqual((await admin.get(`meetings/${meeting.id}`)).decisions, []);

    // The meeting itself is corrected, then deleted.
    await page.getByRole('button', { name: 'Modifier la réunion' }).click();
    const edit = page.locator('section[aria-labelledby="mt-details"] form');
    await edit.getByLabel('Type').selectOption('copil');
    await edit.getByLabel('Intitulé').fill(`COPIL suivi ${RUN}`);
    await edit.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('heading', { level: 1, name: `COPIL suivi ${RUN}` }).waitFor();
    assert.equal((await admin.get(`meetings/${meeting.id}`)).type, 'copil');

    await page.getByRole('button', { name: 'Supprimer la réunion' }).click();
    await page.getByRole('heading', { level: 1, name: 'Réunions' }).waitFor();
    await assert.rejects(admin.get(`meetings/${meeting.id}`), /HTTP 404/);
  });
});
