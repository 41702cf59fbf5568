// Small helpers shared by the map pages (territory, analyses).
import { api } from './api';

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
