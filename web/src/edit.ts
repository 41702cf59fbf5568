// Correction and deletion of records by editors: the buttons of a row, the confirmed deletion.
import { api, ApiError } from './api';
import { h } from './dom';
import { t } from './i18n';
import { announce, errorMessage } from './ui';

interface ToolsOpts {
  /** Accessible names, starting with the visible "Modifier" / "Supprimer" (WCAG 2.5.3). */
  editLabel: string;
  deleteLabel: string;
  onEdit: () => void;
  onDelete: () => void;
  /** id of the "Modifier" button, so that the focus can come back to it after the edit. */
  editId?: string;
}

/** "Modifier" and "Supprimer" buttons of one record (a table row, a card). */
export function editDeleteTools(o: ToolsOpts): HTMLElement {
  const edit = h(
    'button',
    { type: 'button', class: 'btn btn-secondary btn-small', id: o.editId, 'aria-label': o.editLabel },
    t('form.edit'),
  );
  edit.addEventListener('click', () => o.onEdit());
  return h('div', { class: 'form-actions row-tools' }, edit, deleteButton(o.deleteLabel, o.onDelete));
}

/** A small "Supprimer" button named after what it deletes. */
export function deleteButton(label: string, onDelete: () => void): HTMLButtonElement {
  const del = h('button', { type: 'button', class: 'btn btn-danger btn-small', 'aria-label': label }, t('form.delete'));
  del.addEventListener('click', () => onDelete());
  return del;
}

interface DeleteOpts {
  /** Name of the record, in the question and in the refusal. */
  name: string;
  /** API path, e.g. `objectives/12`. */
  path: string;
  /** The question asked first (default: "Supprimer « name » ? …"). */
  question?: string;
  /** Why a 409 `conflict` happens for this kind of record (still referred to); the server's message follows. */
  inUse?: string;
}

/**
 * Asks for confirmation, then deletes. A refusal is announced as an error in the status region
 * with the server's message (409 `conflict` while other records still refer to this one).
 * Returns true when the record is gone.
 */
export async function confirmDelete(o: DeleteOpts): Promise<boolean> {
  if (!window.confirm(o.question ?? t('form.confirmDelete', { name: o.name }))) return false;
  try {
    await api.del(o.path);
    return true;
  } catch (err) {
    const message = errorMessage(err);
    const inUse = err instanceof ApiError && err.status === 409 && o.inUse;
    announce(inUse ? `${o.inUse} ${t('form.serverMessage', { message })}` : t('form.deleteRefused', { name: o.name, message }), 'error');
    return false;
  }
}

/** Moves the focus to an element by id, if it is (still) on the page. */
export function focusId(id: string | null | undefined): void {
  if (id) document.getElementById(id)?.focus();
}
