import { api, ApiError, type Session } from '../api';
import { h } from '../dom';
import { t } from '../i18n';
import { field, onSubmit, str } from '../ui';

export async function renderLogin(root: HTMLElement, onLoggedIn: (s: Session) => Promise<void>): Promise<string> {
  const form = h(
    'form',
    { class: 'card login-form', novalidate: true, 'aria-labelledby': 'page-title' },
    field({
      name: 'login',
      label: t('login.login'),
      required: true,
      attrs: { autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false' },
    }),
    field({ name: 'password', label: t('login.password'), type: 'password', required: true, attrs: { autocomplete: 'current-password' } }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn' }, t('login.submit'))),
  );
  onSubmit(form, async (fd) => {
    try {
      const s = await api.post<Session>(
        'login',
        { login: str(fd, 'login'), password: String(fd.get('password') ?? '') },
        { auth401: false },
      );
      await onLoggedIn(s);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        throw new ApiError(401, err.code, t('login.wrong'), err.field ?? 'password');
      }
      if (err instanceof ApiError && err.status === 429) {
        throw new ApiError(429, err.code, t('login.tooMany'), null);
      }
      throw err;
    }
  });
  root.append(
    h('div', { class: 'login-page' }, h('h1', { tabindex: -1, id: 'page-title' }, t('login.title')), h('p', {}, t('login.intro')), form),
  );
  return t('login.title');
}
