// Shared accessible UI pieces: form fields, error display, live announcements, tables.
import { ApiError, apiUrl } from './api';
import { h, uid, clear, type Child } from './dom';
import { t } from './i18n';

/** Polite announcement for screen readers (and visible toast). */
export function announce(message: string, kind: 'info' | 'error' = 'info'): void {
  const region = document.getElementById('status');
  if (!region) return;
  region.className = `status status-${kind}`;
  // Clear then set so identical consecutive messages are re-announced.
  region.textContent = '';
  window.clearTimeout(hideTimer);
  window.setTimeout(() => {
    region.textContent = message;
  }, 30);
  // Hide the visual toast after a while (the message has been announced by then).
  hideTimer = window.setTimeout(
    () => {
      if (region.textContent === message) region.textContent = '';
    },
    kind === 'error' ? 15000 : 7000,
  );
}
let hideTimer = 0;

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('app.networkError');
    return err.message || err.code;
  }
  return err instanceof Error ? err.message : String(err);
}

interface FieldOpts {
  name: string;
  label: string;
  type?: string;
  value?: string | number | null;
  required?: boolean;
  hint?: string;
  options?: { value: string; label: string }[];
  textarea?: boolean;
  attrs?: Record<string, string | number | boolean>;
}

/** A labelled input / select / textarea with hint and an error slot. */
export function field(o: FieldOpts): HTMLDivElement {
  const id = uid(`f-${o.name}`);
  const hintId = o.hint ? `${id}-hint` : null;
  const common = {
    id,
    name: o.name,
    required: o.required ?? false,
    'aria-describedby': hintId,
    ...(o.attrs ?? {}),
  };
  let control: HTMLElement;
  if (o.options) {
    control = h(
      'select',
      common,
      o.options.map((op) => h('option', { value: op.value, selected: String(o.value ?? '') === op.value }, op.label)),
    );
  } else if (o.textarea) {
    control = h('textarea', { rows: 3, ...common }, o.value == null ? '' : String(o.value));
  } else {
    control = h('input', { ...common, type: o.type ?? 'text', value: o.value == null ? '' : String(o.value) });
  }
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, o.label, o.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null),
    o.hint ? h('p', { class: 'hint', id: hintId }, o.hint) : null,
    control,
  );
}

/** A fieldset of checkboxes (accessible multi-select). */
export function checkboxGroup(
  name: string,
  legend: string,
  items: { value: string; label: string }[],
  selected: Set<string>,
  emptyText: string,
): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'checkboxes', 'data-field': name },
    h('legend', {}, legend),
    items.length === 0
      ? h('p', { class: 'hint' }, emptyText)
      : h(
          'ul',
          { class: 'checklist' },
          items.map((it) => {
            const id = uid(`cb-${name}`);
            return h(
              'li',
              {},
              h('input', { type: 'checkbox', id, name, value: it.value, checked: selected.has(it.value) }),
              h('label', { for: id }, it.label),
            );
          }),
        ),
  );
}

export function clearFormErrors(form: HTMLFormElement): void {
  for (const e of form.querySelectorAll('.error-summary, .field-error')) e.remove();
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const desc = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && !x.endsWith('-err'));
    if (desc.length) e.setAttribute('aria-describedby', desc.join(' '));
    else e.removeAttribute('aria-describedby');
  });
  for (const e of form.querySelectorAll('.has-error')) e.classList.remove('has-error');
}

/** Show an API error in a form: summary at the top, message next to the field named by `field`. */
export function showFormError(form: HTMLFormElement, err: unknown): void {
  clearFormErrors(form);
  const message = errorMessage(err);
  const fieldName = err instanceof ApiError ? err.field : null;
  let target: HTMLElement | null = null;
  if (fieldName) {
    const control = form.querySelector<HTMLElement>(`[name="${CSS.escape(fieldName)}"]`);
    const group = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(fieldName)}"]`);
    if (control && !(control instanceof HTMLInputElement && control.type === 'checkbox')) {
      const errId = `${control.id}-err`;
      control.setAttribute('aria-invalid', 'true');
      const desc = control.getAttribute('aria-describedby');
      control.setAttribute('aria-describedby', desc ? `${desc} ${errId}` : errId);
      const wrapper = control.closest('.field');
      wrapper?.classList.add('has-error');
      control.insertAdjacentElement('beforebegin', h('p', { class: 'field-error', id: errId }, message));
      target = control;
    } else if (group) {
      group.classList.add('has-error');
      group.querySelector('legend')?.insertAdjacentElement('afterend', h('p', { class: 'field-error' }, message));
      target = group.querySelector('input');
    }
  }
  const summary = h(
    'div',
    { class: 'error-summary', role: 'alert', tabindex: -1 },
    h('p', {}, h('strong', {}, t('form.errorSummary')), ' ', message),
  );
  form.prepend(summary);
  (target ?? summary).focus();
}

/** Wrap a form submit: disables the submit button, clears / shows errors. */
export function onSubmit(form: HTMLFormElement, handler: (fd: FormData) => Promise<void>): void {
  form.noValidate = true; // our own accessible error messages instead of browser bubbles
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const btn = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (btn?.disabled) return;
    clearFormErrors(form);
    const invalid = form.querySelector<HTMLInputElement>(':invalid:not(fieldset)');
    if (invalid) {
      showFormError(form, new ApiError(400, 'invalid', invalid.validationMessage, invalid.name));
      return;
    }
    if (btn) btn.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await handler(new FormData(form));
    } catch (err) {
      showFormError(form, err);
    } finally {
      if (btn) btn.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

export function str(fd: FormData, name: string): string {
  return String(fd.get(name) ?? '').trim();
}
export function num(fd: FormData, name: string): number {
  const s = str(fd, name).replace(',', '.').replace(/\s/g, '');
  return s === '' ? 0 : Number(s);
}
export function nullableDate(fd: FormData, name: string): string | null {
  const s = str(fd, name);
  return s === '' ? null : s;
}
export function ids(fd: FormData, name: string): number[] {
  return fd.getAll(name).map((v) => Number(v));
}

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  numeric?: boolean;
  header?: boolean; // render as <th scope=row>
}

/** An accessible data table with a caption. */
/** `scrollable`: a wide table whose scrolling box must be reachable with the keyboard (WCAG 2.1.1). */
export function table<T>(
  caption: string,
  columns: Column<T>[],
  rows: T[],
  opts: { footer?: Child[]; captionHidden?: boolean; emptyText?: string; scrollable?: boolean } = {},
): HTMLElement {
  if (rows.length === 0) {
    return h('p', { class: 'empty' }, opts.emptyText ?? t('common.empty'));
  }
  return h(
    'div',
    opts.scrollable ? { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption } : { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: opts.captionHidden ? 'sr-only' : null }, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            columns.map((c) =>
              c.header
                ? h('th', { scope: 'row', class: c.numeric ? 'num' : null }, c.cell(r))
                : h('td', { class: c.numeric ? 'num' : null }, c.cell(r)),
            ),
          ),
        ),
      ),
      opts.footer ? h('tfoot', {}, h('tr', {}, opts.footer)) : null,
    ),
  );
}

export function loadError(container: HTMLElement, err: unknown): void {
  clear(container);
  container.appendChild(h('p', { class: 'error-summary', role: 'alert' }, t('common.loadError', { message: errorMessage(err) })));
}

export function pageHeader(title: string, ...extra: Child[]): HTMLElement {
  return h('div', { class: 'page-header' }, h('h1', { tabindex: -1, id: 'page-title' }, title), h('div', { class: 'page-tools' }, extra));
}

/** A button-styled link. */
export function linkButton(href: string, label: string, cls = 'btn'): HTMLAnchorElement {
  return h('a', { href, class: cls }, label);
}

/** A link that downloads what the API gives at `path` (an export) as `fileName`. */
export function downloadLink(path: string, fileName: string, label: string, cls = 'btn btn-secondary'): HTMLAnchorElement {
  return h('a', { href: apiUrl(path), class: cls, download: fileName }, label);
}

/** An optional number field: null when left empty. */
export function nullableNum(fd: FormData, name: string): number | null {
  const s = str(fd, name);
  return s === '' ? null : num(fd, name);
}
