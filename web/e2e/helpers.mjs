// Shared helpers for the e2e tests (playwright-core driving Debian's /usr/bin/chromium).
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = (process.env.SOLIMOB_E2E_URL ?? '').replace(/\/+$/, '');
export const SKIP = BASE
  ? false
  : 'SOLIMOB_E2E_URL is not set: e2e tests skipped (set it to the base URL of `solimob serve`, or run `npm run test:e2e:mock`)';

function creds(name, fallback) {
  const v = process.env[name] ?? fallback;
  const i = v.indexOf(':');
  return { login: v.slice(0, i), password: v.slice(i + 1) };
}
export const ADMIN = creds('SOLIMOB_E2E_ADMIN', 'admin:admin-pass');
export const PARTNER = creds('SOLIMOB_E2E_PARTNER', 'partenaire:partenaire-pass');
/** An agent account linked to the partner's organisation (a reviewer with a conflict of interest). */
export const AGENT_CAF = creds('SOLIMOB_E2E_AGENT_CAF', 'agentcaf:agentcaf-pass');

export const CHROMIUM = process.env.SOLIMOB_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'screenshots');

/** A unique suffix so repeated runs against a persistent server do not collide. */
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/**
 * Launch Chromium with a fresh profile. Returns {context, close}.
 * launchPersistentContext is how playwright gives a fresh --user-data-dir.
 */
export async function launch({ viewport = { width: 1366, height: 800 } } = {}) {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'solimob-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // WebGL for MapLibre without a GPU (software rendering).
      '--enable-unsafe-swiftshader',
    ],
  });
  context.setDefaultTimeout(15000);
  const close = async () => {
    await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  return { context, close };
}

/** Collect page errors, and what the server's Content-Security-Policy blocked, so tests can assert the UI did not throw. */
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return errors;
}

/** Log in through the login form. */
export async function uiLogin(page, { login, password }) {
  await page.goto(`${BASE}/#/dashboard`);
  await page.getByLabel(/^(Identifiant|Login)/).fill(login);
  await page.getByLabel(/^(Mot de passe|Password)/).fill(password);
  await page.getByRole('button', { name: /^(Se connecter|Log in)$/ }).click();
  await page.getByRole('button', { name: /^(Se déconnecter|Log out)$/ }).waitFor();
}

/**
 * A test's browser: Chromium launched with a fresh profile, a page whose errors are watched, `who`
 * logged in through the login form (null: nobody); runs `body({ page, context, errors })`, then
 * asserts the page threw nothing, and closes the browser whatever happened.
 */
export async function withPage(who, body, { viewport } = {}) {
  const { context, close } = await launch(viewport ? { viewport } : {});
  try {
    const page = await context.newPage();
    const errors = watchErrors(page);
    if (who) await uiLogin(page, who);
    await body({ page, context, errors });
    assert.deepEqual(errors, [], 'no uncaught page error');
  } finally {
    await close();
  }
}

/** Accepts every confirmation the page asks for; the list of their messages, in order. */
export function acceptDialogs(page) {
  const messages = [];
  page.on('dialog', (d) => {
    messages.push(d.message());
    void d.accept();
  });
  return messages;
}

/** A GeoJSON Polygon: the rectangle of lower-left corner (x, y) (lon, lat), w wide and h high. */
export const rect = (x, y, w, h) => ({
  type: 'Polygon',
  coordinates: [
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h],
      [x, y],
    ],
  ],
});

/** A small API client from node (cookie + CSRF), for test set-up and clean-up. */
export async function apiSession({ login, password }) {
  const res = await fetch(`${BASE}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200) throw new Error(`login ${login}: HTTP ${res.status} ${await res.text()}`);
  const me = await res.json();
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async (method, p, body) => {
    const r = await fetch(`${BASE}/api/${p}`, {
      method,
      headers: {
        Cookie: cookie,
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...(method !== 'GET' ? { 'X-CSRF-Token': me.csrf_token } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    const data = text ? JSON.parse(text) : null;
    if (!r.ok) throw new Error(`${method} /api/${p}: HTTP ${r.status} ${text}`);
    return data;
  };
  return {
    me,
    get: (p) => call('GET', p),
    post: (p, b) => call('POST', p, b),
    put: (p, b) => call('PUT', p, b),
    del: (p) => call('DELETE', p),
  };
}

export async function screenshot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** WCAG 2.1 A/AA violations found by axe-core on the current page (as short strings). */
export async function axeViolations(page) {
  const { createRequire } = await import('node:module');
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source); // not an inline <script>: the Content-Security-Policy would refuse it
  return page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    ),
  );
}
