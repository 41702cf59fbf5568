// The "Analyses" page (issue 13): accessibility of services for the territory's publics, by
// scenario, on a map with its tables; isochrones and travel times from a point; exports; saved views.
// Contract: docs/API.md, "Analyses".
import { api, apiUrl, canEdit, getSession, ApiError, type Organisation } from '../api';
import { h, clear, uid } from '../dom';
import { t } from '../i18n';
import { number } from '../format';
import { announce, errorMessage, pageHeader, table, checkboxGroup, onSubmit, str } from '../ui';
import { createAnalysisMap, syncMaps, GROUPS, DEFAULT_VISIBLE, type AnalysisMap, type Group } from './analyses-map';
import { loadConfig, type MapConfig } from '../geo';
import { summaryBlock, distributionBlock, lorenzBlock, zonesTable, zonesCsv, destroyCharts, type Gains } from './analyses-charts';
import {
  colorExpr,
  diffScale,
  quantileScale,
  timeScale,
  emptyFc,
  ISO_COLORS,
  CATEGORY_COLORS,
  type AccessResult,
  type Feature,
  type FeatureCollection,
  type Job,
  type Scale,
  type State,
  type Territory,
  type View,
} from './analyses-types';

const POLL_MS = 300;
const ISO_CUTOFFS = [15, 30, 45];

const GROUP_KEYS: Record<Group, Parameters<typeof t>[0]> = {
  population: 'analyses.layer.population',
  access: 'analyses.layer.access',
  zoneAccess: 'analyses.layer.zoneAccess',
  white: 'analyses.layer.white',
  difference: 'analyses.layer.difference',
  services: 'analyses.layer.services',
  network: 'analyses.layer.network',
  onDemand: 'analyses.layer.onDemand',
  zones: 'analyses.layer.zones',
  isochrone: 'analyses.layer.isochrone',
  fromPoint: 'analyses.layer.fromPoint',
};

/** Download a Blob or data URL under a file name. */
function download(href: string, name: string): void {
  const a = h('a', { href, download: name, class: 'sr-only' });
  document.body.append(a);
  a.click();
  a.remove();
}

const toLocalInput = (s: string | null | undefined) => (s ? s.slice(0, 16) : '');

export async function renderAnalyses(root: HTMLElement, _params: string[], query: URLSearchParams): Promise<string> {
  const title = t('analyses.title');
  root.append(pageHeader(title));
  const viewId = query.get('view');
  const session = getSession();
  if (session?.role === 'partenaire') {
    await renderPartner(root, viewId);
    return title;
  }
  let terr: Territory;
  try {
    terr = await api.get<Territory>('analysis/territory');
  } catch (err) {
    root.append(
      err instanceof ApiError && err.status === 409
        ? h(
            'div',
            { class: 'notice', role: 'note', id: 'no-territory' },
            h('p', {}, h('strong', {}, t('analyses.noTerritory'))),
            h('p', {}, t('analyses.noTerritoryHint')),
          )
        : h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })),
    );
    return title;
  }
  await renderWorkspace(root, terr, viewId);
  return title;
}

/** A partner sees the views shared with its organisation, and their results as tables. */
async function renderPartner(root: HTMLElement, viewId: string | null): Promise<void> {
  const list = h('section', { class: 'card', 'aria-labelledby': 'views-title' }, h('h2', { id: 'views-title' }, t('analyses.sharedViews')));
  root.append(list);
  try {
    const views = await api.get<View[]>('analysis/views');
    list.append(viewsList(views));
  } catch (err) {
    list.append(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })));
  }
  if (!viewId) return;
  const out = h('section', { class: 'card', 'aria-labelledby': 'view-result-title' });
  root.append(out);
  try {
    const [view, r] = await Promise.all([
      api.get<View>(`analysis/views/${encodeURIComponent(viewId)}`),
      api.get<AccessResult | null>(`analysis/views/${encodeURIComponent(viewId)}/result`),
    ]);
    out.append(h('h2', { id: 'view-result-title' }, t('analyses.viewResult', { name: view.name })));
    if (view.description) out.append(h('p', {}, view.description));
    if (!r?.summary) {
      out.append(h('p', {}, t('analyses.noResult')));
      return;
    }
    const level = view.params.level && r.zones?.[view.params.level] ? view.params.level : Object.keys(r.zones ?? {})[0];
    out.append(
      h('h3', {}, t('analyses.summary')),
      summaryBlock(r, gainsOf(r, null, r.weights)),
      h('h3', {}, t('analyses.distribution')),
      distributionBlock(r),
      h('h3', {}, t('analyses.lorenz')),
      lorenzBlock(r),
    );
    if (level) out.append(h('h3', {}, t('analyses.zonesTitle')), zonesTable(r, level, level));
  } catch (err) {
    out.append(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })));
  }
}

function viewsList(views: View[]): HTMLElement {
  if (!Array.isArray(views) || !views.length) return h('p', { class: 'empty', id: 'views-list' }, t('analyses.noViews'));
  return h(
    'ul',
    { class: 'item-list', id: 'views-list' },
    views.map((v) =>
      h(
        'li',
        {},
        h('a', { href: `#/analyses?view=${v.id}` }, v.name),
        v.description ? h('span', { class: 'muted block' }, v.description) : null,
      ),
    ),
  );
}

/** Gains of `r` over a reference: the server's difference when the reference is the baseline, else per cell here. */
function gainsOf(r: AccessResult, ref: AccessResult | null, weights: number[]): Gains | null {
  if (!ref) {
    if (!r.difference) return null;
    return { gainers: r.difference.gainers, share: r.difference.gainers_share, meanChange: r.difference.mean_change_min };
  }
  const d = diffCells(r, ref);
  let gainers = 0;
  let pop = 0;
  let sum = 0;
  let w = 0;
  d.forEach((x, i) => {
    const p = weights[i] ?? 0;
    pop += p;
    if (x == null) return;
    if (x < 0) gainers += p;
    sum += x * p;
    w += p;
  });
  return { gainers, share: pop ? gainers / pop : null, meanChange: w ? sum / w : null };
}

/** Nearest-time difference per cell, scenario − reference (negative = faster). */
function diffCells(r: AccessResult, ref: AccessResult | null): (number | null)[] {
  if (!ref) return r.difference?.cells?.nearest ?? [];
  const a = r.cells.nearest ?? [];
  const b = ref.cells.nearest ?? [];
  return a.map((x, i) => (x == null || b[i] == null ? null : x - (b[i] as number)));
}

async function renderWorkspace(root: HTMLElement, terr: Territory, viewId: string | null): Promise<void> {
  if (terr.synthetic) root.append(h('div', { class: 'notice notice-warning', role: 'note', id: 'synthetic-banner' }, terr.synthetic));
  root.append(h('p', {}, t('analyses.intro', { name: terr.name })));

  const firstPublic = terr.publics[0];
  const st: State = {
    public: firstPublic?.name ?? 'all',
    category: terr.categories[0]?.code ?? 'emplois',
    indicator: terr.indicators[0]?.id ?? 'nearest',
    departure: toLocalInput(terr.departure),
    scenario: terr.scenarios[0]?.id ?? 'baseline',
    compare: '',
    profile: firstPublic?.profile ?? terr.profiles[0] ?? '',
    level: terr.zone_levels[0]?.name ?? '',
    center: null,
    zoom: null,
    layers: { ...DEFAULT_VISIBLE },
  };
  let restored: View | null = null;
  if (viewId) {
    try {
      restored = await api.get<View>(`analysis/views/${encodeURIComponent(viewId)}`);
      Object.assign(st, restored.params ?? {});
      st.layers = { ...DEFAULT_VISIBLE, ...(restored.params?.layers ?? {}) };
      announce(t('analyses.viewOpened', { name: restored.name }));
    } catch (err) {
      root.append(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })));
    }
  }

  // ---- controls ----
  const opts = (items: { value: string; label: string }[], sel: string) =>
    items.map((o) => h('option', { value: o.value, selected: o.value === sel }, o.label));
  const selectField = (name: keyof State, label: string, items: { value: string; label: string }[]) => {
    const id = uid(`an-${name}`);
    const sel = h('select', { id, name }, opts(items, String(st[name] ?? '')));
    return { el: h('div', { class: 'field' }, h('label', { for: id }, label), sel), sel };
  };
  const fPublic = selectField(
    'public',
    t('analyses.public'),
    terr.publics.map((p) => ({ value: p.name, label: p.label })),
  );
  const fCategory = selectField(
    'category',
    t('analyses.category'),
    terr.categories.map((c) => ({ value: c.code, label: c.label })),
  );
  const fIndicator = selectField(
    'indicator',
    t('analyses.indicator'),
    terr.indicators.map((i) => ({ value: i.id, label: i.label })),
  );
  const scenarioItems = terr.scenarios.map((s) => ({ value: s.id, label: s.name }));
  const fScenario = selectField('scenario', t('analyses.scenario'), scenarioItems);
  const fCompare = selectField('compare', t('analyses.compare'), [{ value: '', label: t('analyses.noCompare') }, ...scenarioItems]);
  const fLevel = selectField(
    'level',
    t('analyses.level'),
    terr.zone_levels.map((z) => ({ value: z.name, label: z.label })),
  );
  const fProfile = selectField(
    'profile',
    t('analyses.profile'),
    terr.profiles.map((p) => ({ value: p, label: p })),
  );
  const depId = uid('an-departure');
  const depInput = h('input', { id: depId, name: 'departure', type: 'datetime-local', value: st.departure, required: true });
  const runBtn = h('button', { type: 'submit', class: 'btn' }, t('analyses.run'));
  const controls = h(
    'form',
    { class: 'card analysis-controls', 'aria-labelledby': 'controls-title', id: 'analysis-controls' },
    h('h2', { id: 'controls-title' }, t('analyses.controls')),
    h(
      'div',
      { class: 'form-grid' },
      fPublic.el,
      fCategory.el,
      fIndicator.el,
      h('div', { class: 'field' }, h('label', { for: depId }, t('analyses.departure')), depInput),
      fScenario.el,
      fCompare.el,
    ),
    h('div', { class: 'form-actions' }, runBtn),
  );
  const progressSlot = h('div', { id: 'job-progress' });

  // ---- map ----
  const hintId = uid('an-map-hint');
  const mapEl = h('div', { class: 'map analysis-map', id: 'analysis-map' });
  const mapBEl = h('div', { class: 'map analysis-map', id: 'analysis-map-compare', hidden: true });
  const mapsTitleA = h('p', { class: 'map-title', id: 'map-title-a' });
  const mapsTitleB = h('p', { class: 'map-title', id: 'map-title-b', hidden: true });
  const legendEl = h('div', { class: 'card analysis-legend', id: 'analysis-legend', 'aria-labelledby': 'legend-title', role: 'group' });
  const layersEl = h('fieldset', { class: 'card analysis-layers' }, h('legend', {}, t('analyses.layers')));
  const isoSlot = h('section', { class: 'card', 'aria-labelledby': 'iso-title' });
  const resultSlot = h('div', { class: 'analysis-results', id: 'analysis-results' });
  const exportsSlot = h('section', { class: 'card', 'aria-labelledby': 'exports-title' });
  const viewsSlot = h('section', { class: 'card', 'aria-labelledby': 'views-title' });

  root.append(
    controls,
    progressSlot,
    h(
      'div',
      { class: 'analysis-layout' },
      h(
        'div',
        { class: 'map-col' },
        h('p', { class: 'hint', id: hintId }, t('analyses.mapHint')),
        h('div', { class: 'map-pair' }, h('div', {}, mapsTitleA, mapEl), h('div', {}, mapsTitleB, mapBEl)),
        legendEl,
        layersEl,
        isoSlot,
      ),
      h('div', { class: 'side-col' }, resultSlot),
    ),
    exportsSlot,
    viewsSlot,
  );

  // ---- data ----
  const cfgP: Promise<MapConfig> = loadConfig();
  const popP = api.get<FeatureCollection>('analysis/layers/population').catch((e) => {
    console.error(e);
    return emptyFc();
  });
  const population = await popP;
  const points = population.features.some((f) => f.geometry?.type === 'Point' || f.geometry?.type === 'MultiPoint');
  const [w, s, e, n] = terr.bbox ?? [2.2, 48.8, 2.6, 49.0];
  let amap: AnalysisMap | null = null;
  let bmap: AnalysisMap | null = null;
  const zonesCache = new Map<string, FeatureCollection>();
  let result: AccessResult | null = null;
  let compareResult: AccessResult | null = null;
  let jobIds: (string | number)[] = [];
  let iso: FeatureCollection | null = null;
  let fromPoint: { minutes: (number | null)[]; services: { id: string; category: string; name: string; minutes: number }[] } | null = null;

  try {
    const cfg = await cfgP;
    const base = {
      cfg,
      points,
      hintId,
      visible: st.layers,
      categories: terr.categories.map((c) => c.code),
      center: st.center ?? ([(w + e) / 2, (s + n) / 2] as [number, number]),
      zoom: st.zoom ?? 10,
    };
    amap = await createAnalysisMap(mapEl, { ...base, title: t('analyses.map') });
    if (!st.center) amap.fit([w, s, e, n]);
    amap.map.on('click', (ev) => void pointQuery(ev.lngLat.lng, ev.lngLat.lat));
    amap.map.on('moveend', () => {
      if (!amap) return;
      const c = amap.map.getCenter();
      st.center = [Math.round(c.lng * 1e5) / 1e5, Math.round(c.lat * 1e5) / 1e5];
      st.zoom = Math.round(amap.map.getZoom() * 100) / 100;
    });
  } catch (err) {
    console.error(err);
    amap = null;
    mapEl.classList.add('map-unavailable');
    mapEl.append(h('p', { role: 'note' }, t('territory.mapUnavailable')));
  }
  const maps = () => [amap, bmap].filter((m): m is AnalysisMap => m != null);

  // Layers that do not depend on a result.
  const loadLayer = async (path: string, source: Parameters<AnalysisMap['setData']>[0], fix?: (fc: FeatureCollection) => void) => {
    try {
      const fc = await api.get<FeatureCollection>(path);
      fix?.(fc);
      for (const m of maps()) m.setData(source, fc);
      return fc;
    } catch (err) {
      console.error(err);
      return null;
    }
  };
  let servicesFc: FeatureCollection | null = null;
  let networkFc: FeatureCollection | null = null;
  let onDemandFc: FeatureCollection | null = null;
  const networkFix = (fc: FeatureCollection) => {
    for (const f of fc.features) {
      const c = String(f.properties?.color ?? '').replace(/^#/, '');
      if (f.properties && /^[0-9a-fA-F]{6}$/.test(c)) f.properties.css_color = `#${c}`;
    }
  };
  const loadScenarioLayers = async () => {
    const q = `scenario=${encodeURIComponent(st.scenario)}`;
    [networkFc, onDemandFc] = await Promise.all([
      loadLayer(`analysis/layers/network?${q}`, 'network', networkFix),
      loadLayer(`analysis/layers/on-demand?${q}`, 'ondemand'),
    ]);
  };
  const loadZones = async () => {
    if (!st.level) return;
    let fc = zonesCache.get(st.level);
    if (!fc) {
      fc = (await loadLayer(`analysis/layers/zones/${encodeURIComponent(st.level)}`, 'zones')) ?? emptyFc();
      zonesCache.set(st.level, fc);
    } else for (const m of maps()) m.setData('zones', fc);
  };
  void loadLayer('analysis/layers/services', 'services').then((fc) => {
    servicesFc = fc;
    drawLegend();
  });
  void loadScenarioLayers();
  void loadZones();

  // ---- layer toggles ----
  const toggles = new Map<Group, HTMLInputElement>();
  layersEl.append(
    h(
      'ul',
      { class: 'ref-layers' },
      GROUPS.map((g) => {
        const id = uid(`layer-${g}`);
        const input = h('input', { type: 'checkbox', id, name: `layer-${g}`, checked: st.layers[g] ?? DEFAULT_VISIBLE[g] });
        input.addEventListener('change', () => {
          st.layers[g] = input.checked;
          for (const m of maps()) m.setVisible(g, input.checked);
          drawLegend();
        });
        toggles.set(g, input);
        return h('li', {}, input, h('label', { for: id }, t(GROUP_KEYS[g])));
      }),
    ),
  );
  const showGroup = (g: Group) => {
    const input = toggles.get(g);
    if (input && !input.checked) {
      input.checked = true;
      st.layers[g] = true;
      for (const m of maps()) m.setVisible(g, true);
    }
  };

  // ---- thematic data ----
  const indicatorUnit = () => (result?.indicators ?? terr.indicators).find((i) => i.id === st.indicator)?.unit ?? '';
  const publicLabel = (name: string) => terr.publics.find((p) => p.name === name)?.label ?? name;
  const scenarioName = (id: string) => terr.scenarios.find((x) => x.id === id)?.name ?? id;
  let scales: { population: Scale; access: Scale; zone: Scale; diff: Scale } | null = null;

  const cellsData = (r: AccessResult | null, ref: AccessResult | null, withExtras: boolean): FeatureCollection => {
    const vals = r?.cells?.[st.indicator] ?? [];
    const diff = r && withExtras ? diffCells(r, ref) : [];
    return {
      type: 'FeatureCollection',
      features: population.features.map((f): Feature => {
        const p = f.properties ?? {};
        const i = Number(p.i);
        const props: Record<string, unknown> = { i };
        const pop = p[st.public];
        if (typeof pop === 'number' && pop > 0) props.pop = pop;
        if (vals[i] != null) props.v = vals[i];
        if (diff[i] != null) props.d = diff[i];
        if (withExtras && fromPoint?.minutes?.[i] != null) props.fp = fromPoint.minutes[i];
        return { type: 'Feature', geometry: f.geometry, properties: props };
      }),
    };
  };
  const zoneAccData = (r: AccessResult | null): FeatureCollection => {
    const fc = zonesCache.get(st.level) ?? emptyFc();
    const by = new Map((r?.zones?.[st.level] ?? []).map((z) => [String(z.id), z]));
    return {
      type: 'FeatureCollection',
      features: fc.features.map((f) => {
        const z = by.get(String(f.properties?.id ?? f.id));
        return { ...f, properties: { ...(f.properties ?? {}), ...(z?.mean_nearest != null ? { v: z.mean_nearest } : {}) } };
      }),
    };
  };

  const drawMaps = () => {
    const timeLike = indicatorUnit() === 'min';
    const popVals = population.features
      .map((f) => f.properties?.[st.public] as number | null)
      .filter((x) => typeof x === 'number' && x > 0);
    const accVals = result?.cells?.[st.indicator] ?? [];
    scales = {
      population: quantileScale(popVals),
      access: timeLike ? timeScale() : quantileScale(accVals, indicatorUnit()),
      zone: timeScale(),
      diff: diffScale(),
    };
    if (amap) {
      amap.setData('cells', cellsData(result, compareResult, true));
      amap.setData('zoneacc', zoneAccData(result));
      amap.setData('white', result?.white_zones ?? emptyFc());
      amap.setData('iso', iso ?? emptyFc());
    }
    if (bmap) {
      bmap.setData('cells', cellsData(compareResult, null, false));
      bmap.setData('zoneacc', zoneAccData(compareResult));
      bmap.setData('white', compareResult?.white_zones ?? emptyFc());
    }
    for (const m of maps()) {
      m.setPaint('cells-population', colorExpr(scales.population, 'pop'));
      m.setPaint('cells-access', colorExpr(scales.access, 'v'));
      m.setPaint('zone-access', colorExpr(scales.zone, 'v'));
      m.setPaint('cells-difference', colorExpr(scales.diff, 'd'));
      m.setPaint('cells-frompoint', colorExpr(timeScale(), 'fp'));
    }
    mapsTitleA.textContent = result ? t('analyses.mapOf', { scenario: scenarioName(result.params?.scenario ?? st.scenario) }) : '';
    mapsTitleB.textContent = compareResult
      ? t('analyses.mapOf', { scenario: scenarioName(compareResult.params?.scenario ?? st.compare) })
      : '';
    drawLegend();
  };

  const legendList = (caption: string, sc: Scale) =>
    h(
      'div',
      { class: 'legend-block' },
      h('h3', {}, caption),
      h('p', { class: 'hint' }, sc.note),
      h(
        'ul',
        { class: 'legend-classes' },
        sc.classes.map((c) => h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true', style: `background:${c.color}` }), c.label)),
      ),
    );
  function drawLegend(): void {
    clear(legendEl);
    legendEl.append(h('h2', { id: 'legend-title' }, t('analyses.legend')));
    if (!scales) return;
    const on = (g: Group) => st.layers[g] ?? DEFAULT_VISIBLE[g];
    const indLabel = (result?.indicators ?? terr.indicators).find((i) => i.id === st.indicator)?.label ?? st.indicator;
    if (on('access')) legendEl.append(legendList(`${t('analyses.layer.access')} : ${indLabel}`, scales.access));
    if (on('zoneAccess')) legendEl.append(legendList(t('analyses.layer.zoneAccess'), scales.zone));
    if (on('difference') && (compareResult || result?.difference)) legendEl.append(legendList(t('analyses.layer.difference'), scales.diff));
    if (on('population')) legendEl.append(legendList(`${t('analyses.layer.population')} : ${publicLabel(st.public)}`, scales.population));
    if (on('fromPoint') && fromPoint) legendEl.append(legendList(t('analyses.layer.fromPoint'), timeScale()));
    const items: [string, string][] = [];
    if (on('white')) items.push(['swatch-white', t('analyses.legendWhite', { n: terr.white_zone_minutes })]);
    if (on('network'))
      items.push(
        ['swatch-stop-yes', t('analyses.stepFree.yes')],
        ['swatch-stop-no', t('analyses.stepFree.no')],
        ['swatch-stop-unknown', t('analyses.stepFree.unknown')],
      );
    if (on('onDemand')) items.push(['swatch-ondemand', t('analyses.layer.onDemand')]);
    if (on('services') && servicesFc) {
      const present = new Set(servicesFc.features.map((f) => String(f.properties?.category ?? '')));
      terr.categories.forEach((c, k) => {
        if (present.has(c.code)) items.push([`swatch-cat-${k}`, t('analyses.serviceOf', { label: c.label })]);
      });
    }
    if (on('isochrone') && iso) {
      iso.features.forEach((f, k) => {
        items.push([`swatch-iso-${k}`, t('analyses.isoWithin', { n: String(f.properties?.cutoff_min ?? '') })]);
      });
    }
    if (items.length)
      legendEl.append(
        h(
          'ul',
          { class: 'legend-classes' },
          items.map(([cls, label]) => {
            const k = /^swatch-iso-(\d+)$/.exec(cls);
            const c = /^swatch-cat-(\d+)$/.exec(cls);
            const bg = k ? ISO_COLORS[Number(k[1]) % ISO_COLORS.length] : c ? CATEGORY_COLORS[Number(c[1]) % CATEGORY_COLORS.length] : null;
            return h(
              'li',
              {},
              h('span', {
                class: `swatch ${c ? 'swatch-point' : ''} ${cls}`,
                'aria-hidden': 'true',
                style: bg ? `background:${bg}` : null,
              }),
              label,
            );
          }),
        ),
      );
  }

  // ---- results beside the map ----
  const drawResults = () => {
    destroyCharts();
    clear(resultSlot);
    if (!result) {
      resultSlot.append(h('p', { class: 'hint' }, t('analyses.noResultYet')));
      return;
    }
    const r = result;
    const levelLabel = terr.zone_levels.find((z) => z.name === st.level)?.label ?? st.level;
    const whiteCount = r.white_zones?.features?.length ?? 0;
    resultSlot.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'summary-title' },
        h('h2', { id: 'summary-title' }, t('analyses.summary')),
        h(
          'p',
          { class: 'muted' },
          t('analyses.summaryOf', {
            public: publicLabel(r.params?.public ?? st.public),
            scenario: scenarioName(r.params?.scenario ?? st.scenario),
          }),
        ),
        summaryBlock(r, gainsOf(r, compareResult, r.weights)),
        h(
          'p',
          { id: 'white-summary' },
          t('analyses.whiteSummary', {
            n: whiteCount,
            pop: number(Math.round(r.summary.white_zone_population)),
            m: terr.white_zone_minutes,
          }),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'dist-title' },
        h('h2', { id: 'dist-title' }, t('analyses.distribution')),
        distributionBlock(r),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'lorenz-title' },
        h('h2', { id: 'lorenz-title' }, t('analyses.lorenz')),
        h('p', { class: 'hint' }, t('analyses.lorenzHint')),
        lorenzBlock(r),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'zones-title' },
        h('h2', { id: 'zones-title' }, t('analyses.zonesTitle')),
        fLevel.el,
        zonesTable(r, st.level, levelLabel),
        h(
          'div',
          { class: 'form-actions' },
          exportLink('xlsx', t('analyses.exportXlsx'), 'zones'),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-secondary',
              id: 'zones-csv',
              onclick: () =>
                download(URL.createObjectURL(new Blob(['\ufeff', zonesCsv(r, st.level)], { type: 'text/csv' })), `zones-${st.level}.csv`),
            },
            t('analyses.exportCsv'),
          ),
        ),
      ),
    );
  };
  drawResults();

  // ---- exports ----
  const currentJob = () => jobIds[0];
  function exportLink(format: 'gpkg' | 'geojson' | 'xlsx', label: string, where = 'export'): HTMLElement {
    const id = currentJob();
    if (id == null) return h('span', {});
    return h(
      'a',
      {
        class: 'btn btn-secondary',
        id: `${where}-${format}`,
        href: apiUrl(`analysis/jobs/${encodeURIComponent(String(id))}/export?format=${format}`),
        download: `accessibilite.${format}`,
      },
      label,
    );
  }
  const drawExports = () => {
    clear(exportsSlot);
    exportsSlot.append(
      h('h2', { id: 'exports-title' }, t('analyses.exports')),
      h(
        'div',
        { class: 'form-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary',
            id: 'export-png',
            disabled: !amap,
            onclick: () => {
              if (!amap) return;
              amap.map.triggerRepaint();
              download(amap.map.getCanvas().toDataURL('image/png'), 'carte-accessibilite.png');
            },
          },
          t('analyses.exportPng'),
        ),
        exportLink('gpkg', t('analyses.exportGpkg')),
        exportLink('geojson', t('analyses.exportGeojson')),
        exportLink('xlsx', t('analyses.exportXlsx')),
      ),
    );
    if (currentJob() == null) exportsSlot.append(h('p', { class: 'hint' }, t('analyses.exportsAfter')));
  };
  drawExports();

  // ---- jobs ----
  let runSeq = 0;
  const startJob = async (scenario: string): Promise<Job> =>
    api.post<Job>('analysis/jobs', { kind: 'access', public: st.public, category: st.category, scenario, departure: st.departure });

  async function compute(): Promise<void> {
    const seq = ++runSeq;
    // A running computation is cancelled when the choices change.
    for (const id of pendingJobs) void api.del(`analysis/jobs/${encodeURIComponent(String(id))}`).catch(() => {});
    pendingJobs = [];
    const scenarios = [st.scenario, ...(st.compare && st.compare !== st.scenario ? [st.compare] : [])];
    const bar = h(
      'div',
      {
        class: 'progress-bar',
        role: 'progressbar',
        'aria-valuemin': 0,
        'aria-valuemax': 100,
        'aria-valuenow': 0,
        'aria-labelledby': 'progress-label',
      },
      h('span', { class: 'progress-fill', style: 'width:0%' }),
    );
    const cancelBtn = h('button', { type: 'button', class: 'btn btn-secondary' }, t('form.cancel'));
    clear(progressSlot);
    progressSlot.append(
      h('div', { class: 'card job-progress' }, h('p', { id: 'progress-label' }, t('analyses.computing')), bar, cancelBtn),
    );
    let cancelled = false;
    cancelBtn.addEventListener('click', () => {
      cancelled = true;
      runSeq++;
      for (const id of pendingJobs) void api.del(`analysis/jobs/${encodeURIComponent(String(id))}`).catch(() => {});
      pendingJobs = [];
      clear(progressSlot);
      progressSlot.append(h('p', { class: 'notice', role: 'status' }, t('analyses.cancelled')));
      runBtn.focus();
    });
    runBtn.disabled = true;
    try {
      let jobs = await Promise.all(scenarios.map(startJob));
      pendingJobs = jobs.filter((j) => j.status !== 'done').map((j) => j.id);
      for (;;) {
        if (seq !== runSeq || !root.isConnected) return;
        const p = Math.round((jobs.reduce((a, j) => a + (j.status === 'done' ? 1 : Number(j.progress) || 0), 0) / jobs.length) * 100);
        bar.setAttribute('aria-valuenow', String(p));
        bar.setAttribute('aria-valuetext', `${p} %`);
        (bar.firstChild as HTMLElement).style.width = `${p}%`;
        const bad = jobs.find((j) => j.status === 'failed' || j.status === 'cancelled');
        if (bad) throw new Error(bad.error || t('analyses.jobFailed', { status: bad.status }));
        if (jobs.every((j) => j.status === 'done' && j.result)) break;
        if (jobs.some((j) => j.status !== 'done')) await new Promise((res) => window.setTimeout(res, POLL_MS));
        jobs = await Promise.all(
          jobs.map((j) => (j.status === 'done' && j.result ? j : api.get<Job>(`analysis/jobs/${encodeURIComponent(String(j.id))}`))),
        );
      }
      if (seq !== runSeq) return;
      pendingJobs = [];
      jobIds = jobs.map((j) => j.id);
      result = jobs[0].result ?? null;
      compareResult = jobs[1]?.result ?? null;
      refreshIndicatorOptions();
      clear(progressSlot);
      await ensureCompareMap();
      if (result?.difference || compareResult) showGroup('difference');
      drawMaps();
      drawResults();
      drawExports();
      announce(t('analyses.done', { pop: number(Math.round(result?.summary.population ?? 0)) }));
    } catch (err) {
      if (cancelled || seq !== runSeq) return;
      clear(progressSlot);
      progressSlot.append(h('p', { class: 'error-summary', role: 'alert' }, errorMessage(err)));
    } finally {
      if (seq === runSeq || cancelled) runBtn.disabled = false;
    }
  }
  let pendingJobs: (string | number)[] = [];

  function refreshIndicatorOptions(): void {
    const list = result?.indicators ?? terr.indicators;
    if (!list.some((i) => i.id === st.indicator)) st.indicator = list[0]?.id ?? 'nearest';
    clear(fIndicator.sel);
    fIndicator.sel.append(
      ...opts(
        list.map((i) => ({ value: i.id, label: i.label })),
        st.indicator,
      ),
    );
  }

  /** The second map of the side-by-side comparison, created when first needed, kept in sync. */
  async function ensureCompareMap(): Promise<void> {
    const comparing = Boolean(compareResult);
    mapBEl.hidden = !comparing;
    mapsTitleB.hidden = !comparing;
    root.querySelector('.map-pair')?.classList.toggle('comparing', comparing);
    if (!comparing || !amap) {
      amap?.map.resize();
      return;
    }
    if (!bmap) {
      const cfg = await cfgP;
      const c = amap.map.getCenter();
      bmap = await createAnalysisMap(mapBEl, {
        cfg,
        points,
        hintId,
        visible: st.layers,
        categories: terr.categories.map((x) => x.code),
        center: [c.lng, c.lat],
        zoom: amap.map.getZoom(),
        title: t('analyses.mapCompare'),
      });
      syncMaps(amap.map, bmap.map);
      // Layers loaded before the second map existed.
      if (servicesFc) bmap.setData('services', servicesFc);
      if (networkFc) bmap.setData('network', networkFc);
      if (onDemandFc) bmap.setData('ondemand', onDemandFc);
      const z = zonesCache.get(st.level);
      if (z) bmap.setData('zones', z);
      bmap.setVisible('difference', false);
    }
    amap.map.resize();
    bmap.map.resize();
  }

  // ---- isochrone / from a point ----
  const isoTableSlot = h('div', { id: 'iso-table' });
  const fpSlot = h('div', { id: 'frompoint-table' });
  const lonId = uid('an-lon');
  const latId = uid('an-lat');
  const c0 = amap?.map.getCenter();
  const lonInput = h('input', {
    id: lonId,
    name: 'lon',
    type: 'text',
    inputmode: 'decimal',
    required: true,
    value: c0 ? c0.lng.toFixed(5) : ((w + e) / 2).toFixed(5),
  });
  const latInput = h('input', {
    id: latId,
    name: 'lat',
    type: 'text',
    inputmode: 'decimal',
    required: true,
    value: c0 ? c0.lat.toFixed(5) : ((s + n) / 2).toFixed(5),
  });
  const fpId = uid('an-fp');
  const fpCheck = h('input', { type: 'checkbox', id: fpId, name: 'frompoint' });
  const pointForm = h(
    'form',
    { 'aria-labelledby': 'iso-title', id: 'point-form' },
    h('p', { class: 'hint' }, t('analyses.pointHint')),
    h(
      'div',
      { class: 'form-grid' },
      fProfile.el,
      h('div', { class: 'field' }, h('label', { for: lonId }, t('analyses.lon')), lonInput),
      h('div', { class: 'field' }, h('label', { for: latId }, t('analyses.lat')), latInput),
    ),
    h('div', { class: 'field field-check' }, fpCheck, h('label', { for: fpId }, t('analyses.fromPointOption'))),
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'submit', class: 'btn' }, t('analyses.isoRun')),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-secondary',
          onclick: () => {
            if (!amap) return;
            const c = amap.map.getCenter();
            lonInput.value = c.lng.toFixed(5);
            latInput.value = c.lat.toFixed(5);
          },
        },
        t('analyses.useCentre'),
      ),
    ),
  );
  isoSlot.append(h('h2', { id: 'iso-title' }, t('analyses.isoTitle')), pointForm, isoTableSlot, fpSlot);
  onSubmit(pointForm, async (fd) => {
    const lon = Number(str(fd, 'lon').replace(',', '.'));
    const lat = Number(str(fd, 'lat').replace(',', '.'));
    if (!Number.isFinite(lon) || lon < -180 || lon > 180)
      throw new ApiError(400, 'invalid', t('territory.drawLineLon', { line: 1 }), 'lon');
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) throw new ApiError(400, 'invalid', t('territory.drawLineLat', { line: 1 }), 'lat');
    // The map follows the point typed in (its isochrone is drawn around the centre).
    amap?.map.jumpTo({ center: [lon, lat] });
    await pointQuery(lon, lat, true);
  });

  async function pointQuery(lon: number, lat: number, fromForm = false): Promise<void> {
    lonInput.value = lon.toFixed(5);
    latInput.value = lat.toFixed(5);
    for (const m of maps())
      m.setData('origin', {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: {} }],
      });
    const common = `lon=${lon.toFixed(6)}&lat=${lat.toFixed(6)}&departure=${encodeURIComponent(st.departure)}&scenario=${encodeURIComponent(st.scenario)}`;
    clear(isoTableSlot);
    isoTableSlot.append(h('p', { 'aria-busy': 'true' }, t('app.loading')));
    try {
      iso = await api.get<FeatureCollection>(
        `analysis/isochrone?${common}&profile=${encodeURIComponent(st.profile)}&cutoffs=${ISO_CUTOFFS.join(',')}`,
      );
      // One colour per cutoff; the largest drawn first (under the smaller ones).
      iso.features.sort((a, b) => Number(a.properties?.cutoff_min) - Number(b.properties?.cutoff_min));
      iso.features.forEach((f, k) => {
        if (f.properties) f.properties.rank = k;
      });
      const drawn: FeatureCollection = { type: 'FeatureCollection', features: [...iso.features].reverse() };
      amap?.setData('iso', drawn);
      showGroup('isochrone');
      clear(isoTableSlot);
      isoTableSlot.append(
        table(
          t('analyses.isoCaption', { lon: lon.toFixed(4), lat: lat.toFixed(4) }),
          [
            {
              label: t('analyses.isoCutoff'),
              cell: (f: Feature) => t('analyses.isoWithin', { n: String(f.properties?.cutoff_min ?? '') }),
              header: true,
            },
            {
              label: t('analyses.isoArea'),
              cell: (f: Feature) => number(Math.round(Number(f.properties?.area_km2 ?? 0) * 100) / 100),
              numeric: true,
            },
          ],
          iso.features,
        ),
      );
      announce(t('analyses.isoDone', { n: iso.features.length }));
    } catch (err) {
      iso = null;
      amap?.setData('iso', emptyFc());
      clear(isoTableSlot);
      isoTableSlot.append(h('p', { class: 'error-summary', role: 'alert' }, errorMessage(err)));
      if (!fromForm) announce(errorMessage(err), 'error');
    }
    if (fpCheck.checked) {
      clear(fpSlot);
      try {
        fromPoint = await api.get(`analysis/from-point?${common}&public=${encodeURIComponent(st.public)}`);
        showGroup('fromPoint');
        fpSlot.append(
          table(
            t('analyses.fpCaption'),
            [
              { label: t('analyses.service'), cell: (x: { name: string }) => x.name, header: true },
              {
                label: t('analyses.category'),
                cell: (x: { category: string }) => terr.categories.find((c) => c.code === x.category)?.label ?? x.category,
              },
              { label: t('analyses.minutes'), cell: (x: { minutes: number }) => number(x.minutes), numeric: true },
            ],
            (fromPoint?.services ?? []).slice(0, 20),
            { emptyText: t('analyses.fpNone') },
          ),
        );
      } catch (err) {
        fromPoint = null;
        fpSlot.append(h('p', { class: 'error-summary', role: 'alert' }, errorMessage(err)));
      }
    } else {
      fromPoint = null;
      clear(fpSlot);
    }
    drawMaps();
  }

  // ---- control changes ----
  const onChange = (sel: HTMLSelectElement, key: keyof State, then: () => void) =>
    sel.addEventListener('change', () => {
      (st as unknown as Record<string, string>)[key] = sel.value;
      then();
    });
  onChange(fPublic.sel, 'public', () => {
    st.profile = terr.publics.find((p) => p.name === st.public)?.profile ?? st.profile;
    fProfile.sel.value = st.profile;
    void compute();
  });
  onChange(fCategory.sel, 'category', () => void compute());
  onChange(fScenario.sel, 'scenario', () => {
    void loadScenarioLayers();
    void compute();
  });
  onChange(fCompare.sel, 'compare', () => void compute());
  onChange(fIndicator.sel, 'indicator', () => drawMaps());
  onChange(fProfile.sel, 'profile', () => {});
  onChange(fLevel.sel, 'level', () => {
    void loadZones().then(() => {
      drawMaps();
      drawResults();
      fLevel.sel.focus();
    });
  });
  depInput.addEventListener('change', () => {
    if (depInput.value) st.departure = depInput.value;
  });
  controls.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (depInput.value) st.departure = depInput.value;
    void compute();
  });

  // ---- saved views ----
  const drawViews = async () => {
    clear(viewsSlot);
    viewsSlot.append(h('h2', { id: 'views-title' }, t('analyses.views')));
    const listSlot = h('div', {});
    viewsSlot.append(listSlot);
    api
      .get<View[]>('analysis/views')
      .then((v) => listSlot.append(viewsList(v)))
      .catch((err) =>
        listSlot.append(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) }))),
      );
    if (!canEdit()) return;
    const orgs = await api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]);
    const linkSlot = h('div', { id: 'view-link' });
    const form = h(
      'form',
      { 'aria-labelledby': 'save-view-title', id: 'save-view' },
      h('h3', { id: 'save-view-title' }, t('analyses.saveView')),
      (() => {
        const id = uid('view-name');
        return h(
          'div',
          { class: 'field' },
          h('label', { for: id }, t('analyses.viewName'), h('span', { class: 'req', 'aria-hidden': 'true' }, ' *')),
          h('input', { id, name: 'name', required: true, maxlength: 200 }),
        );
      })(),
      (() => {
        const id = uid('view-desc');
        return h(
          'div',
          { class: 'field' },
          h('label', { for: id }, t('common.description')),
          h('textarea', { id, name: 'description', rows: 2 }),
        );
      })(),
      checkboxGroup(
        'shared_with',
        t('analyses.sharedWith'),
        [...orgs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: String(o.id), label: o.name })),
        new Set(),
        t('analyses.noOrgs'),
      ),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('analyses.saveViewBtn'))),
    );
    onSubmit(form, async (fd) => {
      const params: State = { ...st, layers: { ...st.layers } };
      const v = await api.post<View>('analysis/views', {
        name: str(fd, 'name'),
        description: str(fd, 'description'),
        params,
        shared_with: fd.getAll('shared_with').map(Number),
      });
      const url = `${location.origin}${location.pathname}#/analyses?view=${v.id}`;
      const id = uid('view-url');
      const input = h('input', { id, type: 'text', readonly: true, value: url, class: 'view-url' });
      clear(linkSlot);
      linkSlot.append(
        h('div', { class: 'field' }, h('label', { for: id }, t('analyses.viewLink')), input),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary',
            onclick: async () => {
              input.select();
              try {
                await navigator.clipboard.writeText(url);
                announce(t('analyses.copied'));
              } catch {
                announce(t('analyses.copyManual'));
              }
            },
          },
          t('analyses.copy'),
        ),
      );
      form.reset();
      announce(t('analyses.viewSaved', { name: v.name }));
      input.focus();
      input.select();
      const fresh = await api.get<View[]>('analysis/views').catch(() => null);
      if (fresh) {
        clear(listSlot);
        listSlot.append(viewsList(fresh));
      }
    });
    viewsSlot.append(form, linkSlot);
  };
  void drawViews();

  drawMaps();
  void compute();
  if (restored && amap && restored.params?.center)
    amap.map.jumpTo({ center: restored.params.center, zoom: restored.params.zoom ?? amap.map.getZoom() });
}
