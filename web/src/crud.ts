// The list / create / correct / delete building block of the record types the server describes
// (generated/records.ts): a table with "Modifier" and "Supprimer" on each row, the correction below
// it, the creation form after it. The fields' kinds, bounds and closed lists come from the
// description; a page gives the labels, the columns and what differs.
import { api, canEdit } from './api';
import { type Child, clear, h } from './dom';
import { confirmDelete, editDeleteTools, focusId } from './edit';
import { dateInput } from './format';
import type { FieldSpec, RecordSpec } from './generated/records';
import { type Key, t, tv } from './i18n';
import { announce, type Column, field, loadError, nullableDate, nullableNum, num, onSubmit, str, table } from './ui';

interface Row {
  id: number;
}

/** How a field of the description shows in a form. */
export interface FormField<T> {
  name: keyof T & string;
  label: string;
  hint?: string;
  /** placement in the form's grid */
  span?: 'span-2' | 'span-all';
  textarea?: boolean;
  /** an input type other than the description's (tel) */
  inputType?: string;
  /** reference fields: the rows to choose from (after "none"); a row's own value is kept even if absent */
  options?: () => { value: string; label: string }[];
  /** the value of a new record */
  initial?: string | number;
  attrs?: Record<string, string | number | boolean>;
}

function specOf(spec: RecordSpec, name: string): FieldSpec {
  const f = spec.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name} in the description`);
  return f;
}

function controlFor<T>(spec: FieldSpec, f: FormField<T>, value: unknown): HTMLElement {
  const text = value == null ? undefined : String(value);
  const common = { name: f.name, label: f.label, hint: f.hint, required: spec.required };
  switch (spec.type) {
    case 'choice':
      return field({
        ...common,
        value: text ?? f.initial,
        options: (spec.choices ?? []).map((v) => ({ value: v, label: tv(spec.i18n ?? '', v) })),
      });
    case 'reference': {
      const options = f.options?.() ?? [];
      if (text != null && !options.some((o) => o.value === text)) options.push({ value: text, label: `#${text}` });
      return field({ ...common, value: text ?? '', options: [{ value: '', label: t('form.none') }, ...options] });
    }
    case 'date':
      return field({ ...common, type: 'date', value: dateInput(text) });
    // Not `required`: an empty amount is 0, an empty whole number the description's default (a
    // creation form's reset empties them).
    case 'amount':
      return field({
        ...common,
        type: 'number',
        value: text ?? f.initial ?? 0,
        attrs: { min: 0, step: '0.01', inputmode: 'decimal', ...f.attrs },
      });
    case 'integer':
      return field({
        ...common,
        type: 'number',
        value: text ?? f.initial ?? spec.min,
        attrs: { min: spec.min ?? 0, max: spec.max ?? 0, step: 1, ...f.attrs },
      });
    case 'real':
      return field({ ...common, type: 'number', value: text, attrs: { step: 'any', inputmode: 'decimal', ...f.attrs } });
    default:
      return field({
        ...common,
        type: f.inputType ?? (spec.type === 'email' ? 'email' : undefined),
        textarea: f.textarea,
        value: text ?? f.initial,
        attrs: { maxlength: spec.maxLength, ...f.attrs },
      });
  }
}

export interface FormOptions {
  label: string;
  submitLabel: string;
  onCancel?: () => void;
  /** "Les champs marqués * sont obligatoires" above a long form */
  requiredHint?: boolean;
  /** controls after the fields, for what the description does not hold */
  extra?: Child[];
}

/** The controls of a record's fields as `fields` lists them, empty (creation) or filled with `row`. */
export function recordFields<T>(spec: RecordSpec, fields: FormField<T>[], row: T | null, requiredHint = false): HTMLElement[] {
  return [
    ...(requiredHint ? [h('p', { class: 'hint span-all' }, t('form.requiredHint'))] : []),
    ...fields.map((f) => {
      const control = controlFor(specOf(spec, f.name), f, row ? row[f.name] : undefined);
      return f.span ? h('div', { class: f.span }, control) : control;
    }),
  ];
}

/** The form of a record: its fields, then "Créer" or "Enregistrer" (and "Annuler"). */
export function recordForm<T>(spec: RecordSpec, fields: FormField<T>[], row: T | null, o: FormOptions): HTMLFormElement {
  return h(
    'form',
    { class: 'form-grid', 'aria-label': o.label },
    ...recordFields(spec, fields, row, o.requiredHint),
    ...(o.extra ?? []),
    h(
      'div',
      { class: 'form-actions span-all' },
      h('button', { type: 'submit', class: 'btn' }, o.submitLabel),
      o.onCancel ? h('button', { type: 'button', class: 'btn btn-secondary', onclick: o.onCancel }, t('form.cancel')) : null,
    ),
  );
}

/** The JSON body of a record from its form: each field read as its kind says. */
export function recordBody<T>(spec: RecordSpec, fields: FormField<T>[], fd: FormData): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const { name } of fields) {
    switch (specOf(spec, name).type) {
      case 'date':
        body[name] = nullableDate(fd, name);
        break;
      case 'amount':
        body[name] = num(fd, name);
        break;
      case 'integer':
      case 'position':
        if (str(fd, name) !== '') body[name] = num(fd, name);
        break;
      case 'real':
        body[name] = nullableNum(fd, name);
        break;
      case 'reference': {
        const v = str(fd, name);
        body[name] = v === '' ? null : Number(v);
        break;
      }
      default:
        body[name] = str(fd, name);
    }
  }
  return body;
}

/**
 * The prefix of a record type's messages in i18n.ts: `<prefix>.new`, `.created`, `.updated`,
 * `.deleted`, `.edit` and `.delete` (with {name}); `.inUse` (why a deletion is refused, 409) and
 * `.confirmDelete` (the question before it) are used when present. tsc refuses a prefix without
 * the six keys.
 */
export type MessagePrefix = {
  [K in Key]: K extends `${infer P}.deleted`
    ? `${P}.${'new' | 'created' | 'updated' | 'edit' | 'delete'}` extends Key
      ? P
      : never
    : never;
}[Key];

function message(prefix: MessagePrefix, what: string, name?: string): string | undefined {
  const key = `${prefix}.${what}` as Key;
  return t(key) === key ? undefined : t(key, name === undefined ? {} : { name });
}

export interface CrudOptions<T extends Row> {
  spec: RecordSpec;
  /** prefix of the ids: `${idPrefix}-edit` and `${idPrefix}-new` (headings), `${idPrefix}-edit-${id}` (buttons) */
  idPrefix: string;
  /** the table's (hidden) caption */
  caption: string;
  fields: FormField<T>[];
  columns: Column<T>[];
  /** where the row tools go among the columns (default: last) */
  toolsAt?: number;
  name: (row: T) => string;
  messages: MessagePrefix;
  sort?: (a: T, b: T) => number;
  scrollable?: boolean;
  requiredHint?: boolean;
  /** after each load, with the rows (partners: their contacts) */
  afterLoad?: (rows: T[]) => Promise<void>;
  /** placed between the correction and the creation form */
  between?: Child;
  /** the parent row (the `:id` of spec.parentPath) of a type listed under a parent */
  parentId?: number;
  /** what a form holds beyond the description's fields (a document's parties): its controls, filled
   * from `row` (null: a creation), and their part of the body */
  extra?: { controls: (row: T | null) => Child[]; body: (fd: FormData) => Record<string, unknown> };
}

/**
 * A record type's list with its correction and creation forms, appended to `root`. Read-only
 * accounts get the list alone.
 */
export async function crudSection<T extends Row>(root: HTMLElement, o: CrudOptions<T>): Promise<{ refresh: () => Promise<void> }> {
  const list = h('div', {}, h('p', {}, t('app.loading')));
  // The correction of one record opens here, below the list.
  const editSlot = h('div', {});
  root.append(list, editSlot);
  if (o.between) root.append(h('div', {}, o.between));
  const editable = canEdit();
  const collection = o.spec.parentPath && o.parentId != null ? o.spec.parentPath.replace(':id', String(o.parentId)) : o.spec.path;
  const editId = (row: T) => `${o.idPrefix}-edit-${row.id}`;
  const body = (fd: FormData) => ({ ...recordBody(o.spec, o.fields, fd), ...o.extra?.body(fd) });
  const headingId = `${o.idPrefix}-edit`;

  const openEditor = (row: T) => {
    clear(editSlot);
    const label = message(o.messages, 'edit', o.name(row)) ?? '';
    const form = recordForm(o.spec, o.fields, row, {
      label,
      submitLabel: t('form.save'),
      requiredHint: o.requiredHint,
      extra: o.extra?.controls(row),
      onCancel: () => {
        clear(editSlot);
        focusId(editId(row));
      },
    });
    onSubmit(form, async (fd) => {
      await api.put(`${o.spec.path}/${row.id}`, body(fd));
      clear(editSlot);
      await refresh();
      announce(message(o.messages, 'updated') ?? '');
      focusId(editId(row));
    });
    editSlot.append(
      h(
        'section',
        { class: 'card', 'aria-labelledby': headingId, 'data-id': row.id },
        h('h2', { id: headingId, tabindex: -1 }, label),
        form,
      ),
    );
    focusId(headingId);
  };

  const remove = async (row: T) => {
    const name = o.name(row);
    const gone = await confirmDelete({
      name,
      path: `${o.spec.path}/${row.id}`,
      question: message(o.messages, 'confirmDelete', name),
      inUse: message(o.messages, 'inUse', name),
    });
    if (!gone) return;
    if (editSlot.querySelector(`[data-id="${row.id}"]`)) clear(editSlot);
    await refresh();
    announce(message(o.messages, 'deleted') ?? '');
    focusId('page-title');
  };

  const refresh = async () => {
    try {
      const rows = await api.get<T[]>(collection);
      const sorted = o.sort ? [...rows].sort(o.sort) : rows;
      clear(list);
      const columns = [...o.columns];
      if (editable) {
        columns.splice(o.toolsAt ?? columns.length, 0, {
          label: t('common.actions'),
          cell: (row: T) =>
            editDeleteTools({
              editLabel: message(o.messages, 'edit', o.name(row)) ?? '',
              deleteLabel: message(o.messages, 'delete', o.name(row)) ?? '',
              editId: editId(row),
              onEdit: () => openEditor(row),
              onDelete: () => void remove(row),
            }),
        });
      }
      list.append(table(o.caption, columns, sorted, { captionHidden: true, scrollable: o.scrollable }));
      await o.afterLoad?.(sorted);
    } catch (err) {
      loadError(list, err);
    }
  };
  await refresh();

  if (editable) {
    const newId = `${o.idPrefix}-new`;
    const title = message(o.messages, 'new') ?? '';
    const form = recordForm(o.spec, o.fields, null, {
      label: title,
      submitLabel: t('form.create'),
      requiredHint: o.requiredHint,
      extra: o.extra?.controls(null),
    });
    onSubmit(form, async (fd) => {
      await api.post(collection, body(fd));
      form.reset();
      await refresh();
      announce(message(o.messages, 'created') ?? '');
    });
    root.append(h('section', { class: 'card', 'aria-labelledby': newId }, h('h2', { id: newId }, title), form));
  }
  return { refresh };
}
