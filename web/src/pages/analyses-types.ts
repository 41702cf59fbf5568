// Types of the analysis routes (docs/API.md, "Analyses") and the classes of the map's legends.
import { t } from '../i18n';
import { number } from '../format';

export interface Territory {
  name: string;
  synthetic: string | null;
  bbox: [number, number, number, number];
  departure: string;
  window: number;
  percentile: number;
  max_time: number;
  white_zone_minutes: number;
  mode?: string;
  publics: { name: string; label: string; field: string; profile: string }[];
  categories: { code: string; label: string; nearest: boolean; cutoffs: number[] }[];
  indicators: { id: string; label: string; unit: string }[];
  scenarios: { id: string; name: string }[];
  zone_levels: { name: string; label: string }[];
  profiles: string[];
}

export interface Geometry {
  type: string;
  coordinates: unknown;
}
export interface Feature {
  type: 'Feature';
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
  id?: number | string;
}
export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}
export const emptyFc = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });

export interface ZoneRow {
  id: string | number;
  name: string;
  population: number;
  mean_nearest: number | null;
  share_within: Record<string, number | null>;
  white_zone_population: number;
}
export interface Summary {
  population: number;
  mean_nearest: number | null;
  median_nearest: number | null;
  share_within: Record<string, number | null>;
  white_zone_population: number;
  white_zone_share: number | null;
  gini: number | null;
}
export interface AccessResult {
  params: { public: string; category: string; scenario: string; departure: string; window: number; percentile: number; profile: string };
  provenance?: { computed_at?: string; fingerprint?: string; version?: string };
  indicators: { id: string; label: string; unit: string }[];
  cells: Record<string, (number | null)[]>;
  weights: number[];
  summary: Summary;
  distribution: { from: number; to: number; population: number }[];
  lorenz: [number, number][];
  zones: Record<string, ZoneRow[]>;
  white_zones: FeatureCollection;
  baseline: { cells: Record<string, (number | null)[]>; summary: Summary; zones: Record<string, ZoneRow[]> } | null;
  difference?: {
    cells: { nearest: (number | null)[] };
    gainers: number;
    gainers_share: number;
    mean_change_min: number | null;
    zones: Record<string, { id: string | number; gainers: number; mean_change_min: number | null }[]>;
  } | null;
}
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export interface Job {
  id: string | number;
  kind?: string;
  status: JobStatus;
  progress: number;
  error?: string;
  params?: unknown;
  result?: AccessResult;
}

export interface View {
  id: number;
  name: string;
  description?: string;
  params: Partial<State>;
  shared_with: number[];
}

/** The page's state: what a saved view keeps (docs/API.md: `params` is returned as sent). */
export interface State {
  public: string;
  category: string;
  indicator: string;
  departure: string;
  scenario: string;
  /** The scenario compared with ('' = no comparison). */
  compare: string;
  profile: string;
  level: string;
  center: [number, number] | null;
  zoom: number | null;
  layers: Record<string, boolean>;
}

/** A legend class: its colour and what it means in words. */
export interface LegendClass {
  color: string;
  label: string;
}
/** A step colour scale: colours[0] below breaks[0], colours[k] from breaks[k-1]. */
export interface Scale {
  breaks: number[];
  colors: string[];
  none?: string;
  classes: LegendClass[];
  note: string;
}

export const NONE_COLOR = '#bdbdbd';
const TIME_COLORS = ['#253494', '#2c7fb8', '#41b6c4', '#a1dab4', '#ffffcc'];
const COUNT_COLORS = ['#feedde', '#fdbe85', '#fd8d3c', '#e6550d', '#a63603'];
const DIFF_COLORS = ['#2166ac', '#67a9cf', '#d1e5f0', '#f7f7f7', '#fddbc7', '#ef8a62', '#b2182b'];
export const ISO_COLORS = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02'];
export const CATEGORY_COLORS = ['#000091', '#b34000', '#18753c', '#6e445a', '#007c8f', '#8b5a00', '#5d2c9a', '#3f3f3f'];

/** Minutes: fixed breaks every 15 minutes up to an hour. */
export function timeScale(): Scale {
  const breaks = [15, 30, 45, 60];
  return {
    breaks,
    colors: TIME_COLORS,
    none: NONE_COLOR,
    classes: [
      ...classLabels(breaks, t('analyses.unitMin')).map((label, k) => ({ color: TIME_COLORS[k], label })),
      { color: NONE_COLOR, label: t('analyses.legendUnreached') },
    ],
    note: t('analyses.legendFixed'),
  };
}

/** Counts: five classes by quantiles of the values shown (equal numbers of cells per class). */
export function quantileScale(values: (number | null | undefined)[], unit = ''): Scale {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  const breaks: number[] = [];
  if (v.length) {
    for (const q of [0.2, 0.4, 0.6, 0.8]) {
      const b = v[Math.min(v.length - 1, Math.floor(q * v.length))];
      // MapLibre's step expression needs strictly increasing stops.
      if (b > v[0] && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
    }
  }
  const colors = COUNT_COLORS.slice(COUNT_COLORS.length - breaks.length - 1);
  return {
    breaks,
    colors,
    none: NONE_COLOR,
    classes: [
      ...classLabels(breaks, unit).map((label, k) => ({ color: colors[k], label })),
      { color: NONE_COLOR, label: t('analyses.legendNoValue') },
    ],
    note: t('analyses.legendQuantiles'),
  };
}

/** Differences in minutes (scenario − reference): negative = faster, a diverging palette. */
export function diffScale(): Scale {
  const breaks = [-10, -5, -1, 1, 5, 10];
  return {
    breaks,
    colors: DIFF_COLORS,
    none: NONE_COLOR,
    classes: [
      t('analyses.diffGainMore', { n: 10 }),
      t('analyses.diffGain', { a: 5, b: 10 }),
      t('analyses.diffGain', { a: 1, b: 5 }),
      t('analyses.diffSame'),
      t('analyses.diffLoss', { a: 1, b: 5 }),
      t('analyses.diffLoss', { a: 5, b: 10 }),
      t('analyses.diffLossMore', { n: 10 }),
    ]
      .map((label, k) => ({ color: DIFF_COLORS[k], label }))
      .concat([{ color: NONE_COLOR, label: t('analyses.legendNoValue') }]),
    note: t('analyses.legendFixed'),
  };
}

/** "moins de 15 min", "15 à 30 min", …, "60 min ou plus". */
function classLabels(breaks: number[], unit: string): string[] {
  const u = unit ? ` ${unit}` : '';
  if (!breaks.length) return [t('analyses.legendAll')];
  const out = [t('analyses.legendBelow', { b: `${number(breaks[0])}${u}` })];
  for (let k = 1; k < breaks.length; k++)
    out.push(t('analyses.legendBetween', { a: number(breaks[k - 1]), b: `${number(breaks[k])}${u}` }));
  out.push(t('analyses.legendAbove', { a: `${number(breaks[breaks.length - 1])}${u}` }));
  return out;
}

/** A MapLibre colour expression of a scale for a numeric property (grey when absent). */
export function colorExpr(scale: Scale, prop: string): unknown {
  const step: unknown[] = ['step', ['to-number', ['get', prop]], scale.colors[0]];
  scale.breaks.forEach((b, k) => {
    step.push(b, scale.colors[k + 1]);
  });
  return ['case', ['has', prop], step, scale.none ?? NONE_COLOR];
}
