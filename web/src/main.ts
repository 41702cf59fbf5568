import './styles.css';
import { api, getSession, setSession, setUnauthorizedHandler, ApiError, type Session } from './api';
import { h, clear } from './dom';
import { t, lang, setLang, tv, type Key } from './i18n';
import { announce } from './ui';
import { navigate, setRerender } from './nav';
import { renderLogin } from './pages/login';
import { renderDashboard } from './pages/dashboard';
import { renderActionList, renderActionDetail, renderActionForm } from './pages/actions';
import { renderObjectives } from './pages/objectives';
import { renderAnnex } from './pages/annex';
import { renderPartners } from './pages/partners';
import { renderDocuments } from './pages/documents';
import { renderTerritory } from './pages/territory';
import { renderAnalyses } from './pages/analyses';
import { renderMeetings, renderMeetingDetail } from './pages/meetings';
import { renderIndicators } from './pages/indicators';
import { renderEvaluations } from './pages/evaluations';
import { renderPlan } from './pages/plan';
import { renderCalls, renderCallDetail } from './pages/calls';
import { renderBenchmark } from './pages/benchmark';
import { renderFramework } from './pages/framework';
import { renderSurveys } from './pages/surveys';

/** A page renders into `root` and returns its title (for document.title). */
export type Page = (root: HTMLElement, params: string[], query: URLSearchParams) => Promise<string>;

interface Route {
  re: RegExp;
  page: Page;
  nav: string;
}
const routes: Route[] = [
  { re: /^\/?$/, page: renderDashboard, nav: 'dashboard' },
  { re: /^\/dashboard$/, page: renderDashboard, nav: 'dashboard' },
  { re: /^\/actions$/, page: renderActionList, nav: 'actions' },
  { re: /^\/actions\/new$/, page: (r) => renderActionForm(r, null), nav: 'actions' },
  { re: /^\/actions\/(\d+)$/, page: (r, p) => renderActionDetail(r, Number(p[0])), nav: 'actions' },
  { re: /^\/actions\/(\d+)\/edit$/, page: (r, p) => renderActionForm(r, Number(p[0])), nav: 'actions' },
  { re: /^\/objectives$/, page: renderObjectives, nav: 'objectives' },
  { re: /^\/budget-annex$/, page: renderAnnex, nav: 'budget-annex' },
  { re: /^\/partners$/, page: renderPartners, nav: 'partners' },
  { re: /^\/documents$/, page: renderDocuments, nav: 'documents' },
  { re: /^\/territory$/, page: renderTerritory, nav: 'territory' },
  { re: /^\/analyses$/, page: renderAnalyses, nav: 'analyses' },
  { re: /^\/meetings$/, page: renderMeetings, nav: 'meetings' },
  { re: /^\/meetings\/(\d+)$/, page: (r, p) => renderMeetingDetail(r, Number(p[0])), nav: 'meetings' },
  { re: /^\/indicators$/, page: renderIndicators, nav: 'indicators' },
  { re: /^\/evaluations$/, page: renderEvaluations, nav: 'evaluations' },
  { re: /^\/plan$/, page: renderPlan, nav: 'plan' },
  { re: /^\/calls$/, page: renderCalls, nav: 'calls' },
  { re: /^\/benchmark$/, page: renderBenchmark, nav: 'benchmark' },
  { re: /^\/framework$/, page: renderFramework, nav: 'framework' },
  { re: /^\/surveys$/, page: renderSurveys, nav: 'surveys' },
  { re: /^\/calls\/(\d+)$/, page: (r, p) => renderCallDetail(r, Number(p[0])), nav: 'calls' },
];

const NAV: { id: string; href: string; key: Key }[] = [
  { id: 'dashboard', href: '#/dashboard', key: 'nav.dashboard' },
  { id: 'plan', href: '#/plan', key: 'nav.plan' },
  { id: 'objectives', href: '#/objectives', key: 'nav.objectives' },
  { id: 'actions', href: '#/actions', key: 'nav.actions' },
  { id: 'indicators', href: '#/indicators', key: 'nav.indicators' },
  { id: 'evaluations', href: '#/evaluations', key: 'nav.evaluations' },
  { id: 'budget-annex', href: '#/budget-annex', key: 'nav.annex' },
  { id: 'calls', href: '#/calls', key: 'nav.calls' },
  { id: 'benchmark', href: '#/benchmark', key: 'nav.benchmark' },
  { id: 'surveys', href: '#/surveys', key: 'nav.surveys' },
  { id: 'partners', href: '#/partners', key: 'nav.partners' },
  { id: 'meetings', href: '#/meetings', key: 'nav.meetings' },
  { id: 'documents', href: '#/documents', key: 'nav.documents' },
  { id: 'territory', href: '#/territory', key: 'nav.territory' },
  { id: 'framework', href: '#/framework', key: 'nav.framework' },
  { id: 'analyses', href: '#/analyses', key: 'nav.analyses' },
];

const app = document.getElementById('app') as HTMLElement;
let renderSeq = 0;
let firstRender = true;

function parseHash(): { path: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, qs] = raw.split('?', 2);
  return { path: path || '/', query: new URLSearchParams(qs ?? '') };
}

function renderHeader(session: Session | null, activeNav: string | null): HTMLElement {
  const other = lang() === 'fr' ? 'en' : 'fr';
  const header = h(
    'header',
    { class: 'site-header' },
    h(
      'div',
      { class: 'brand' },
      h('span', { class: 'brand-name' }, t('app.name')),
      h('span', { class: 'brand-tagline' }, t('app.tagline')),
    ),
    h(
      'div',
      { class: 'header-tools' },
      session ? h('span', { class: 'who' }, t('app.loggedAs', { login: session.login, role: tv('role', session.role) })) : null,
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary',
          lang: other,
          'aria-label': t('app.lang.switchLabel'),
          onclick: () => {
            setLang(other);
            void render();
          },
        },
        t('app.lang.switch'),
      ),
      session
        ? h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              onclick: async () => {
                try {
                  await api.post('logout', {});
                } catch {
                  /* logged out anyway */
                }
                setSession(null);
                await render();
                announce(t('login.loggedOut'));
              },
            },
            t('app.logout'),
          )
        : null,
    ),
  );
  if (!session) return header;
  const nav = h(
    'nav',
    { class: 'site-nav', 'aria-label': t('app.nav') },
    h(
      'ul',
      {},
      NAV.map((n) => h('li', {}, h('a', { href: n.href, 'aria-current': n.id === activeNav ? 'page' : null }, t(n.key)))),
    ),
  );
  return h('div', {}, header, nav);
}

async function render(): Promise<void> {
  const seq = ++renderSeq;
  document.documentElement.lang = lang();
  const skip = h('a', { href: '#main', class: 'skip-link', onclick: skipToMain }, t('app.skip'));
  const main = h('main', { id: 'main', tabindex: -1 });
  const session = getSession();
  const { path, query } = parseHash();
  const route = session ? routes.find((r) => r.re.test(path)) : undefined;

  clear(app);
  app.append(skip, renderHeader(session, route?.nav ?? null), main);

  let title: string;
  try {
    if (!session) {
      title = await renderLogin(main, async (s) => {
        setSession(s);
        announce(t('login.welcome', { login: s.login }));
        if (path === '/' || path === '/login') navigate('#/dashboard');
        else await render();
      });
    } else if (route) {
      const params = route.re.exec(path)?.slice(1) ?? [];
      title = await route.page(main, params, query);
    } else {
      main.append(
        h('h1', { tabindex: -1, id: 'page-title' }, t('app.notFound')),
        h('p', {}, t('app.notFoundText')),
        h('p', {}, h('a', { href: '#/dashboard' }, t('app.backHome'))),
      );
      title = t('app.notFound');
    }
  } catch (err) {
    if (seq !== renderSeq) return;
    if (err instanceof ApiError && err.status === 401) return; // handled by the 401 handler
    main.append(h('p', { class: 'error-summary', role: 'alert' }, err instanceof Error ? err.message : String(err)));
    title = t('app.name');
  }
  if (seq !== renderSeq) return;
  document.title = `${title} – ${t('app.name')}`;
  // Move focus to the page title after client-side navigation (not on first load), unless the
  // user already moved it into the page while it was still loading (e.g. the map of the territory).
  const active = document.activeElement;
  if (!firstRender && !(active && active !== main && main.contains(active))) {
    const h1 = document.getElementById('page-title');
    h1?.focus();
  }
  firstRender = false;
}

function skipToMain(ev: Event): void {
  ev.preventDefault();
  const main = document.getElementById('main');
  main?.focus();
  main?.scrollIntoView();
}

async function boot(): Promise<void> {
  setLang(lang());
  setUnauthorizedHandler(() => {
    if (getSession()) {
      setSession(null);
      void render().then(() => announce(t('app.sessionExpired'), 'error'));
    }
  });
  try {
    const me = await api.get<Session>('me', { auth401: false });
    setSession(me);
  } catch {
    setSession(null);
  }
  setRerender(() => void render());
  window.addEventListener('hashchange', () => void render());
  await render();
}

void boot();
