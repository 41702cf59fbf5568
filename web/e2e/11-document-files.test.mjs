// Scenario 11: a file attached to a cooperation document in the UI, listed, downloaded and compared
// byte for byte; a file name with folders is refused by the API on the field "name".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BASE, SKIP, ADMIN, RUN, apiSession, screenshot, axeViolations, withPage } from './helpers.mjs';

test('admin attaches a file to a cooperation document, sees it listed and downloads it', { skip: SKIP }, async () => {
  const admin = await apiSession(ADMIN);
  const title = `Convention fichiers ${RUN}`;
  const doc = await admin.post('documents', {
    type: 'convention',
    title,
    status: 'brouillon',
    signed_on: null,
    effective_on: null,
    ends_on: null,
    party_ids: [],
  });
  const fileName = `annexe-${RUN}.txt`;
  const content = Buffer.from(`Annexe financière ${RUN}\nLigne 2 : « engagements » — 100 %\n`, 'utf8');

  const dl = await mkdtemp(path.join(tmpdir(), 'solimob-dl-'));
  try {
    await withPage(ADMIN, async ({ page }) => {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Documents de coopération' }).click();
      await page.getByRole('heading', { level: 2, name: 'Fichiers joints' }).waitFor();
      const block = page.locator('section.doc-files', { has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
      await block.getByText('Aucun fichier joint.').waitFor();

      const form = page.getByRole('form', { name: `Joindre un fichier à « ${title} »` });
      // Submitting without a file: an error tied to the file field.
      await form.getByRole('button', { name: 'Joindre le fichier' }).click();
      await form.getByRole('alert').waitFor();
      assert.equal(await form.getByLabel(`Joindre un fichier à « ${title} »`).getAttribute('aria-invalid'), 'true');

      await form.getByLabel(`Joindre un fichier à « ${title} »`).setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: content });
      await form.getByRole('button', { name: 'Joindre le fichier' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Fichier « ${fileName} » joint.` })
        .waitFor();
      const link = block.getByRole('link', { name: fileName });
      await link.waitFor();

      const files = await admin.get(`documents/${doc.id}/files`);
      assert.deepEqual(
        files.map((f) => [f.name, f.content_type, f.size]),
        [[fileName, 'text/plain', content.length]],
      );
      assert.equal(await link.getAttribute('href'), `api/document-files/${files[0].id}`);

      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), fileName);
      const file = path.join(dl, 'downloaded.txt');
      await download.saveAs(file);
      assert.deepEqual(await readFile(file), content, 'the downloaded bytes are the uploaded ones');

      // Served as an attachment, never rendered in the application's origin.
      const res = await page.request.get(`${BASE}/api/document-files/${files[0].id}`);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-disposition'] ?? '', /^attachment/);

      // A name with folders is refused on the field "name".
      const refused = await fetch(`${BASE}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: ADMIN.login, password: ADMIN.password }),
      }).then(async (r) => {
        const me = await r.json();
        const cookie = r.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        return fetch(`${BASE}/api/documents/${doc.id}/files`, {
          method: 'POST',
          headers: { Cookie: cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
          body: JSON.stringify({ name: '../etc/passwd', content_type: 'text/plain', content_base64: content.toString('base64') }),
        });
      });
      assert.equal(refused.status, 400);
      assert.equal((await refused.json()).field, 'name');

      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], violations.join('\n'));
      await screenshot(page, 'document-files');
    });
  } finally {
    await rm(dl, { recursive: true, force: true });
  }
});
