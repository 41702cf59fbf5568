import { api, canEdit, PLAN_KINDS, type PlanKind, type PlanSection } from '../api';
import { h, clear } from '../dom';
import { t, tv } from '../i18n';
import { announce, onSubmit, pageHeader, loadError } from '../ui';
import { type FormField, recordBody, recordForm } from '../crud';
import { RECORDS } from '../generated/records';
import { paragraphs } from './meetings';
import { confirmDelete, deleteButton } from '../edit';

/** Labels are read when the form is built: the language may have changed since the module loaded. */
const sectionFields = (): FormField<PlanSection>[] => [
  { name: 'kind', label: t('plan.kind'), initial: 'diagnostic' },
  { name: 'title', label: t('common.title'), span: 'span-2' },
  { name: 'body', label: t('plan.body'), hint: t('plan.bodyHint'), textarea: true, span: 'span-all', attrs: { rows: 8 } },
];

export async function renderPlan(root: HTMLElement): Promise<string> {
  const title = t('plan.title');
  root.append(pageHeader(title), h('p', {}, t('plan.intro')));
  const body = h('div', {}, h('p', {}, t('app.loading')));
  root.append(body);
  const editable = canEdit();

  const sectionForm = (
    s: PlanSection | null,
    onDone: (saved: PlanSection | null) => Promise<void>,
    onCancel?: () => void,
  ): HTMLFormElement => {
    const label = s ? t('plan.editTitle', { title: s.title }) : t('plan.new');
    const form = recordForm(RECORDS.plan_section, sectionFields(), s, {
      label,
      submitLabel: s ? t('form.save') : t('form.create'),
      onCancel,
    });
    onSubmit(form, async (fd) => {
      // The body keeps its leading spaces (Markdown indentation).
      const payload = { ...recordBody(RECORDS.plan_section, sectionFields(), fd), body: String(fd.get('body') ?? '').replace(/\s+$/, '') };
      const saved = s
        ? await api.put<PlanSection>(`plan-sections/${s.id}`, payload)
        : await api.post<PlanSection>('plan-sections', payload);
      await onDone(saved ?? null);
    });
    return form;
  };

  const refresh = async (focusId?: string) => {
    let sections: PlanSection[];
    try {
      sections = await api.get<PlanSection[]>('plan-sections');
    } catch (err) {
      loadError(body, err);
      return;
    }
    clear(body);
    for (const kind of PLAN_KINDS)
      body.append(
        kindBlock(
          kind,
          sections.filter((s) => s.kind === kind),
        ),
      );
    if (focusId) document.getElementById(focusId)?.focus();
  };

  const article = (s: PlanSection): HTMLElement => {
    const headingId = `plan-s-${s.id}`;
    const el = h('article', { class: 'plan-section', 'aria-labelledby': headingId });
    const show = () => {
      clear(el);
      el.append(
        h(
          'div',
          { class: 'plan-section-head' },
          h('h3', { id: headingId, tabindex: -1 }, s.title),
          editable
            ? h(
                'div',
                { class: 'form-actions row-tools' },
                h(
                  'button',
                  { type: 'button', class: 'btn btn-small btn-secondary', 'aria-label': `${t('form.edit')} « ${s.title} »`, onclick: edit },
                  t('form.edit'),
                ),
                deleteButton(t('plan.delete', { title: s.title }), () => void remove()),
              )
            : null,
        ),
        ...paragraphs(s.body),
      );
    };
    const edit = () => {
      clear(el);
      const heading = h('h3', { id: headingId, tabindex: -1 }, t('plan.editTitle', { title: s.title }));
      el.append(
        heading,
        sectionForm(
          s,
          async (saved) => {
            announce(t('plan.updated'));
            await refresh(`plan-s-${saved?.id ?? s.id}`);
          },
          () => {
            show();
            document.getElementById(headingId)?.focus();
          },
        ),
      );
      heading.focus();
    };
    const remove = async () => {
      if (!(await confirmDelete({ name: s.title, path: `plan-sections/${s.id}` }))) return;
      await refresh(`plan-kind-${s.kind}`);
      announce(t('plan.deleted'));
    };
    show();
    return el;
  };

  const kindBlock = (kind: PlanKind, items: PlanSection[]): HTMLElement => {
    const id = `plan-kind-${kind}`;
    const sorted = [...items].sort((a, b) => a.position - b.position || a.id - b.id);
    return h(
      'section',
      { class: 'card', 'aria-labelledby': id },
      h('h2', { id, tabindex: -1 }, tv('plankind', kind)),
      sorted.length ? sorted.map(article) : h('p', { class: 'empty' }, t('plan.emptyKind')),
    );
  };

  await refresh();

  if (editable) {
    const box = h('section', { class: 'card', 'aria-labelledby': 'plan-new' }, h('h2', { id: 'plan-new' }, t('plan.new')));
    const form = sectionForm(null, async (saved) => {
      form.reset();
      announce(t('plan.created'));
      await refresh(saved ? `plan-s-${saved.id}` : undefined);
    });
    box.append(form);
    root.append(box);
  }
  return title;
}
