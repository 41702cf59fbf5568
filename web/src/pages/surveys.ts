// Mobility-needs surveys: the surveys (their GDPR purpose and retention), the saved column mappings
// of the form tools' exports, the import of an export, the tabulation by public or commune under
// statistical secrecy (no figure for fewer than 11 respondents) with its XLSX export, the free-text
// answers for the survey's owner, the erasure of the answers.
import { ApiError, api, getSession, MAX_FILE_BYTES, type Survey, type SurveyMapping } from '../api';
import { fileAsBase64 } from '../files';
import { crudSection } from '../crud';
import { clear, h } from '../dom';
import { date, number } from '../format';
import { RECORDS } from '../generated/records';
import { t } from '../i18n';
import { announce, type Column, downloadLink, errorMessage, loadError, onSubmit, pageHeader, table } from '../ui';
import { drawSurveyMap, mapLegend, type SurveyMap } from './surveys-map';

interface Tabulation {
  threshold: number;
  respondents: number | null;
  values: string[];
  groups: { group: string; secret: boolean; respondents: number | null; counts: Record<string, number> | null }[];
}

interface CrossTab {
  threshold: number;
  publics: string[];
  communes: string[];
  /** One row per public then the totals' row; each row ends with its total; null: secret. */
  rows: (number | null)[][];
}

interface ImportResult {
  imported: number;
  communes: { resolved: number; unresolved: number; outside: number; unknown: string[] } | null;
}

/** The public x commune table: the figures, or "secret" where they are withheld. */
function crossTable(x: CrossTab, secret: string, value: string): HTMLElement {
  const last = x.communes.length;
  const figure = (n: number | null) => (n == null ? h('span', { class: 'secret' }, secret) : number(n));
  const columns: Column<number>[] = [
    { label: t('surveys.public'), header: true, cell: (r) => (r < x.publics.length ? x.publics[r] : t('surveys.totalRow')) },
    ...x.communes.map((c, i) => ({ label: c, cell: (r: number) => figure(x.rows[r][i]), numeric: true })),
    { label: t('surveys.totalRow'), cell: (r) => figure(x.rows[r][last]), numeric: true },
  ];
  const caption = value ? t('surveys.crossTableValue', { value }) : t('surveys.crossTable');
  return table(caption, columns, [...x.rows.keys()], { scrollable: true });
}

export async function renderSurveys(root: HTMLElement): Promise<string> {
  const title = t('surveys.title');
  const partner = getSession()?.role === 'partenaire';
  root.append(pageHeader(title), h('p', {}, t('surveys.intro')), h('p', { class: 'notice' }, t('surveys.secrecy')));
  const surveysCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'surveys-list' },
    h('h2', { id: 'surveys-list' }, t('surveys.list')),
  );
  const mappingsCard = h(
    'section',
    { class: 'card', 'aria-labelledby': 'mappings-title' },
    h('h2', { id: 'mappings-title' }, t('surveys.mappings')),
  );
  const workCard = h('section', { class: 'card', 'aria-labelledby': 'survey-work' });
  root.append(surveysCard, mappingsCard, workCard);
  let surveys: Survey[] = [];
  let mappings: SurveyMapping[] = [];
  let ready = false;

  async function renderWork(): Promise<void> {
    clear(workCard);
    workCard.append(h('h2', { id: 'survey-work' }, t('surveys.results')));
    if (partner) {
      workCard.append(h('p', {}, t('surveys.notForPartners')));
      return;
    }
    if (surveys.length === 0) {
      workCard.append(h('p', { class: 'empty' }, t('surveys.none')));
      return;
    }
    const pick = h('select', { id: 'survey-pick' }, ...surveys.map((s) => h('option', { value: String(s.id) }, s.title)));
    const by = h(
      'select',
      { id: 'survey-by' },
      h('option', { value: 'public' }, t('surveys.byPublic')),
      h('option', { value: 'commune' }, t('surveys.byCommune')),
    );
    const of = h(
      'select',
      { id: 'survey-of' },
      h('option', { value: 'barriers' }, t('surveys.barriers')),
      h('option', { value: 'purposes' }, t('surveys.purposes')),
      h('option', { value: 'destinations' }, t('surveys.destinations')),
      h('option', { value: 'modes' }, t('surveys.modes')),
    );
    const value = h('select', { id: 'survey-value' });
    const result = h('div', {});
    const crossBox = h('section', { 'aria-labelledby': 'survey-cross' });
    const mapBox = h('section', { 'aria-labelledby': 'survey-map' });
    const importBox = h('div', {});
    workCard.append(
      h(
        'div',
        { class: 'form-grid' },
        h('div', { class: 'field' }, h('label', { for: 'survey-pick' }, t('surveys.survey')), pick),
        h('div', { class: 'field' }, h('label', { for: 'survey-by' }, t('surveys.by')), by),
        h('div', { class: 'field' }, h('label', { for: 'survey-of' }, t('surveys.of')), of),
      ),
      importBox,
      result,
      crossBox,
      mapBox,
    );
    const current = () => surveys.find((s) => String(s.id) === pick.value) ?? surveys[0];

    const renderImport = () => {
      clear(importBox);
      if (mappings.length === 0) {
        importBox.append(h('p', { class: 'hint' }, t('surveys.mappingFirst')));
        return;
      }
      const file = h('input', { type: 'file', id: 'survey-file', name: 'file', accept: '.csv,.xlsx', required: true });
      const mapping = h(
        'select',
        { id: 'survey-mapping', name: 'mapping_id' },
        ...mappings.map((m) => h('option', { value: String(m.id) }, m.name)),
      );
      const form = h(
        'form',
        { class: 'form-grid', 'aria-label': t('surveys.import') },
        h('div', { class: 'field' }, h('label', { for: 'survey-mapping' }, t('surveys.mapping')), mapping),
        h(
          'div',
          { class: 'field span-2' },
          h('label', { for: 'survey-file' }, t('surveys.file')),
          h('p', { class: 'hint' }, t('surveys.fileHint')),
          file,
        ),
        h('div', { class: 'form-actions span-all' }, h('button', { type: 'submit', class: 'btn' }, t('surveys.importButton'))),
      );
      onSubmit(form, async () => {
        const f = file.files?.[0];
        if (!f) return;
        if (f.size > MAX_FILE_BYTES) throw new Error(t('surveys.tooLarge'));
        const r = await api.post<ImportResult>(`surveys/${current().id}/import`, {
          mapping_id: Number(mapping.value),
          file_name: f.name,
          content_base64: await fileAsBase64(f),
        });
        form.reset();
        announce(t('surveys.imported', { n: r.imported }));
        await show();
        // After show(): it clears the result box, and the importer must read which communes were not found.
        const c = r.communes;
        if (c) {
          result.prepend(
            h(
              'p',
              { class: c.unresolved + c.outside ? 'notice' : 'hint', id: 'survey-communes' },
              t('surveys.communesFound', { n: c.resolved, unresolved: c.unresolved, outside: c.outside }),
              c.unknown.length ? ` ${t('surveys.communesUnknown', { names: c.unknown.join(', ') })}` : '',
            ),
          );
        }
      });
      importBox.append(h('h3', {}, t('surveys.import')), form);
    };

    /** The tabulation last shown, whose values the cross-table and the map offer. */
    let shown: Tabulation | null = null;
    const show = async () => {
      clear(result);
      const s = current();
      const query = `by=${by.value}&of=${of.value}`;
      let tab: Tabulation;
      try {
        tab = await api.get<Tabulation>(`surveys/${s.id}/tabulation?${query}`);
      } catch (err) {
        loadError(result, err);
        return;
      }
      const secret = t('surveys.secret', { n: tab.threshold });
      const columns: Column<Tabulation['groups'][number]>[] = [
        { label: by.value === 'public' ? t('surveys.public') : t('surveys.commune'), header: true, cell: (g) => g.group },
        {
          label: t('surveys.respondents'),
          cell: (g) => (g.secret ? h('span', { class: 'secret' }, secret) : number(g.respondents)),
          numeric: true,
        },
        ...tab.values.map((v) => ({
          label: v,
          cell: (g: Tabulation['groups'][number]) =>
            g.secret || !g.counts ? h('span', { class: 'secret' }, secret) : number(g.counts[v] ?? 0),
          numeric: true,
        })),
      ];
      result.append(
        h('p', {}, t('surveys.total', { n: tab.respondents == null ? secret : number(tab.respondents) })),
        table(t('surveys.table'), columns, tab.groups, { scrollable: true }),
        h(
          'ul',
          { class: 'button-list' },
          h('li', {}, downloadLink(`surveys/${s.id}/tabulation.xlsx?${query}`, `enquete-${s.id}.xlsx`, t('surveys.export'))),
          h(
            'li',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-danger',
                onclick: async () => {
                  if (!window.confirm(t('surveys.confirmErase', { name: s.title }))) return;
                  try {
                    const r = await api.del<{ erased: number }>(`surveys/${s.id}/answers`);
                    announce(t('surveys.erased', { n: r?.erased ?? 0 }));
                    await show();
                  } catch (err) {
                    announce(errorMessage(err), 'error');
                  }
                },
              },
              t('surveys.erase'),
            ),
          ),
        ),
      );
      shown = tab;
      await showPlaces(s, tab.values, tab.threshold);
      if (s.created_by === getSession()?.id) {
        const answers = await api.get<{ public: string; free_text: string }[]>(`surveys/${s.id}/free-text`).catch(() => []);
        result.append(
          h('h3', {}, t('surveys.freeText')),
          h('p', { class: 'hint' }, t('surveys.freeTextHint')),
          answers.length
            ? h('ul', {}, ...answers.map((a) => h('li', {}, `${a.free_text} (${a.public})`)))
            : h('p', { class: 'empty' }, '—'),
        );
      }
    };
    /** The cross-tabulation and the map of the chosen value (respondents when none). */
    const showPlaces = async (s: Survey, values: string[], threshold: number) => {
      const chosen = values.includes(value.value) ? value.value : '';
      clear(value);
      value.append(h('option', { value: '' }, t('surveys.allRespondents')), ...values.map((v) => h('option', { value: v }, v)));
      value.value = chosen;
      const query = `of=${of.value}&value=${encodeURIComponent(chosen)}`;
      const secret = t('surveys.secret', { n: threshold });
      clear(crossBox);
      crossBox.append(
        h('h3', { id: 'survey-cross' }, t('surveys.cross')),
        h('div', { class: 'field' }, h('label', { for: 'survey-value' }, t('surveys.value')), value),
      );
      clear(mapBox);
      mapBox.append(h('h3', { id: 'survey-map' }, t('surveys.map')));
      try {
        const x = await api.get<CrossTab>(`surveys/${s.id}/crosstab?${query}`);
        crossBox.append(
          crossTable(x, secret, chosen),
          downloadLink(`surveys/${s.id}/crosstab.xlsx?${query}`, `enquete-${s.id}-croise.xlsx`, t('surveys.exportCross')),
        );
      } catch (err) {
        loadError(crossBox, err);
      }
      let m: SurveyMap;
      try {
        m = await api.get<SurveyMap>(`surveys/${s.id}/map?${query}`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) mapBox.append(h('p', { class: 'hint' }, t('surveys.noCommunes')));
        else loadError(mapBox, err);
        return;
      }
      const byShare = chosen !== '';
      const el = h('div', { class: 'map' });
      mapBox.append(
        h('p', { class: 'hint', id: 'survey-map-hint' }, byShare ? t('surveys.mapShare', { value: chosen }) : t('surveys.mapRespondents')),
        el,
        mapLegend(byShare, m.threshold),
        table(
          t('surveys.mapTable'),
          [
            { label: t('surveys.commune'), header: true, cell: (f) => f.properties.name },
            {
              label: t('surveys.respondents'),
              numeric: true,
              cell: (f) => (f.properties.secret ? h('span', { class: 'secret' }, secret) : number(f.properties.respondents)),
            },
            ...(byShare
              ? [
                  {
                    label: t('surveys.share', { value: chosen }),
                    numeric: true,
                    cell: (f: SurveyMap['features'][number]) =>
                      f.properties.secret
                        ? h('span', { class: 'secret' }, secret)
                        : f.properties.share == null
                          ? '—'
                          : `${number(f.properties.count ?? 0)} (${Math.round(f.properties.share * 100)} %)`,
                  },
                ]
              : []),
          ],
          // By name, as officials look a commune up; the map keeps the file's order.
          [...m.features].sort((a, b) => a.properties.name.localeCompare(b.properties.name, 'fr')),
          { scrollable: true },
        ),
      );
      await drawSurveyMap(el, m, byShare, 'survey-map-hint');
    };

    for (const control of [pick, by, of]) control.addEventListener('change', () => void show());
    // Only the cross-table and the map count the chosen value: the tabulation stays as it is.
    value.addEventListener('change', () => {
      if (shown) void showPlaces(current(), shown.values, shown.threshold);
    });
    renderImport();
    await show();
  }

  await crudSection<Survey>(surveysCard, {
    spec: RECORDS.survey,
    idPrefix: 'survey',
    caption: t('surveys.list'),
    fields: [
      { name: 'title', label: t('common.title'), span: 'span-2' },
      { name: 'retention_until', label: t('surveys.retention'), hint: t('surveys.retentionHint') },
      { name: 'purpose', label: t('surveys.purpose'), hint: t('surveys.purposeHint'), textarea: true, span: 'span-all' },
    ],
    columns: [
      { label: t('common.title'), header: true, cell: (s) => s.title },
      { label: t('surveys.purpose'), cell: (s) => s.purpose },
      { label: t('surveys.retention'), cell: (s) => date(s.retention_until) },
    ],
    name: (s) => s.title,
    messages: 'surveys',
    afterLoad: async (rows) => {
      surveys = rows;
      if (ready) await renderWork();
    },
  });
  await crudSection<SurveyMapping>(mappingsCard, {
    spec: RECORDS.survey_mapping,
    idPrefix: 'mapping',
    caption: t('surveys.mappings'),
    fields: [
      { name: 'name', label: t('common.name') },
      { name: 'tool', label: t('surveys.tool'), initial: 'limesurvey' },
      { name: 'separator', label: t('surveys.separator'), hint: t('surveys.separatorHint'), initial: ';' },
      { name: 'public_column', label: t('surveys.publicColumn') },
      { name: 'commune_column', label: t('surveys.communeColumn') },
      { name: 'barriers_column', label: t('surveys.barriersColumn') },
      { name: 'purposes_column', label: t('surveys.purposesColumn') },
      { name: 'destinations_column', label: t('surveys.destinationsColumn'), hint: t('surveys.destinationsHint') },
      { name: 'modes_column', label: t('surveys.modesColumn') },
      { name: 'free_text_column', label: t('surveys.freeTextColumn') },
      { name: 'longitude_column', label: t('surveys.longitudeColumn'), hint: t('surveys.coordinatesHint') },
      { name: 'latitude_column', label: t('surveys.latitudeColumn') },
      { name: 'encoding', label: t('surveys.encoding'), hint: t('surveys.encodingHint'), initial: 'utf-8' },
    ],
    columns: [
      { label: t('common.name'), header: true, cell: (m) => m.name },
      { label: t('surveys.publicColumn'), cell: (m) => m.public_column },
      { label: t('surveys.communeColumn'), cell: (m) => m.commune_column },
      { label: t('surveys.barriersColumn'), cell: (m) => m.barriers_column },
    ],
    name: (m) => m.name,
    messages: 'mappings',
    afterLoad: async (rows) => {
      mappings = rows;
      if (ready) await renderWork();
    },
  });
  ready = true;
  await renderWork();
  return title;
}
