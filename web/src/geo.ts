// Small helpers shared by the map pages (territory, analyses).
import type { StyleSpecification } from 'maplibre-gl';
import { api } from './api';
import { lang } from './i18n';

export type Bbox = [number, number, number, number];

/** The map's configuration, from the server's options (`solimob serve --basemap`). Never from the
 * page's URL: a link could otherwise point the map at any tile server. */
export interface MapConfig {
  /** Raster XYZ tile URL template of the optional basemap (GET /api/config) */
  basemap?: string;
  basemap_attribution?: string;
}

export async function loadConfig(): Promise<MapConfig> {
  try {
    const c = await api.get<{ basemap?: string | null; basemap_attribution?: string }>('config', { auth401: false });
    return { basemap: c?.basemap ?? undefined, basemap_attribution: c?.basemap_attribution ?? undefined };
  } catch (err) {
    console.error(err);
    return {};
  }
}

function extend(b: Bbox | null, coords: unknown): Bbox | null {
  if (!Array.isArray(coords)) return b;
  if (typeof coords[0] === 'number' && typeof coords[1] === 'number') {
    const [x, y] = coords as number[];
    if (!b) return [x, y, x, y];
    return [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
  }
  for (const c of coords) b = extend(b, c);
  return b;
}

/** The bounding box of GeoJSON features (lon/lat), null when none has coordinates. */
export function bboxOf(features: { geometry: { coordinates?: unknown } | null }[]): Bbox | null {
  let b: Bbox | null = null;
  for (const f of features) if (f.geometry) b = extend(b, f.geometry.coordinates);
  return b;
}

/** The start of every map's style: the background, then the basemap when the server gives one; the
 * caller pushes its own layers on top. */
export function baseStyle(cfg: MapConfig, sources: StyleSpecification['sources']): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    sources: { ...sources },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f3f1ec' } }],
  };
  if (cfg.basemap) {
    style.sources.basemap = { type: 'raster', tiles: [cfg.basemap], tileSize: 256, attribution: cfg.basemap_attribution ?? '' };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  return style;
}

/** MapLibre's control texts in the page's language, and the map's title for screen readers. */
export function mapLocale(title: string): Record<string, string> {
  return lang() === 'fr'
    ? {
        'NavigationControl.ZoomIn': 'Zoom avant',
        'NavigationControl.ZoomOut': 'Zoom arrière',
        'NavigationControl.ResetBearing': 'Réinitialiser l’orientation',
        'Map.Title': title,
      }
    : { 'Map.Title': title };
}
