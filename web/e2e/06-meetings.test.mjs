// Scenario 6: an admin prepares a meeting (agenda items ranked by priority, a decision, a follow-up
// action) through the UI, then downloads the meeting file (DOCX) and checks its content.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin prepares a meeting and downloads the DOCX meeting file', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const title = `COPIL e2e ${RUN}`;
  const items = [
    {
      title: `Tarification solidaire ${RUN}`,
      priority: '1',
      problem: 'Les publics en insertion renoncent aux offres faute de transport abordable.',
      stakes: 'Accès à l’emploi, coût pour le Département.',
    },
    {
      title: `Calendrier du plan ${RUN}`,
      priority: '3',
      problem: 'Les étapes de validation ne sont pas fixées.',
      stakes: 'Tenir le vote en séance plénière.',
    },
  ];
  const decision = `Le COPIL valide la tarification solidaire ${RUN}.`;
  const followUp = { text: `Chiffrer la mesure ${RUN}`, owner: 'DTCM', due: '2031-03-15' };

  const dl = await mkdtemp(path.join(tmpdir(), 'solimob-dl-'));
  try {
    await withPage(ADMIN, async ({ page }) => {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Réunions', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Réunions' }).waitFor();
      const create = page.locator('section[aria-labelledby="meeting-new"] form');
      await create.getByLabel('Type').selectOption('copil');
      await create.getByLabel('Intitulé').fill(title);
      await create.getByLabel('Date').fill('2030-06-12');
      await create.getByLabel('Lieu').fill('Bobigny, Hôtel du Département');
      const partner = create.getByRole('group', { name: 'Partenaires participants' }).getByRole('checkbox').first();
      if ((await partner.count()) > 0) await partner.check();
      await create.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      const m = /#\/meetings\/(\d+)$/.exec(page.url());
      assert.ok(m, `redirected to the meeting page (${page.url()})`);
      const id = Number(m[1]);
      assert.ok((await page.getByText('COPIL', { exact: true }).count()) > 0, 'the meeting type is shown');

      // Agenda: two items with their problem statement, priority and stakes.
      for (const [i, it] of items.entries()) {
        const form = page.getByRole('form', { name: "Ajouter un point à l'ordre du jour" });
        await form.getByLabel('Intitulé du point').fill(it.title);
        await form.getByLabel('Hiérarchisation (priorité)').selectOption(it.priority);
        await form.getByLabel('Problématisation').fill(it.problem);
        await form.getByLabel('Synthèse des enjeux').fill(it.stakes);
        await form.getByRole('button', { name: "Ajouter un point à l'ordre du jour" }).click();
        await page.locator('ol.agenda > li').nth(i).waitFor();
      }
      const agenda = page.locator('ol.agenda > li');
      assert.equal(await agenda.count(), 2);
      assert.match(await agenda.nth(0).innerText(), new RegExp(`Tarification solidaire ${RUN}[\\s\\S]*Haute`));
      assert.match(await agenda.nth(1).innerText(), new RegExp(`Calendrier du plan ${RUN}[\\s\\S]*Basse`));

      // Decision and follow-up.
      const dform = page.getByRole('form', { name: 'Ajouter une décision' });
      await dform.getByLabel('Décision').fill(decision);
      await dform.getByRole('button', { name: 'Ajouter une décision' }).click();
      await page.locator('section[aria-labelledby="mt-decisions"]').getByText(decision).waitFor();

      const fform = page.getByRole('form', { name: 'Ajouter une action de suivi' });
      await fform.getByLabel('Action à mener').fill(followUp.text);
      await fform.getByLabel('Responsable').fill(followUp.owner);
      await fform.getByLabel('Échéance').fill(followUp.due);
      await fform.getByLabel('Statut').selectOption('en_cours');
      await fform.getByRole('button', { name: 'Ajouter une action de suivi' }).click();
      const row = page.locator('section[aria-labelledby="mt-follow"] tbody tr', { hasText: followUp.text });
      await row.waitFor();
      assert.match(await row.innerText(), /DTCM[\s\S]*En cours/);

      const detail = await admin.get(`meetings/${id}`);
      assert.deepEqual(
        detail.agenda_items.map((x) => [x.title, x.priority]),
        [
          [items[0].title, 1],
          [items[1].title, 3],
        ],
      );
      assert.equal(detail.agenda_items[0].problem_statement, items[0].problem);
      assert.equal(detail.agenda_items[1].stakes, items[1].stakes);
      assert.deepEqual(
        detail.decisions.map((d) => d.text),
        [decision],
      );
      assert.deepEqual(
        detail.follow_ups.map((f) => [f.text, f.owner, f.due_on, f.status]),
        [[followUp.text, followUp.owner, followUp.due, 'en_cours']],
      );

      await page.waitForTimeout(200);
      await screenshot(page, 'meeting');

      // Export links, then the DOCX download.
      const exports = page.locator('section[aria-labelledby="mt-exports"]');
      await exports.getByRole('heading', { name: 'Dossier de séance (DOCX / ODT / PDF)' }).waitFor();
      for (const name of ['Dossier de séance (DOCX)', 'Dossier de séance (ODT)', 'Dossier de séance (PDF)']) {
        assert.equal(await exports.getByRole('link', { name }).count(), 1, `link "${name}"`);
      }
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        exports.getByRole('link', { name: 'Dossier de séance (DOCX)' }).click(),
      ]);
      const file = path.join(dl, 'reunion.docx');
      await download.saveAs(file);
      const buf = await readFile(file);
      assert.equal(buf.subarray(0, 2).toString('latin1'), 'PK', 'the DOCX is a zip');
      const zip = await JSZip.loadAsync(buf);
      const xml = await zip.file('word/document.xml')?.async('string');
      assert.ok(xml, 'the DOCX has word/document.xml');
      const text = xml.replace(/<[^>]+>/g, '');
      for (const it of items) assert.ok(text.includes(it.title), `word/document.xml contains "${it.title}"`);
      assert.ok(text.indexOf(items[0].title) < text.indexOf(items[1].title), 'agenda items in order');
      assert.ok(text.includes(decision), 'the decision is in the meeting file');

      // The ODT and PDF files are served too.
      for (const [name, magic] of [
        ['Dossier de séance (ODT)', 'PK'],
        ['Dossier de séance (PDF)', '%PDF'],
      ]) {
        const href = await exports.getByRole('link', { name }).getAttribute('href');
        const res = await page.request.get(new URL(href, page.url()).toString());
        assert.equal(res.status(), 200, `${name}: HTTP ${res.status()}`);
        const body = await res.body();
        assert.equal(body.subarray(0, magic.length).toString('latin1'), magic, `${name} starts with ${magic}`);
      }

      // Meetings list shows the new meeting.
      await page.getByRole('link', { name: 'Retour aux réunions' }).click();
      await page.getByRole('link', { name: title }).waitFor();
      await screenshot(page, 'meetings');
    });
  } finally {
    await rm(dl, { recursive: true, force: true });
  }
});
