import type { Map as MlMap, StyleSpecification, LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { api, canEdit, ApiError, type Organisation, type SectorProject } from '../api';
import { type FormField, recordBody, recordFields } from '../crud';
import { RECORDS } from '../generated/records';
import { h, clear, uid } from '../dom';
import { t, tv } from '../i18n';
import { announce, errorMessage, onSubmit, pageHeader, loadError, field, str, table, type Column } from '../ui';
import { confirmDelete, editDeleteTools, focusId } from '../edit';
import { fileAsBase64 } from '../files';
import { sectorDrawer } from './sector-draw';
import { baseStyle, bboxOf, loadConfig, mapLocale, type Bbox, type MapConfig } from '../geo';

interface SectorProps {
  id: number;
  name: string;
  description?: string;
}
interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown } | null;
  properties: SectorProps | null;
  id?: number | string;
}
interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** A reference layer served by `solimob serve --reference-layer` (communes, priority districts...). */
interface RefLayer {
  id: number;
  name: string;
  features: number;
}
/** A reference layer with its polygons, or null when they could not be loaded. */
interface LoadedRef {
  layer: RefLayer;
  data: FeatureCollection | null;
}

const refLayerId = (l: RefLayer) => `ref-${l.id}`;

/** The reference layers and their polygons; a layer that fails to load is kept with `data: null`. */
async function loadReferenceLayers(): Promise<LoadedRef[]> {
  let list: RefLayer[];
  try {
    list = await api.get<RefLayer[]>('reference-layers');
  } catch (err) {
    console.error(err);
    return [];
  }
  if (!Array.isArray(list)) return [];
  return Promise.all(
    list.map(async (layer) => {
      try {
        const data = await api.get<FeatureCollection>(`reference-layers/${layer.id}`);
        return { layer, data: data && Array.isArray(data.features) ? data : null };
      } catch (err) {
        console.error(err);
        return { layer, data: null };
      }
    }),
  );
}

function buildStyle(data: FeatureCollection, cfg: MapConfig, refs: LoadedRef[], visible: (l: RefLayer) => boolean): StyleSpecification {
  const style = baseStyle(cfg, { sectors: { type: 'geojson', data: data as unknown as string } });
  // Reference layers: thin grey outlines under the sectors (no labels: the map has no glyphs).
  for (const r of refs) {
    if (!r.data) continue;
    const id = refLayerId(r.layer);
    style.sources[id] = { type: 'geojson', data: r.data as unknown as string };
    style.layers.push({
      id,
      type: 'line',
      source: id,
      layout: { visibility: visible(r.layer) ? 'visible' : 'none' },
      paint: { 'line-color': '#6a6a6a', 'line-width': 1 },
    });
  }
  style.layers.push(
    { id: 'sectors-fill', type: 'fill', source: 'sectors', paint: { 'fill-color': '#000091', 'fill-opacity': 0.18 } },
    { id: 'sectors-line', type: 'line', source: 'sectors', paint: { 'line-color': '#000091', 'line-width': 2 } },
  );
  return style;
}

export async function renderTerritory(root: HTMLElement): Promise<string> {
  const title = t('territory.title');
  root.append(pageHeader(title), h('p', {}, t('territory.intro')));

  const hintId = uid('map-hint');
  // MapLibre gives its canvas role=region + the aria-label below ('Map.Title'); the hint describes it.
  const mapEl = h('div', { class: 'map', id: 'sector-map' });
  const listSection = h('section', { class: 'card sector-list', 'aria-labelledby': 'sector-list-title' });
  const projectsSection = h('section', { class: 'card sector-projects', 'aria-labelledby': 'projects-title' });
  // Legend of the reference layers (empty when the server has none), and the renaming of a sector.
  const refSlot = h('div', {});
  const sectorEditSlot = h('div', {});
  // Resolved once the map's style is loaded (null if the map cannot be shown): the drawing adds its layers then.
  let resolveMapLoaded: (m: MlMap | null) => void = () => {};
  const mapLoaded = new Promise<MlMap | null>((resolve) => (resolveMapLoaded = resolve));
  const drawer = canEdit() ? sectorDrawer({ map: mapLoaded, mapEl, reload: () => refresh() }) : null;
  root.append(
    h(
      'div',
      { class: 'territory-layout' },
      h('div', { class: 'map-col' }, h('p', { class: 'hint', id: hintId }, t('territory.mapHint')), mapEl, refSlot),
      h('div', { class: 'side-col' }, drawer?.element, listSection, sectorEditSlot, canEdit() ? importForm(() => void refresh()) : null),
    ),
    projectsSection,
  );
  const orgsPromise = api.get<Organisation[]>('organisations').catch(() => [] as Organisation[]);

  /** The sector whose projects are shown (chosen in the list or on the map). */
  let selected: { id: number; name: string } | null = null;

  let map: MlMap | null = null;
  let labels: { remove: () => void }[] = [];
  let ml: typeof import('maplibre-gl') | null = null;

  // Sector names as HTML labels (no glyphs / fonts needed: works offline). Hidden from
  // assistive technologies: the list beside the map carries the same information.
  const drawLabels = (data: FeatureCollection) => {
    for (const m of labels) m.remove();
    labels = [];
    if (!map || !ml) return;
    for (const f of data.features) {
      const b = bboxOf([f]);
      if (!b || !f.properties?.name) continue;
      const el = h('div', { class: 'sector-label', 'aria-hidden': 'true' }, f.properties.name);
      labels.push(new ml.Marker({ element: el }).setLngLat([(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]).addTo(map));
    }
  };
  const cfgPromise = loadConfig();
  const refsPromise = loadReferenceLayers();
  let refs: LoadedRef[] = [];
  /** Visibility chosen in the legend, by reference layer id (shown by default). */
  const refVisible = new Map<number, boolean>();
  const isRefVisible = (l: RefLayer) => refVisible.get(l.id) ?? true;
  const refBbox = () => bboxOf(refs.flatMap((r) => (r.data && isRefVisible(r.layer) ? r.data.features : [])));

  void refsPromise.then((r) => {
    refs = r;
    renderLegend();
  });
  const renderLegend = () => {
    clear(refSlot);
    if (!refs.length) return;
    refSlot.append(
      h(
        'fieldset',
        { class: 'card ref-legend' },
        h('legend', {}, t('territory.refLayers')),
        h('p', { class: 'hint' }, t('territory.refLayersHint')),
        h(
          'ul',
          { class: 'ref-layers' },
          refs.map((r) => {
            const id = uid('ref-layer');
            const input = h('input', { type: 'checkbox', id, checked: isRefVisible(r.layer), disabled: !r.data });
            input.addEventListener('change', () => {
              refVisible.set(r.layer.id, input.checked);
              if (map && styleLoaded && map.getLayer(refLayerId(r.layer))) {
                map.setLayoutProperty(refLayerId(r.layer), 'visibility', input.checked ? 'visible' : 'none');
              }
            });
            return h(
              'li',
              {},
              input,
              h('span', { class: 'ref-swatch', 'aria-hidden': 'true' }),
              h(
                'label',
                { for: id },
                `${r.layer.name} (${r.layer.features})`,
                r.data ? null : h('span', { class: 'muted' }, ` — ${t('territory.refLayerFailed')}`),
              ),
            );
          }),
        ),
      ),
    );
  };

  const fit = (b: Bbox | null) => {
    if (!map || !b) return;
    map.fitBounds(
      [
        [b[0], b[1]],
        [b[2], b[3]],
      ] as LngLatBoundsLike,
      { padding: 40, maxZoom: 15, duration: 0 },
    );
  };

  let latest: FeatureCollection = { type: 'FeatureCollection', features: [] };
  let mapReady: Promise<void> | null = null;
  let styleLoaded = false;

  const showLatest = () => {
    if (!map || !styleLoaded) return;
    const src = map.getSource('sectors') as { setData?: (d: unknown) => void } | undefined;
    src?.setData?.(latest);
    drawLabels(latest);
    // Without any sector, the map shows the reference layers (communes...) rather than the default centre.
    fit(bboxOf(latest.features) ?? refBbox());
  };

  async function createMap(): Promise<void> {
    try {
      const [lib, cfg, , loadedRefs] = await Promise.all([
        import('maplibre-gl'),
        cfgPromise,
        import('maplibre-gl/dist/maplibre-gl.css'),
        refsPromise,
      ]);
      refs = loadedRefs;
      ml = lib;
      ml.setWorkerUrl(workerUrl);
      map = new ml.Map({
        container: mapEl,
        style: buildStyle(latest, cfg, refs, isRefVisible),
        center: [2.45, 48.91], // Seine-Saint-Denis, when there is no sector yet
        zoom: 9,
        attributionControl: cfg.basemap ? { compact: true } : false,
        locale: mapLocale(t('territory.map')),
      });
      map.getCanvas().setAttribute('aria-describedby', hintId);
      map.addControl(new ml.NavigationControl({ showCompass: false }), 'top-right');
      map.addControl(new ml.ScaleControl({ unit: 'metric' }), 'bottom-left');
      map.on('load', () => {
        styleLoaded = true;
        showLatest();
        resolveMapLoaded(map);
      });
      map.on('click', 'sectors-fill', (e) => {
        if (drawer?.active()) return; // a click while drawing places a corner, it does not choose a sector
        const p = e.features?.[0]?.properties as SectorProps | undefined;
        if (!p || !map || !ml) return;
        new ml.Popup({ closeButton: true })
          .setLngLat(e.lngLat)
          .setDOMContent(h('div', {}, h('strong', {}, p.name), p.description ? h('p', {}, p.description) : null))
          .addTo(map);
        if (p.id != null && Number(p.id) !== selected?.id) {
          select({ id: Number(p.id), name: String(p.name ?? '') }, false);
          announce(t('territory.selected', { name: String(p.name ?? '') }));
        }
      });
      map.on('mouseenter', 'sectors-fill', () => {
        if (map && !drawer?.active()) map.getCanvas().style.cursor = 'pointer';
      });
      map.on('mouseleave', 'sectors-fill', () => {
        if (map && !drawer?.active()) map.getCanvas().style.cursor = '';
      });
    } catch (err) {
      console.error(err);
      map = null;
      resolveMapLoaded(null);
      clear(mapEl);
      mapEl.classList.add('map-unavailable');
      mapEl.append(h('p', { role: 'note' }, t('territory.mapUnavailable')));
    }
  }

  /** Create the map once (concurrent callers share the same promise), then show the latest data. */
  async function ensureMap(data: FeatureCollection): Promise<void> {
    latest = data;
    mapReady ??= createMap();
    await mapReady;
    showLatest();
  }

  async function refresh(): Promise<void> {
    let data: FeatureCollection;
    try {
      data = await api.get<FeatureCollection>('sectors');
    } catch (err) {
      loadError(listSection, err);
      return;
    }
    if (!data || !Array.isArray(data.features)) data = { type: 'FeatureCollection', features: [] };
    listed = data;
    if (selected && !data.features.some((f) => sectorId(f) === selected?.id)) selected = null;
    renderList(data);
    if (!selected) void renderProjects(false);
    await ensureMap(data);
  }

  let listed: FeatureCollection = { type: 'FeatureCollection', features: [] };
  const sectorId = (f: Feature): number => Number(f.properties?.id ?? f.id);

  /** Show the projects of a sector; `focus` moves the focus to their heading (choice made in the list). */
  function select(sector: { id: number; name: string }, focus: boolean): void {
    selected = sector;
    renderList(listed);
    void renderProjects(focus);
  }

  async function renderProjects(focus: boolean): Promise<void> {
    clear(projectsSection);
    const sel = selected;
    if (!sel) {
      projectsSection.append(
        h('h2', { id: 'projects-title', tabindex: -1 }, t('territory.projectsTitle')),
        h('p', { class: 'hint' }, t('territory.projectsPick')),
      );
      return;
    }
    const heading = h('h2', { id: 'projects-title', tabindex: -1 }, t('territory.projects', { name: sel.name }));
    const body = h('div', {}, h('p', {}, t('app.loading')));
    projectsSection.append(heading, body);
    if (focus) heading.focus();
    let projects: SectorProject[];
    let orgs: Organisation[];
    try {
      [projects, orgs] = await Promise.all([api.get<SectorProject[]>(`sectors/${sel.id}/projects`), orgsPromise]);
    } catch (err) {
      if (selected === sel) loadError(body, err);
      return;
    }
    if (selected !== sel) return; // another sector was chosen meanwhile
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    clear(body);
    const columns: Column<SectorProject>[] = [
      { label: t('common.title'), cell: (p: SectorProject) => p.title, header: true },
      {
        label: t('common.status'),
        cell: (p: SectorProject) => h('span', { class: `badge projectstatus-${p.status}` }, tv('projectstatus', p.status)),
      },
      { label: t('common.direction'), cell: (p: SectorProject) => p.direction || '—' },
      {
        label: t('territory.partner'),
        cell: (p: SectorProject) => (p.partner_id == null ? '—' : (orgName.get(p.partner_id) ?? `#${p.partner_id}`)),
      },
      { label: t('territory.horizon'), cell: (p: SectorProject) => p.horizon || '—' },
    ];
    // The correction of one project opens below the table.
    const editSlot = h('div', {});
    if (canEdit()) {
      columns.push({
        label: t('common.actions'),
        cell: (p: SectorProject) =>
          editDeleteTools({
            editLabel: t('territory.editProject', { name: p.title }),
            deleteLabel: t('territory.deleteProject', { name: p.title }),
            editId: projectEditId(p),
            onEdit: () => openProjectEditor(sel, p, orgs, editSlot),
            onDelete: () => void removeProject(sel, p),
          }),
      });
    }
    body.append(
      table(t('territory.projects', { name: sel.name }), columns, projects, {
        captionHidden: true,
        emptyText: t('territory.projectsNone'),
      }),
      editSlot,
    );
    if (canEdit()) body.append(projectForm(sel, orgs));
    body.append(directionsSummary(projects), await commitmentsOf(sel.id, orgName));
  }

  const projectEditId = (p: SectorProject) => `project-edit-${p.id}`;

  function openProjectEditor(sel: { id: number; name: string }, p: SectorProject, orgs: Organisation[], slot: HTMLElement): void {
    clear(slot);
    const label = t('territory.editProject', { name: p.title });
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': label },
      ...projectFields(p, orgs),
      h(
        'div',
        { class: 'form-actions span-all' },
        h('button', { type: 'submit', class: 'btn' }, t('form.save')),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary',
            onclick: () => {
              clear(slot);
              focusId(projectEditId(p));
            },
          },
          t('form.cancel'),
        ),
      ),
    );
    onSubmit(form, async (fd) => {
      const body = projectBody(fd);
      await api.put(`sector-projects/${p.id}`, body);
      if (selected === sel) await renderProjects(false);
      announce(t('territory.projectUpdated', { name: String(body.title) }));
      focusId(projectEditId(p));
    });
    slot.append(h('div', { class: 'subform' }, h('h3', { id: 'project-edit-title', tabindex: -1 }, label), form));
    document.getElementById('project-edit-title')?.focus();
  }

  async function removeProject(sel: { id: number; name: string }, p: SectorProject): Promise<void> {
    if (!(await confirmDelete({ name: p.title, path: `sector-projects/${p.id}` }))) return;
    if (selected === sel) await renderProjects(false);
    announce(t('territory.projectDeleted', { name: p.title }));
    focusId('projects-title');
  }

  function projectForm(sel: { id: number; name: string }, orgs: Organisation[]): HTMLElement {
    const label = t('territory.newProject', { name: sel.name });
    const form = h(
      'form',
      { class: 'form-grid', 'aria-label': label },
      ...projectFields(null, orgs),
      h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('territory.addProject'))),
    );
    onSubmit(form, async (fd) => {
      await api.post<SectorProject>(`sectors/${sel.id}/projects`, projectBody(fd));
      announce(t('territory.projectAdded'));
      if (selected === sel) await renderProjects(true);
    });
    return h('div', { class: 'subform' }, h('h3', {}, label), form);
  }

  function renderList(data: FeatureCollection): void {
    clear(listSection);
    const features = [...data.features].sort((a, b) => (a.properties?.name ?? '').localeCompare(b.properties?.name ?? ''));
    listSection.append(h('h2', { id: 'sector-list-title', tabindex: -1 }, t('territory.list', { n: features.length })));
    if (!features.length) {
      listSection.append(h('p', { class: 'empty' }, t('territory.none')));
      return;
    }
    listSection.append(
      h(
        'ul',
        { class: 'sectors' },
        features.map((f) => {
          const p = f.properties ?? { id: Number(f.id), name: String(f.id ?? '') };
          const sid = p.id ?? f.id;
          const isSelected = selected?.id === sectorId(f);
          return h(
            'li',
            { class: isSelected ? 'selected' : null },
            h('span', { class: 'sector-name' }, p.name),
            p.description ? h('span', { class: 'muted block' }, p.description) : null,
            h(
              'div',
              { class: 'row-actions' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  'aria-pressed': isSelected ? 'true' : 'false',
                  'aria-label': `${t('territory.showProjects')} : ${p.name}`,
                  onclick: () => select({ id: sectorId(f), name: p.name }, true),
                },
                t('territory.showProjects'),
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small btn-secondary',
                  'aria-label': `${t('territory.zoomTo')} : ${p.name}`,
                  onclick: () => {
                    fit(bboxOf([f]));
                  },
                },
                t('territory.zoomTo'),
              ),
              canEdit()
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small btn-secondary',
                      id: sectorRenameId(sectorId(f)),
                      'aria-label': t('territory.renameSector', { name: p.name }),
                      onclick: () => openSectorEditor({ id: sectorId(f), name: p.name, description: p.description ?? '' }),
                    },
                    t('territory.rename'),
                  )
                : null,
              canEdit()
                ? h(
                    'button',
                    {
                      type: 'button',
                      class: 'btn btn-small btn-danger',
                      'aria-label': `${t('form.delete')} : ${p.name}`,
                      onclick: async () => {
                        if (!window.confirm(t('form.confirmDelete', { name: p.name }))) return;
                        try {
                          await api.del(`sectors/${sid}`);
                          if (sectorEditSlot.querySelector(`[data-id="${sectorId(f)}"]`)) clear(sectorEditSlot);
                          await refresh();
                          announce(t('form.deleted'));
                          document.getElementById('sector-list-title')?.focus();
                        } catch (err) {
                          announce(errorMessage(err), 'error');
                        }
                      },
                    },
                    t('form.delete'),
                  )
                : null,
            ),
          );
        }),
      ),
    );
  }

  const sectorRenameId = (id: number) => `sector-rename-${id}`;

  function openSectorEditor(sector: { id: number; name: string; description: string }): void {
    clear(sectorEditSlot);
    const label = t('territory.renameSector', { name: sector.name });
    const form = h(
      'form',
      { 'aria-label': label },
      field({ name: 'name', label: t('territory.drawName'), required: true, value: sector.name, attrs: { maxlength: 200 } }),
      field({ name: 'description', label: t('common.description'), textarea: true, value: sector.description }),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'btn' }, t('form.save')),
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-secondary',
            onclick: () => {
              clear(sectorEditSlot);
              focusId(sectorRenameId(sector.id));
            },
          },
          t('form.cancel'),
        ),
      ),
    );
    onSubmit(form, async (fd) => {
      const name = str(fd, 'name');
      await api.put(`sectors/${sector.id}`, { name, description: str(fd, 'description') });
      clear(sectorEditSlot);
      if (selected?.id === sector.id) selected = { id: sector.id, name };
      await refresh();
      if (selected?.id === sector.id) await renderProjects(false);
      announce(t('territory.sectorRenamed', { name }));
      focusId(sectorRenameId(sector.id));
    });
    sectorEditSlot.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sector-edit-title', 'data-id': sector.id },
        h('h2', { id: 'sector-edit-title', tabindex: -1 }, label),
        form,
      ),
    );
    document.getElementById('sector-edit-title')?.focus();
  }

  await refresh();
  return title;
}

/** The fields of a sector project (the partner among `orgs`). */
function projectFormFields(orgs: Organisation[]): FormField<SectorProject>[] {
  const partners = () => [...orgs].sort((a, b) => a.name.localeCompare(b.name)).map((o) => ({ value: String(o.id), label: o.name }));
  return [
    { name: 'title', label: t('common.title'), span: 'span-2' },
    { name: 'status', label: t('common.status'), initial: 'idee' },
    { name: 'direction', label: t('common.direction') },
    { name: 'partner_id', label: t('territory.partner'), options: partners },
    { name: 'horizon', label: t('territory.horizon'), hint: t('territory.horizonHint') },
  ];
}

/** The fields of a sector project, empty (creation) or filled with `p` (correction). */
function projectFields(p: SectorProject | null, orgs: Organisation[]): HTMLElement[] {
  return recordFields(RECORDS.sector_project, projectFormFields(orgs), p, true);
}

/** "Projects by direction": which directions carry the sector's projects, and how many. */
function directionsSummary(projects: SectorProject[]): HTMLElement {
  const count = new Map<string, number>();
  for (const p of projects)
    count.set(p.direction || t('territory.noDirection'), (count.get(p.direction || t('territory.noDirection')) ?? 0) + 1);
  const items = [...count].sort((a, b) => a[0].localeCompare(b[0]));
  return h(
    'div',
    { class: 'sector-directions' },
    h('h3', {}, t('territory.byDirection')),
    items.length
      ? h('ul', {}, ...items.map(([d, n]) => h('li', {}, t('territory.directionProjects', { direction: d, n }))))
      : h('p', { class: 'empty' }, '—'),
  );
}

interface SectorCommitments {
  framework_document_id: number;
  title: string;
  kind: string;
  adopted_on: string | null;
  commitments: { id: number; text: string; partner_id: number | null }[];
}

/** What each framework document says for the sector (the commitments the user may see). */
async function commitmentsOf(sector: number, orgName: Map<number, string>): Promise<HTMLElement> {
  const box = h('div', { class: 'sector-framework' }, h('h3', { id: `framework-${sector}` }, t('territory.framework')));
  try {
    const docs = await api.get<SectorCommitments[]>(`sectors/${sector}/commitments`);
    if (docs.length === 0) box.append(h('p', { class: 'empty' }, t('territory.frameworkNone')));
    for (const d of docs) {
      box.append(
        h('h4', {}, `${d.title} (${tv('frameworkkind', d.kind)})`),
        h(
          'ul',
          {},
          ...d.commitments.map((c) =>
            h(
              'li',
              {},
              c.text,
              c.partner_id != null ? h('span', { class: 'muted' }, ` — ${orgName.get(c.partner_id) ?? `#${c.partner_id}`}`) : null,
            ),
          ),
        ),
      );
    }
  } catch (err) {
    loadError(box, err);
  }
  return box;
}

function projectBody(fd: FormData) {
  return recordBody(RECORDS.sector_project, projectFormFields([]), fd);
}

function importForm(onDone: () => void): HTMLElement {
  const id = uid('geojson');
  const hintId = `${id}-hint`;
  const form = h(
    'form',
    {},
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, t('territory.file')),
      h('p', { class: 'hint', id: hintId }, t('territory.fileHint')),
      h('input', {
        type: 'file',
        id,
        name: 'file',
        accept: '.geojson,.json,.gpkg,.kml,.gml,application/geo+json,application/json',
        'aria-describedby': hintId,
        required: true,
      }),
    ),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('territory.importBtn'))),
  );
  onSubmit(form, async (fd) => {
    const file = fd.get('file');
    if (!(file instanceof File) || file.size === 0) throw new ApiError(400, 'no_file', t('territory.noFile'), 'file');
    // GeoPackage, KML, GML: the server reads them with GDAL (and reprojects from their declared CRS).
    if (/\.(gpkg|kml|gml)$/i.test(file.name)) {
      const res = await api.post<{ created: number }>('sectors/import-file', { name: file.name, content_base64: await fileAsBase64(file) });
      form.reset();
      announce(t('territory.imported', { n: res?.created ?? 0 }));
      onDone();
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(await file.text());
      const type = (body as { type?: string }).type;
      if (type !== 'Feature' && type !== 'FeatureCollection') throw new Error('type ≠ Feature / FeatureCollection');
    } catch (e) {
      throw new ApiError(400, 'bad_geojson', t('territory.badFile', { message: e instanceof Error ? e.message : String(e) }), 'file');
    }
    const res = await api.post<{ created: number }>('sectors', body);
    form.reset();
    announce(t('territory.imported', { n: res?.created ?? 0 }));
    onDone();
  });
  return h('section', { class: 'card', 'aria-labelledby': 'import-title' }, h('h2', { id: 'import-title' }, t('territory.import')), form);
}
