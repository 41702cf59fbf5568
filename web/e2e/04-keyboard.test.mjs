// Scenario 4: the login form is usable with the keyboard only (Tab / typing / Enter),
// with a visible focus; plus the FR/EN switch updates the lang attribute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, SKIP, ADMIN, withPage } from './helpers.mjs';

const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const cs = el ? getComputedStyle(el) : null;
    return {
      tag: el?.tagName.toLowerCase(),
      name: el?.getAttribute('name'),
      text: el?.textContent?.trim(),
      outline: cs ? `${cs.outlineStyle} ${cs.outlineWidth}` : '',
    };
  });

async function tabTo(page, predicate, max = 12) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (predicate(f)) return f;
  }
  throw new Error('focus never reached the expected element with Tab');
}

test('login with the keyboard only; visible focus; language switch', { skip: SKIP }, async () => {
  await withPage(null, async ({ page }) => {
    await page.goto(`${BASE}/`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');

    // First Tab: the skip link.
    await page.keyboard.press('Tab');
    const first = await focused(page);
    assert.equal(first.text, 'Aller au contenu principal', 'first Tab stop is the skip link');

    // A wrong password first: the error is announced and focus goes to the field.
    let f = await tabTo(page, (x) => x.name === 'login');
    assert.notEqual(f.outline.split(' ')[0], 'none', `focus is visible on the login field (${f.outline})`);
    await page.keyboard.type(ADMIN.login);
    await page.keyboard.press('Tab');
    f = await focused(page);
    assert.equal(f.name, 'password');
    await page.keyboard.type(`${ADMIN.password}-wrong`);
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Identifiant ou mot de passe incorrect.' }).waitFor();
    f = await focused(page);
    assert.equal(f.name, 'password', 'focus moved to the field in error');
    assert.equal(await page.locator('input[name=password]').getAttribute('aria-invalid'), 'true');

    // Correct it with the keyboard only.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Tableau de bord' }).waitFor();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();

    // Tab reaches the main navigation, Enter follows a link.
    f = await tabTo(page, (x) => x.tag === 'a' && x.text === "Plan d'actions", 20);
    assert.notEqual(f.outline.split(' ')[0], 'none', 'focus is visible on navigation links');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: "Plan d'actions" }).waitFor();

    // Language switch (stored in localStorage, lang attribute updated).
    await page.getByRole('button', { name: 'Switch the interface to English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Action plan' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Action plan' }).waitFor();
    await page.getByRole('button', { name: "Passer l'interface en français" }).click();
    await page.getByRole('heading', { level: 1, name: "Plan d'actions" }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  });
});
