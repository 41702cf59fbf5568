import type { Objective } from '../api';
import { crudSection } from '../crud';
import { RECORDS } from '../generated/records';
import { t } from '../i18n';
import { pageHeader } from '../ui';

export async function renderObjectives(root: HTMLElement): Promise<string> {
  const title = t('objectives.title');
  root.append(pageHeader(title));
  await crudSection<Objective>(root, {
    spec: RECORDS.objective,
    idPrefix: 'obj',
    caption: title,
    fields: [
      { name: 'code', label: t('common.code') },
      { name: 'title', label: t('common.title') },
      { name: 'description', label: t('common.description'), textarea: true, span: 'span-all' },
    ],
    columns: [
      { label: t('common.code'), cell: (o) => o.code, header: true },
      { label: t('common.title'), cell: (o) => o.title },
      { label: t('common.description'), cell: (o) => o.description },
    ],
    name: (o) => o.title,
    sort: (a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }),
    messages: 'objectives',
  });
  return title;
}
