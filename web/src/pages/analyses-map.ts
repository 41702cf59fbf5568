// The analyses' MapLibre map: offline by default (no basemap unless /api/config gives one), one
// GeoJSON source per layer, the cells' thematic layers (population, accessibility, difference, from a
// point) drawn from one source whose properties the page recomputes.
import type { Map as MlMap, StyleSpecification, LayerSpecification, LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { CATEGORY_COLORS, ISO_COLORS, emptyFc, type FeatureCollection } from './analyses-types';
import { baseStyle, mapLocale, type MapConfig } from '../geo';

/** Layer groups shown or hidden by one checkbox each, and their MapLibre layers. */
export const GROUPS = [
  'population',
  'access',
  'zoneAccess',
  'white',
  'difference',
  'services',
  'network',
  'onDemand',
  'zones',
  'isochrone',
  'fromPoint',
] as const;
export type Group = (typeof GROUPS)[number];
export const DEFAULT_VISIBLE: Record<Group, boolean> = {
  population: false,
  access: true,
  zoneAccess: false,
  white: true,
  difference: false,
  services: true,
  network: true,
  onDemand: true,
  zones: true,
  isochrone: true,
  fromPoint: true,
};
const GROUP_LAYERS: Record<Group, string[]> = {
  population: ['cells-population'],
  access: ['cells-access'],
  zoneAccess: ['zone-access'],
  white: ['white-fill', 'white-line'],
  difference: ['cells-difference'],
  services: ['services'],
  network: ['network-lines', 'network-stops'],
  onDemand: ['ondemand-fill', 'ondemand-line'],
  zones: ['zones-line'],
  isochrone: ['iso-fill', 'iso-line'],
  fromPoint: ['cells-frompoint', 'frompoint-origin'],
};

export const SOURCES = ['cells', 'services', 'network', 'ondemand', 'zones', 'zoneacc', 'white', 'iso', 'origin'] as const;
export type SourceId = (typeof SOURCES)[number];

const vis = (on: boolean) => (on ? 'visible' : 'none');

function buildStyle(cfg: MapConfig, points: boolean, visible: Record<string, boolean>, categories: string[]): StyleSpecification {
  const style = baseStyle(cfg, {});
  for (const s of SOURCES) style.sources[s] = { type: 'geojson', data: emptyFc() as unknown as string };
  const on = (g: Group) => visible[g] ?? DEFAULT_VISIBLE[g];
  // Cells as polygons (a grid), or as circles (points).
  const cell = (id: string, g: Group, prop: string): LayerSpecification =>
    points
      ? {
          id,
          type: 'circle',
          source: 'cells',
          filter: ['has', prop],
          layout: { visibility: vis(on(g)) },
          paint: { 'circle-radius': 5, 'circle-color': '#cccccc', 'circle-opacity': 0.85 },
        }
      : {
          id,
          type: 'fill',
          source: 'cells',
          filter: ['has', prop],
          layout: { visibility: vis(on(g)) },
          paint: { 'fill-color': '#cccccc', 'fill-opacity': 0.75 },
        };
  // A 'match' without any case is an invalid style (the map would never load): no categories, one colour.
  const catColor: unknown = categories.length
    ? ['match', ['get', 'category'], ...categories.flatMap((c, k) => [c, CATEGORY_COLORS[k % CATEGORY_COLORS.length]]), '#3f3f3f']
    : '#3f3f3f';
  const isoColor: unknown[] = ['match', ['get', 'rank']];
  ISO_COLORS.forEach((c, k) => {
    isoColor.push(k, c);
  });
  isoColor.push('#666666');
  style.layers.push(
    cell('cells-population', 'population', 'pop'),
    cell('cells-access', 'access', 'v'),
    cell('cells-difference', 'difference', 'd'),
    cell('cells-frompoint', 'fromPoint', 'fp'),
    {
      id: 'zone-access',
      type: 'fill',
      source: 'zoneacc',
      filter: ['has', 'v'],
      layout: { visibility: vis(on('zoneAccess')) },
      paint: { 'fill-color': '#cccccc', 'fill-opacity': 0.75 },
    },
    {
      id: 'white-fill',
      type: 'fill',
      source: 'white',
      layout: { visibility: vis(on('white')) },
      paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.55 },
    },
    {
      id: 'white-line',
      type: 'line',
      source: 'white',
      layout: { visibility: vis(on('white')) },
      paint: { 'line-color': '#161616', 'line-width': 1.5, 'line-dasharray': [2, 1] },
    },
    {
      id: 'ondemand-fill',
      type: 'fill',
      source: 'ondemand',
      layout: { visibility: vis(on('onDemand')) },
      paint: { 'fill-color': '#6e445a', 'fill-opacity': 0.12 },
    },
    {
      id: 'ondemand-line',
      type: 'line',
      source: 'ondemand',
      layout: { visibility: vis(on('onDemand')) },
      paint: { 'line-color': '#6e445a', 'line-width': 2, 'line-dasharray': [3, 2] },
    },
    {
      id: 'zones-line',
      type: 'line',
      source: 'zones',
      layout: { visibility: vis(on('zones')) },
      paint: { 'line-color': '#4a4a4a', 'line-width': 1 },
    },
    {
      id: 'iso-fill',
      type: 'fill',
      source: 'iso',
      layout: { visibility: vis(on('isochrone')) },
      paint: { 'fill-color': isoColor as never, 'fill-opacity': 0.3 },
    },
    {
      id: 'iso-line',
      type: 'line',
      source: 'iso',
      layout: { visibility: vis(on('isochrone')) },
      paint: { 'line-color': isoColor as never, 'line-width': 2 },
    },
    {
      id: 'network-lines',
      type: 'line',
      source: 'network',
      filter: ['==', ['get', 'kind'], 'line'],
      layout: { visibility: vis(on('network')) },
      paint: { 'line-color': ['coalesce', ['get', 'css_color'], '#000091'] as never, 'line-width': 2.5 },
    },
    {
      id: 'network-stops',
      type: 'circle',
      source: 'network',
      filter: ['==', ['get', 'kind'], 'stop'],
      layout: { visibility: vis(on('network')) },
      paint: {
        'circle-radius': 3.5,
        'circle-color': ['match', ['get', 'step_free'], 'yes', '#18753c', 'no', '#b60000', '#929292'] as never,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1,
      },
    },
    {
      id: 'services',
      type: 'circle',
      source: 'services',
      layout: { visibility: vis(on('services')) },
      paint: { 'circle-radius': 5, 'circle-color': catColor as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    },
    {
      id: 'frompoint-origin',
      type: 'circle',
      source: 'origin',
      layout: { visibility: 'visible' },
      paint: { 'circle-radius': 7, 'circle-color': '#161616', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
  );
  return style;
}

export interface AnalysisMap {
  map: MlMap;
  setData(source: SourceId, data: FeatureCollection): void;
  setVisible(group: Group, on: boolean): void;
  setPaint(layer: string, expr: unknown): void;
  fit(bbox: [number, number, number, number]): void;
  ready: Promise<void>;
}

/** A map in `el`; `points`: the cells are points (circles) rather than polygons. */
export async function createAnalysisMap(
  el: HTMLElement,
  opts: {
    cfg: MapConfig;
    points: boolean;
    title: string;
    hintId: string;
    visible: Record<string, boolean>;
    categories: string[];
    center: [number, number];
    zoom: number;
  },
): Promise<AnalysisMap> {
  const [ml] = await Promise.all([import('maplibre-gl'), import('maplibre-gl/dist/maplibre-gl.css')]);
  ml.setWorkerUrl(workerUrl);
  const map = new ml.Map({
    container: el,
    style: buildStyle(opts.cfg, opts.points, opts.visible, opts.categories),
    center: opts.center,
    zoom: opts.zoom,
    // The PNG export reads the canvas back.
    canvasContextAttributes: { preserveDrawingBuffer: true },
    attributionControl: opts.cfg.basemap ? { compact: true } : false,
    locale: mapLocale(opts.title),
  });
  map.getCanvas().setAttribute('aria-describedby', opts.hintId);
  map.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new ml.ScaleControl({ unit: 'metric' }), 'bottom-left');
  let loaded = false;
  const pending = new Map<SourceId, FeatureCollection>();
  const ready = new Promise<void>((resolve) =>
    map.on('load', () => {
      loaded = true;
      for (const [s, d] of pending) (map.getSource(s) as { setData?: (d: unknown) => void } | undefined)?.setData?.(d);
      pending.clear();
      resolve();
    }),
  );
  const run = (fn: () => void) => (loaded ? fn() : void ready.then(fn));
  return {
    map,
    ready,
    setData(source, data) {
      if (!loaded) {
        pending.set(source, data);
        return;
      }
      (map.getSource(source) as { setData?: (d: unknown) => void } | undefined)?.setData?.(data);
    },
    setVisible(group, on) {
      run(() => {
        for (const l of GROUP_LAYERS[group]) if (map.getLayer(l)) map.setLayoutProperty(l, 'visibility', vis(on));
      });
    },
    setPaint(layer, expr) {
      run(() => {
        const l = map.getLayer(layer);
        if (!l) return;
        map.setPaintProperty(layer, l.type === 'circle' ? 'circle-color' : 'fill-color', expr as never);
      });
    },
    fit(b) {
      map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ] as LngLatBoundsLike,
        { padding: 30, duration: 0 },
      );
    },
  };
}

/** Keep two maps on the same view (side-by-side comparison). */
export function syncMaps(a: MlMap, b: MlMap): void {
  let busy = false;
  const follow = (from: MlMap, to: MlMap) => () => {
    if (busy) return;
    busy = true;
    to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
    busy = false;
  };
  a.on('move', follow(a, b));
  b.on('move', follow(b, a));
}
