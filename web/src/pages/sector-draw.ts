// Drawing a development sector on the territory map. The corners are clicked on the map or typed as
// "longitude latitude" lines: the text area is the keyboard alternative to the mouse (RGAA / WCAG 2.1.1)
// and the single source of truth, clicks only append lines to it. Saved as a GeoJSON Polygon.
import type { Map as MlMap } from 'maplibre-gl';
import { api, ApiError } from '../api';
import { h, clear, uid } from '../dom';
import { t } from '../i18n';
import { announce, clearFormErrors, field, onSubmit, showFormError, str } from '../ui';

export type LonLat = [number, number];

export interface DrawHost {
  /** The map once its style is loaded; null when it could not be shown (typing still works then). */
  map: Promise<MlMap | null>;
  /** The map container: Escape pressed on the map cancels the drawing too. */
  mapEl: HTMLElement;
  /** Reload the sector list and map after a save. */
  reload: () => Promise<void>;
}

export interface SectorDrawer {
  element: HTMLElement;
  /** True while drawing: the map's own click behaviour (sector popup) is then suspended. */
  active: () => boolean;
}

const SOURCE = 'sector-draw';
const COLOR = '#b34000'; // dark orange: distinct from the sectors' blue, 3:1 or more on the background
const MIN_POINTS = 3;

// A decimal number, with a point or a French decimal comma.
const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/;
const toNumber = (s: string): number | null => (NUMBER.test(s) ? Number(s.replace(',', '.')) : null);

/** "2.45 48.91", "2.45, 48.91", "2.45;48.91", "2,45 48,91" (decimal commas) or "2.45,48.91". */
function splitPair(line: string): string[] {
  const parts = line.split(/\s*;\s*|\s*,\s+|\s+/);
  // A lone comma separates the two numbers only when they use decimal points ("2,45" alone is one number).
  if (parts.length === 1 && line.includes('.')) return line.split(',');
  return parts;
}

/** The valid points of the text and the message of its first wrong line (numbered from 1), if any. */
export function parseCoordinates(text: string): { points: LonLat[]; error: string | null } {
  const points: LonLat[] = [];
  let error: string | null = null;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const parts = splitPair(line);
    const lon = parts.length === 2 ? toNumber(parts[0]) : null;
    const lat = parts.length === 2 ? toNumber(parts[1]) : null;
    let message: string | null = null;
    if (parts.length !== 2) message = t('territory.drawLineFormat', { line: i + 1 });
    else if (lon == null || Math.abs(lon) > 180) message = t('territory.drawLineLon', { line: i + 1 });
    else if (lat == null || Math.abs(lat) > 90) message = t('territory.drawLineLat', { line: i + 1 });
    else points.push([lon, lat]);
    if (message) error ??= message;
  });
  return { points, error };
}

/** Without repeated consecutive points (double clicks) nor a closing point typed by the user. */
function distinct(points: LonLat[]): LonLat[] {
  const same = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];
  const out = points.filter((p, i) => i === 0 || !same(p, points[i - 1]));
  while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
  return out;
}

/** Twice the signed area (shoelace): positive when counterclockwise. */
function signedArea(points: LonLat[]): number {
  let a = 0;
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length];
    a += p[0] * q[1] - q[0] * p[1];
  });
  return a;
}

/** The closed exterior ring, counterclockwise as RFC 7946 asks, starting at the first point given. */
function ring(points: LonLat[]): LonLat[] {
  const ordered = signedArea(points) < 0 ? [points[0], ...points.slice(1).reverse()] : points;
  return [...ordered, ordered[0]];
}

const round6 = (x: number) => String(Math.round(x * 1e6) / 1e6); // about 0.1 m: enough for a sector

function drawingData(points: LonLat[]): unknown {
  const features: unknown[] = [];
  if (points.length >= MIN_POINTS)
    features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[...points, points[0]]] } });
  else if (points.length === 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: points } });
  for (const p of points) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: p } });
  return { type: 'FeatureCollection', features };
}

function addLayers(map: MlMap): void {
  if (map.getSource(SOURCE)) return;
  map.addSource(SOURCE, { type: 'geojson', data: drawingData([]) as string });
  map.addLayer({
    id: 'draw-fill',
    type: 'fill',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Polygon'],
    paint: { 'fill-color': COLOR, 'fill-opacity': 0.15 },
  });
  map.addLayer({
    id: 'draw-line',
    type: 'line',
    source: SOURCE,
    filter: ['!=', ['geometry-type'], 'Point'],
    paint: { 'line-color': COLOR, 'line-width': 2.5, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'draw-vertex',
    type: 'circle',
    source: SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: { 'circle-radius': 5, 'circle-color': '#ffffff', 'circle-stroke-color': COLOR, 'circle-stroke-width': 2.5 },
  });
}

export function sectorDrawer(host: DrawHost): SectorDrawer {
  let step: 'idle' | 'points' | 'details' = 'idle';
  let map: MlMap | null = null;

  const section = h('section', { class: 'card sector-draw', 'aria-labelledby': 'draw-title' });
  const heading = h('h2', { id: 'draw-title', tabindex: -1 }, t('territory.drawTitle'));
  const startBtn = h('button', { type: 'button', class: 'btn', onclick: () => start() }, t('territory.draw'));

  // The drawing form, rebuilt at each start so that nothing is left from a previous drawing.
  let form: HTMLFormElement | null = null;
  let coords: HTMLTextAreaElement | null = null;
  let count: HTMLElement | null = null;
  let pointsTools: HTMLElement | null = null;
  let details: HTMLElement | null = null;

  const points = (): LonLat[] => parseCoordinates(coords?.value ?? '').points;

  function render(): void {
    const pts = step === 'idle' ? [] : points();
    if (count) count.textContent = t('territory.drawCount', { n: pts.length });
    const src = map?.getSource(SOURCE) as { setData?: (d: unknown) => void } | undefined;
    src?.setData?.(drawingData(pts));
  }

  function setMapDrawing(on: boolean): void {
    if (!map) return;
    map.getCanvas().style.cursor = on ? 'crosshair' : '';
    // A double click would zoom the map instead of adding one point.
    if (on) map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
  }

  void host.map.then((m) => {
    if (!m) return;
    map = m;
    addLayers(m);
    m.on('click', (e) => {
      if (step !== 'points' || !coords) return;
      const p = e.lngLat.wrap();
      coords.value = `${coords.value.trimEnd()}${coords.value.trim() ? '\n' : ''}${round6(p.lng)} ${round6(p.lat)}`;
      coords.scrollTop = coords.scrollHeight;
      render();
    });
    if (step !== 'idle') setMapDrawing(true);
    render();
  });

  function showIdle(): void {
    clear(section);
    section.append(heading, h('p', { class: 'hint' }, t('territory.drawIntro')), h('div', { class: 'form-actions' }, startBtn));
  }

  function start(): void {
    step = 'points';
    const helpId = uid('draw-help');
    const coordsField = field({
      name: 'coordinates',
      label: t('territory.drawCoords'),
      hint: t('territory.drawCoordsHint'),
      textarea: true,
      attrs: { rows: 6, spellcheck: 'false', autocomplete: 'off' },
    });
    coords = coordsField.querySelector('textarea');
    coords?.setAttribute('aria-describedby', `${helpId} ${coords.getAttribute('aria-describedby') ?? ''}`.trim());
    coords?.addEventListener('input', render);
    count = h('p', { class: 'draw-count' });
    pointsTools = h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: undoLast }, t('territory.drawUndo')),
      h('button', { type: 'button', class: 'btn', onclick: finish }, t('territory.drawFinish')),
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => cancel() }, t('form.cancel')),
    );
    details = h(
      'div',
      { hidden: true },
      h('p', { class: 'hint' }, t('territory.drawDetailsHelp'), ' ', t('form.requiredHint')),
      field({ name: 'name', label: t('territory.drawName'), required: true, attrs: { maxlength: 200, autocomplete: 'off' } }),
      field({ name: 'description', label: t('common.description'), textarea: true, attrs: { rows: 2, maxlength: 1000 } }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn' }, t('form.save')),
        h('button', { type: 'button', class: 'btn btn-secondary', onclick: backToPoints }, t('territory.drawBack')),
        h('button', { type: 'button', class: 'btn btn-secondary', onclick: () => cancel() }, t('form.cancel')),
      ),
    );
    setDetailsEnabled(false);
    form = h(
      'form',
      { 'aria-labelledby': 'draw-title' },
      h('p', { id: helpId, class: 'draw-help' }, t('territory.drawHelp')),
      coordsField,
      count,
      pointsTools,
      details,
    );
    onSubmit(form, save);
    clear(section);
    section.append(heading, form);
    setMapDrawing(true);
    render();
    heading.focus();
  }

  // Hidden fields are also disabled so that the (empty, required) name does not block anything meanwhile.
  function setDetailsEnabled(on: boolean): void {
    if (!details) return;
    details.hidden = !on;
    for (const c of details.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) c.disabled = !on;
  }

  function undoLast(): void {
    if (!coords) return;
    if (!coords.value.trim()) {
      announce(t('territory.drawNoPoint'));
      return;
    }
    const lines = coords.value.trimEnd().split(/\r?\n/);
    lines.pop();
    coords.value = lines.join('\n').trimEnd();
    render();
  }

  /** The polygon's corners, or an error tied to the text area. */
  function validPoints(): LonLat[] {
    const { points: pts, error } = parseCoordinates(coords?.value ?? '');
    if (error) throw new ApiError(400, 'invalid', error, 'coordinates');
    const corners = distinct(pts);
    if (corners.length < MIN_POINTS) throw new ApiError(400, 'invalid', t('territory.drawTooFew', { n: corners.length }), 'coordinates');
    if (Math.abs(signedArea(corners)) < 1e-12) throw new ApiError(400, 'invalid', t('territory.drawFlat'), 'coordinates');
    return corners;
  }

  function finish(): void {
    if (!form || !coords) return;
    clearFormErrors(form);
    try {
      validPoints();
    } catch (err) {
      showFormError(form, err);
      return;
    }
    step = 'details';
    coords.readOnly = true;
    if (pointsTools) pointsTools.hidden = true;
    setDetailsEnabled(true);
    setMapDrawing(false);
    form.querySelector<HTMLInputElement>('input[name=name]')?.focus();
  }

  function backToPoints(): void {
    if (!form || !coords) return;
    clearFormErrors(form);
    step = 'points';
    coords.readOnly = false;
    if (pointsTools) pointsTools.hidden = false;
    setDetailsEnabled(false);
    setMapDrawing(true);
    coords.focus();
  }

  function stop(): void {
    step = 'idle';
    form = coords = count = pointsTools = details = null;
    setMapDrawing(false);
    render();
    showIdle();
  }

  function cancel(): void {
    if (step === 'idle') return;
    stop();
    announce(t('territory.drawCancelled'));
    startBtn.focus();
  }

  async function save(fd: FormData): Promise<void> {
    if (step !== 'details') return;
    const name = str(fd, 'name');
    const corners = validPoints();
    try {
      await api.post<{ created: number }>('sectors', {
        type: 'Feature',
        properties: { name, description: str(fd, 'description') },
        geometry: { type: 'Polygon', coordinates: [ring(corners)] },
      });
    } catch (err) {
      // The server names the GeoJSON path (features[0].geometry): it comes from the coordinates typed or clicked.
      if (err instanceof ApiError && err.field && /geometry|coordinates|features/.test(err.field)) {
        backToPoints();
        throw new ApiError(err.status, err.code, err.message, 'coordinates');
      }
      throw err;
    }
    stop();
    await host.reload();
    announce(t('territory.drawSaved', { name }));
    startBtn.focus();
  }

  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || step === 'idle') return;
    e.preventDefault();
    cancel();
  };
  section.addEventListener('keydown', onKey);
  host.mapEl.addEventListener('keydown', onKey);

  showIdle();
  return { element: section, active: () => step !== 'idle' };
}
