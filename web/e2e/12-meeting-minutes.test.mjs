// Scenario 12: the minutes (compte rendu) of a meeting written in the UI, shown as plain-text
// paragraphs after a reload (no HTML injection) and present in the Markdown meeting file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, SKIP, ADMIN, RUN, apiSession, screenshot, withPage } from './helpers.mjs';

test('admin writes the minutes of a meeting, reloads, and finds them in the Markdown export', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const meeting = await admin.post('meetings', {
    type: 'cotech',
    title: `COTECH compte rendu ${RUN}`,
    held_on: '2030-02-20',
    place: 'Bobigny',
    participant_ids: [],
  });
  const paras = [
    `Le COTECH a examiné le diagnostic ${RUN}.`,
    'Les partenaires valident le calendrier. <b>pas du HTML</b> <img src=x onerror="window.__xss=1">',
  ];
  const minutes = paras.join('\n\n');

  await withPage(ADMIN, async ({ page }) => {
    await page.goto(`${BASE}/#/meetings/${meeting.id}`);
    await page.getByRole('heading', { level: 1, name: meeting.title }).waitFor();
    const section = page.locator('section[aria-labelledby="mt-minutes"]');
    await section.getByRole('heading', { level: 2, name: 'Compte rendu' }).waitFor();
    await section.getByText('Aucun compte rendu.').waitFor();

    const form = page.getByRole('form', { name: 'Enregistrer le compte rendu' });
    await form.getByLabel('Texte du compte rendu').fill(minutes);
    await form.getByRole('button', { name: 'Enregistrer le compte rendu' }).click();
    await page.getByRole('status').filter({ hasText: 'Compte rendu enregistré.' }).waitFor();
    await section.locator('p.prose').first().waitFor();

    await page.reload();
    await page.getByRole('heading', { level: 1, name: meeting.title }).waitFor();
    const shown = section.locator('.minutes p.prose');
    await shown.first().waitFor();
    assert.deepEqual(await shown.allInnerTexts(), paras, 'one paragraph per block of text');
    assert.equal(await section.locator('.minutes b, .minutes img').count(), 0, 'no HTML from the minutes');
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(
      await page.getByRole('form', { name: 'Enregistrer le compte rendu' }).getByLabel('Texte du compte rendu').inputValue(),
      minutes,
    );
    assert.equal((await admin.get(`meetings/${meeting.id}`)).minutes, minutes);

    // The Markdown meeting file (the link on the page) has the minutes.
    const href = await page.getByRole('link', { name: 'Version texte (Markdown)' }).getAttribute('href');
    const res = await page.request.get(new URL(href, page.url()).toString());
    assert.equal(res.status(), 200);
    const md = await res.text();
    assert.ok(md.includes('## Compte rendu'), md);
    assert.ok(md.includes(paras[0]), 'the minutes text is in the Markdown file');

    await screenshot(page, 'meeting-minutes');
  });
});
