// Scenario 19: a call for projects from start to end in the UI — the admin creates the call, its
// criteria and two applications, scores them; an agent linked to the applicant is refused
// (conflict of interest) and scores the other; an application's file is attached and downloaded;
// the ranking shows the hand-derived totals and spread; decisions past the envelope are flagged; the
// selection report downloads; the funded application becomes an action with its budget line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { SKIP, ADMIN, AGENT_CAF, RUN, launch, uiLogin, apiSession, screenshot, withPage } from './helpers.mjs';

test('a call for projects is reviewed, ranked, decided, reported and funds an action', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const caf = (await admin.get('organisations')).find((o) => o.name === 'CAF de la Seine-Saint-Denis');
  const asso = await admin.post('organisations', { name: `Auto-école sociale ${RUN}`, type: 'association', territory: '93' });
  const callTitle = `Mobilité vers l'emploi ${RUN}`;
  const garage = `Garage solidaire ${RUN}`;
  const school = `Permis accompagné ${RUN}`;
  await withPage(ADMIN, async ({ page }) => {
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Appels à projets' }).click();
    await page.getByRole('heading', { level: 1, name: 'Appels à projets' }).waitFor();

    const create = page.getByRole('form', { name: 'Nouvel appel à projets' });
    await create.getByLabel(/^Intitulé/).fill(callTitle);
    await create.getByLabel(/^Statut/).selectOption('ouvert');
    await create.getByLabel(/^Enveloppe/).fill('50000');
    await create.getByLabel(/^Ouverture/).fill('2027-01-10');
    await create.getByLabel(/^Clôture/).fill('2027-03-31');
    await create.getByLabel(/^Décision/).fill('2027-05-15');
    await create.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('link', { name: callTitle }).click();
    await page.getByRole('heading', { level: 1, name: callTitle }).waitFor();

    for (const [label, weight] of [
      ['Impact', '60'],
      ['Faisabilité', '40'],
    ]) {
      const form = page.getByRole('form', { name: 'Nouveau critère' });
      await form.getByLabel(/^Critère/).fill(label);
      await form.getByLabel(/^Pondération/).fill(weight);
      await form.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('rowheader', { name: label, exact: true }).waitFor();
    }
    for (const [org, project, amount] of [
      [String(caf.id), garage, '30000'],
      [String(asso.id), school, '25000'],
    ]) {
      const form = page.getByRole('form', { name: 'Nouvelle candidature' });
      await form.getByLabel(/^Porteur/).selectOption(org);
      await form.getByLabel(/^Projet/).fill(project);
      await form.getByLabel(/^Montant demandé/).fill(amount);
      await form.getByLabel(/^Éligibilité/).selectOption('eligible');
      await form.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('rowheader', { name: project, exact: true }).first().waitFor();
    }

    // The applicant's project file, attached to its application and downloaded byte for byte.
    const content = Buffer.from('Budget prévisionnel du garage\n');
    const attach = page.getByRole('form', { name: `Joindre un fichier à « ${garage} »` });
    await attach
      .getByLabel(`Joindre un fichier à « ${garage} »`)
      .setInputFiles({ name: 'budget.txt', mimeType: 'text/plain', buffer: content });
    await attach.getByRole('button', { name: 'Joindre le fichier' }).click();
    const fileLink = page.getByRole('region', { name: garage }).getByRole('link', { name: 'budget.txt' });
    await fileLink.waitFor();
    const [attached] = await Promise.all([page.waitForEvent('download'), fileLink.click()]);
    assert.deepEqual(await readFile(await attached.path()), content);

    // The admin scores both applications.
    const score = async (p, project, impact, feasibility) => {
      const form = p.getByRole('form', { name: 'Noter une candidature' });
      await form.getByLabel('Candidature').selectOption({ label: project });
      await form.getByLabel('Note « Impact » (0 à 5)').fill(impact);
      await form.getByLabel('Note « Faisabilité » (0 à 5)').fill(feasibility);
      await form.getByLabel('Commentaire « Impact »').fill('Ancrage local');
      await form.getByRole('button', { name: 'Enregistrer mes notes' }).click();
    };
    await score(page, garage, '5', '3');
    await page.getByText('Notes enregistrées.').waitFor();
    await score(page, school, '3', '5');

    // The agent linked to the CAF: refused on the CAF's application, accepted on the other.
    const reviewerBrowser = await launch(); // another browser profile: another session
    try {
      const reviewer = await reviewerBrowser.context.newPage();
      await uiLogin(reviewer, AGENT_CAF);
      await reviewer.goto(page.url());
      await reviewer.getByRole('heading', { level: 1, name: callTitle }).waitFor();
      await score(reviewer, garage, '5', '5');
      await reviewer.getByRole('alert').filter({ hasText: "Conflit d'intérêts" }).waitFor();
      await score(reviewer, school, '3', '2');
      await reviewer.getByText('Notes enregistrées.').waitFor();
    } finally {
      await reviewerBrowser.close();
    }

    // Ranking, hand-derived (weights 60/40, on 100): garage, admin only (5, 3) -> 84; school, admin
    // (3, 5) -> 76 and agent (3, 2) -> 52: means (3, 3.5) -> 64, spread 24.
    await page.reload();
    const ranking = page.getByRole('table', { name: 'Classement' });
    await ranking.waitFor();
    const rows = ranking.locator('tbody tr');
    await rows.nth(1).waitFor();
    const cells = async (i) => (await rows.nth(i).locator('th, td').allInnerTexts()).map((s) => s.trim());
    const first = await cells(0);
    const second = await cells(1);
    assert.deepEqual(first.slice(0, 2), ['1', garage]);
    assert.ok(first.includes('84'), first.join(' | '));
    assert.deepEqual(second.slice(0, 2), ['2', school]);
    assert.ok(second.includes('64') && second.includes('24'), second.join(' | '));

    // Decisions: 30,000 + 25,000 pass the 50,000 envelope: flagged.
    const decide = async (project, granted) => {
      await page.getByRole('button', { name: `Modifier la candidature « ${project} »` }).click();
      const form = page.getByRole('form', { name: `Modifier la candidature « ${project} »` });
      await form.getByLabel(/^Décision/).selectOption('retenu');
      await form.getByLabel(/^Montant attribué/).fill(granted);
      await form.getByRole('button', { name: 'Enregistrer' }).click();
      await page.getByText('Candidature mise à jour.').waitFor();
    };
    await decide(garage, '30000');
    await decide(school, '25000');
    await page.locator('#over-envelope').waitFor();
    assert.match(await page.locator('#over-envelope').innerText(), /dépassent l'enveloppe/);
    await screenshot(page, '19-calls-over-envelope');
    await decide(school, '20000');
    await page.locator('#over-envelope').waitFor({ state: 'detached' });

    // The selection report (Word) names the call and the ranked projects.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Rapport (Word)' }).click()]);
    const file = path.join(tmpdir(), `selection-${RUN}.docx`);
    await download.saveAs(file);
    const zip = await JSZip.loadAsync(await readFile(file));
    const xml = await zip.file('word/document.xml').async('string');
    assert.ok(xml.includes('Rapport de sélection') && xml.includes('Garage solidaire'), 'report text');

    // The funded application becomes an action of the plan with its budget line.
    await page.getByRole('button', { name: `Créer l'action « ${garage} »` }).click();
    await page.getByRole('link', { name: "Voir l'action" }).first().click();
    await page.getByRole('heading', { level: 1, name: garage }).waitFor();
    assert.match(await page.locator('main').innerText(), /30\s000,00\s€/);
    await page.getByRole('link', { name: callTitle }).waitFor(); // back to the call it comes from
  });
});
