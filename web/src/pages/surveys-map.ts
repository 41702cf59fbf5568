// The map of a survey's answers by commune (GET /api/surveys/:id/map): each commune coloured by the
// share of its respondents naming a barrier (or by its respondents), secret communes grey with no
// figure, offline unless the server gives a basemap. The page shows the same figures in a table: the
// map is never the only way to read them.
import type { Map as MlMap, ExpressionSpecification, LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { h } from '../dom';
import { baseStyle, bboxOf, loadConfig, mapLocale } from '../geo';
import { t } from '../i18n';

export interface CommuneFigures {
  code: string;
  name: string;
  secret: boolean;
  respondents: number | null;
  count?: number | null;
  share?: number | null;
}

export interface SurveyMap {
  threshold: number;
  value: string;
  respondents: number | null;
  not_located: number | null;
  features: { type: 'Feature'; properties: CommuneFigures; geometry: { type: string; coordinates: unknown } }[];
}

/** Classes of the colour scale: shares (0-1) with a value, respondents without. */
const SHARE_STEPS = [0.1, 0.25, 0.5, 0.75];
const COLORS = ['#f1eef6', '#bdc9e1', '#74a9cf', '#2b8cbe', '#045a8d'];

function fillColor(byShare: boolean): ExpressionSpecification {
  const prop = byShare ? 'share' : 'respondents';
  const steps = byShare ? SHARE_STEPS : [11, 30, 100, 300];
  return [
    'case',
    ['==', ['get', 'secret'], true],
    '#b0b0b0',
    ['==', ['typeof', ['get', prop]], 'number'],
    ['step', ['get', prop], COLORS[0], steps[0], COLORS[1], steps[1], COLORS[2], steps[2], COLORS[3], steps[3], COLORS[4]],
    '#ffffff',
  ];
}

/** The legend: the colour classes, then "secret" and "no answer". */
export function mapLegend(byShare: boolean, threshold: number): HTMLElement {
  const steps = byShare ? SHARE_STEPS.map((s) => `${Math.round(s * 100)} %`) : ['11', '30', '100', '300'];
  const labels = [`< ${steps[0]}`, ...steps.slice(0, -1).map((s, i) => `${s} – ${steps[i + 1]}`), `≥ ${steps[steps.length - 1]}`];
  const item = (color: string, label: string) =>
    h('li', {}, h('span', { class: 'swatch', style: `background:${color}`, 'aria-hidden': 'true' }), label);
  return h(
    'ul',
    { class: 'legend-classes', 'aria-label': t('surveys.legend') },
    ...labels.map((l, i) => item(COLORS[i], l)),
    item('#b0b0b0', t('surveys.secret', { n: threshold })),
    item('#ffffff', t('surveys.noAnswer')),
  );
}

/** Draws `data` in `el` (a .map element) described by the element `hintId`; the map, or null when
 * MapLibre could not start (no WebGL). */
export async function drawSurveyMap(el: HTMLElement, data: SurveyMap, byShare: boolean, hintId: string): Promise<MlMap | null> {
  try {
    const [ml, cfg] = await Promise.all([import('maplibre-gl'), loadConfig(), import('maplibre-gl/dist/maplibre-gl.css')]);
    ml.setWorkerUrl(workerUrl);
    const style = baseStyle(cfg, { communes: { type: 'geojson', data: data as unknown as string } });
    style.layers.push(
      { id: 'communes-fill', type: 'fill', source: 'communes', paint: { 'fill-color': fillColor(byShare), 'fill-opacity': 0.8 } },
      { id: 'communes-line', type: 'line', source: 'communes', paint: { 'line-color': '#555555', 'line-width': 0.8 } },
    );
    const b = bboxOf(data.features);
    const map = new ml.Map({
      container: el,
      style,
      bounds: (b ?? [2.28, 48.8, 2.61, 49.02]) as LngLatBoundsLike,
      fitBoundsOptions: { padding: 20 },
      attributionControl: cfg.basemap ? { compact: true } : false,
      locale: mapLocale(t('surveys.mapLabel')),
    });
    map.getCanvas().setAttribute('aria-describedby', hintId);
    map.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
    map.on('click', 'communes-fill', (e) => {
      const p = e.features?.[0]?.properties as Record<string, unknown> | undefined;
      if (!p) return;
      new ml.Popup({ closeButton: true })
        .setLngLat(e.lngLat)
        .setDOMContent(h('div', {}, h('strong', {}, String(p.name ?? '')), h('p', {}, figuresText(p, data.threshold))))
        .addTo(map);
    });
    return map;
  } catch (err) {
    console.error(err);
    el.append(h('p', { class: 'error-summary' }, t('surveys.mapUnavailable')));
    return null;
  }
}

/** "18 / 32 (56 %)", "32 respondents" or "secret (< 11)", for the popups. */
function figuresText(p: Record<string, unknown>, threshold: number): string {
  // MapLibre hands feature properties back as they were, but nulls may come back as the string "null".
  if (p.secret === true || p.secret === 'true') return t('surveys.secret', { n: threshold });
  const respondents = Number(p.respondents ?? 0);
  if (p.share == null || p.share === 'null') return t('surveys.respondentsN', { n: respondents });
  return `${Number(p.count)} / ${respondents} (${Math.round(Number(p.share) * 100)} %)`;
}
