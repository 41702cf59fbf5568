// A saved analysis view embedded elsewhere (a meeting's agenda item): its key figures, a small map of
// the mean time by zone with its legend, the zones as a table, and the link that reopens the view.
// Loaded on demand: the view's result may have to be computed (GET analysis/views/{id}/result).
import { api, getSession } from '../api';
import { h, clear, uid } from '../dom';
import { t } from '../i18n';
import { errorMessage } from '../ui';
import { bboxOf, loadConfig } from '../geo';
import { createAnalysisMap, DEFAULT_VISIBLE } from './analyses-map';
import { summaryBlock, zonesTable } from './analyses-charts';
import { colorExpr, timeScale, emptyFc, type AccessResult, type FeatureCollection, type View } from './analyses-types';

export function viewEmbed(viewId: number, name: string): HTMLElement {
  const body = h('div', { class: 'view-embed-body', hidden: true });
  const toggle = h('button', { type: 'button', class: 'btn btn-secondary btn-small', 'aria-expanded': 'false' }, t('embed.show', { name }));
  let loaded = false;
  toggle.addEventListener('click', () => {
    const open = body.hidden;
    body.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = t(open ? 'embed.hide' : 'embed.show', { name });
    if (open && !loaded) {
      loaded = true;
      void fill(body, viewId);
    }
  });
  return h('div', { class: 'view-embed' }, h('a', { href: `#/analyses?view=${viewId}` }, name), ' ', toggle, body);
}

async function fill(body: HTMLElement, viewId: number): Promise<void> {
  clear(body);
  const status = h('p', { role: 'status' }, t('embed.loading'));
  body.append(status);
  try {
    const id = encodeURIComponent(String(viewId));
    const [view, r] = await Promise.all([
      api.get<View>(`analysis/views/${id}`),
      api.get<AccessResult | null>(`analysis/views/${id}/result`),
    ]);
    clear(body);
    if (!r?.summary) {
      body.append(h('p', {}, t('analyses.noResult')));
      return;
    }
    const levels = Object.keys(r.zones ?? {});
    const level = view.params.level && levels.includes(view.params.level) ? view.params.level : levels[0];
    const mapSlot = h('div', {});
    body.append(h('h4', {}, t('analyses.summary')), summaryBlock(r, null, uid('view-embed-summary')), mapSlot);
    if (level) body.append(h('h4', {}, t('analyses.zonesTitle')), zonesTable(r, level, level, uid('view-embed-zones')));
    // The map layers are the workspace's (partners get tables only, as on the analyses page).
    if (level && getSession()?.role !== 'partenaire') await addMap(mapSlot, r, level, view.name);
  } catch (err) {
    clear(body);
    body.append(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })));
  }
}

async function addMap(body: HTMLElement, r: AccessResult, level: string, title: string): Promise<void> {
  const [cfg, zones] = await Promise.all([
    loadConfig(),
    api.get<FeatureCollection>(`analysis/layers/zones/${encodeURIComponent(level)}`).catch(() => emptyFc()),
  ]);
  if (!zones.features.length) return;
  const by = new Map((r.zones?.[level] ?? []).map((z) => [String(z.id), z.mean_nearest]));
  const data: FeatureCollection = {
    type: 'FeatureCollection',
    features: zones.features.map((f) => {
      const v = by.get(String(f.properties?.id ?? f.id));
      return { ...f, properties: { ...(f.properties ?? {}), ...(v != null ? { v } : {}) } };
    }),
  };
  const el = h('div', { class: 'map map-embed', id: uid('view-embed-map') });
  const hintId = uid('view-embed-hint');
  const scale = timeScale();
  body.append(
    h('h4', {}, t('analyses.layer.zoneAccess')),
    el,
    h('p', { class: 'hint', id: hintId }, t('embed.mapHint')),
    h(
      'ul',
      { class: 'legend-classes' },
      scale.classes.map((c) => h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true', style: `background:${c.color}` }), c.label)),
    ),
  );
  const visible = Object.fromEntries(
    Object.keys(DEFAULT_VISIBLE).map((k) => [k, k === 'zoneAccess' || k === 'zones']),
  ) as typeof DEFAULT_VISIBLE;
  const m = await createAnalysisMap(el, { cfg, points: false, hintId, visible, categories: [], center: [0, 0], zoom: 1, title });
  m.setData('zones', zones);
  m.setData('zoneacc', data);
  m.setPaint('zone-access', colorExpr(scale, 'v'));
  const b = bboxOf(zones.features);
  if (b) void m.ready.then(() => m.fit(b));
}
