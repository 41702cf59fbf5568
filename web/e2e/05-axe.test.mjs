// Automated accessibility check (axe-core, WCAG 2.1 A/AA rules) of each page, as an admin.
// Not a full RGAA audit: it catches missing labels, contrast, ARIA misuse, duplicate ids…
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { BASE, SKIP, ADMIN, RUN, uiLogin, apiSession, withPage } from './helpers.mjs';

const require = createRequire(import.meta.url);

test('pages have no WCAG 2.1 A/AA violations detected by axe-core', { skip: SKIP }, async () => {
  const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Some content so that the new pages are checked with their tables, chart and lists.
  const admin = await apiSession(ADMIN);
  const call = await admin.post('calls', { title: `Appel axe ${RUN}`, status: 'ouvert', envelope: 10000 });
  await admin.post(`calls/${call.id}/criteria`, { label: 'Impact', weight: 2 });
  const caf = (await admin.get('organisations'))[0];
  await admin.post(`calls/${call.id}/applications`, {
    organisation_id: caf.id,
    project_title: 'Projet axe',
    eligibility: 'eligible',
    decision: 'en_attente',
  });
  const other = await admin.post('benchmark-plans', { territory: `Nord ${RUN}`, title: 'Schéma' });
  await admin.post(`benchmark-plans/${other.id}/measures`, { title: 'Vélos prêtés', publics: 'jeunes' });
  const meeting = await admin.post('meetings', {
    type: 'cotech',
    title: `COTECH axe ${RUN}`,
    held_on: '2030-01-15',
    place: 'Bobigny',
    participant_ids: [],
  });
  await admin.post(`meetings/${meeting.id}/agenda-items`, {
    title: `Point axe ${RUN}`,
    problem_statement: 'Problème.',
    priority: 1,
    stakes: 'Enjeux.',
  });
  await admin.post(`meetings/${meeting.id}/decisions`, { text: `Décision axe ${RUN}` });
  await admin.post(`meetings/${meeting.id}/follow-ups`, {
    text: `Suite axe ${RUN}`,
    owner: 'DTCM',
    due_on: '2020-01-01',
    status: 'a_faire',
  });
  const indicator = await admin.post('indicators', {
    objective_id: null,
    name: `Indicateur axe ${RUN}`,
    definition: 'Définition.',
    unit: '%',
    baseline: 10,
    target: 30,
  });
  await admin.post(`indicators/${indicator.id}/values`, { measured_on: '2025-01-01', value: 12 });
  await admin.post(`indicators/${indicator.id}/values`, { measured_on: '2025-06-01', value: 18 });
  await admin.post('evaluations', {
    action_id: null,
    title: `Évaluation axe ${RUN}`,
    description: '',
    period_start: '2024-01-01',
    period_end: '2024-12-31',
    beneficiaries: 10,
    cost: 1000,
    indicator_label: 'Taux',
    value_before: 1,
    value_after: 2,
  });
  await admin.post('plan-sections', { kind: 'diagnostic', title: `Diagnostic axe ${RUN}`, body: 'Un.\n\nDeux.' });
  await withPage(null, async ({ page }) => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const pages = [['login', null]];
    const problems = [];
    const check = async (name) => {
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      await page.evaluate(axeSource); // not an inline <script>: the Content-Security-Policy would refuse it
      const res = await page.evaluate(async () =>
        // eslint-disable-next-line no-undef
        (
          await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            // The map canvas is described by the sector list; MapLibre's own controls are checked too.
          })
        ).violations.map(
          (v) =>
            `${v.id} (${v.impact}): ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
        ),
      );
      for (const v of res) problems.push(`[${name}] ${v}`);
    };
    await check('login');
    await uiLogin(page, ADMIN);
    for (const route of [
      'dashboard',
      'plan',
      'actions',
      'actions/new',
      'objectives',
      'indicators',
      'evaluations',
      'budget-annex',
      'partners',
      'meetings',
      `meetings/${meeting.id}`,
      'documents',
      'territory',
      'calls',
      `calls/${call.id}`,
      'benchmark',
      'framework',
      'surveys',
    ]) {
      await page.goto(`${BASE}/#/${route}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      pages.push([route]);
      await check(route);
    }
    // The first action's detail page (budget lines table and form).
    await page.goto(`${BASE}/#/actions`);
    const first = page.locator('main table tbody a').first();
    if (await first.count()) {
      await first.click();
      await page.getByRole('heading', { level: 2, name: 'Lignes budgétaires' }).waitFor();
      await check('action detail');
    }
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
