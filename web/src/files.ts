// Files sent to the server: their base64 (imports, attachments), and the block of a row's attached
// files (a cooperation document's, an application's): the list with download links, deletion and
// the attach form. Files are always offered as downloads, never opened in the application.
import { ApiError, api, apiUrl, type DocumentFile, MAX_FILE_BYTES } from './api';
import { clear, h } from './dom';
import { confirmDelete, deleteButton, focusId } from './edit';
import { bytes, date } from './format';
import { t } from './i18n';
import { announce, field, loadError, onSubmit } from './ui';

/** A file's bytes as base64 (no `data:` prefix), read in chunks so that large files do not overflow the stack. */
export async function fileAsBase64(file: File): Promise<string> {
  let b: Uint8Array;
  try {
    b = new Uint8Array(await file.arrayBuffer());
  } catch {
    throw new ApiError(400, 'read_error', t('files.readError'), 'file');
  }
  let binary = '';
  for (let i = 0; i < b.length; i += 0x8000) binary += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(binary);
}

export interface AttachedFilesOptions {
  /** GET (list) and POST (attach): "documents/3/files" */
  listPath: string;
  /** GET (download) and DELETE of one file: "document-files" */
  filePath: string;
  /** The row's title, in the heading and the attach form's label */
  title: string;
  headingId: string;
  editable: boolean;
}

/** The files of one row, under an h3 of its title; loads itself. */
export function attachedFiles(o: AttachedFilesOptions): { section: HTMLElement; loaded: Promise<void> } {
  const box = h('div', {}, h('p', {}, t('app.loading')));

  const fill = (files: DocumentFile[]) => {
    clear(box);
    if (!files.length) {
      box.append(h('p', { class: 'empty' }, t('files.none')));
      return;
    }
    box.append(
      h(
        'ul',
        { class: 'file-list' },
        files.map((f) =>
          h(
            'li',
            {},
            h('a', { href: apiUrl(`${o.filePath}/${f.id}`), download: f.name }, f.name),
            h('span', { class: 'muted' }, `(${t('files.meta', { size: bytes(f.size), date: date(f.uploaded_at) })})`),
            o.editable ? [' ', deleteButton(t('files.delete', { name: f.name }), () => void remove(f))] : null,
          ),
        ),
      ),
    );
  };
  const load = async () => {
    try {
      fill(await api.get<DocumentFile[]>(o.listPath));
    } catch (err) {
      loadError(box, err);
    }
  };
  const remove = async (f: DocumentFile) => {
    if (!(await confirmDelete({ name: f.name, path: `${o.filePath}/${f.id}` }))) return;
    await load();
    announce(t('files.deleted', { name: f.name }));
    focusId(o.headingId);
  };

  const label = t('files.attach', { title: o.title });
  const form = h(
    'form',
    { class: 'attach-form', 'aria-label': label },
    field({ name: 'file', type: 'file', label, hint: t('files.attachHint'), required: true }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-secondary' }, t('files.attachBtn'))),
  );
  onSubmit(form, async (fd) => {
    const file = fd.get('file');
    if (!(file instanceof File) || file.name === '') throw new ApiError(400, 'no_file', t('files.noFile'), 'file');
    if (file.size > MAX_FILE_BYTES) throw new ApiError(400, 'too_large', t('files.tooLarge', { size: bytes(file.size) }), 'file');
    const content = await fileAsBase64(file);
    try {
      await api.post<DocumentFile>(o.listPath, {
        name: file.name,
        content_type: file.type || 'application/octet-stream',
        content_base64: content,
      });
    } catch (err) {
      // The server names its own fields (name, content_base64…): they all come from the one file input.
      if (err instanceof ApiError && err.field) throw new ApiError(err.status, err.code, err.message, 'file');
      throw err;
    }
    form.reset();
    await load();
    announce(t('files.attached', { name: file.name }));
  });

  const section = h(
    'section',
    { class: 'doc-files', 'aria-labelledby': o.headingId },
    h('h3', { id: o.headingId, tabindex: -1 }, o.title),
    box,
    o.editable ? form : null,
  );
  return { section, loaded: load() };
}
