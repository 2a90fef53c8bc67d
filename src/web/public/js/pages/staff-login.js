// Staff sign-in. Signed-in staff go straight to their page (or back where they were sent from).
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { field, showSummary, textInput } from '../lib/form.js';
import { t } from '../lib/i18n.js';
import { renderPage } from '../lib/layout.js';
import { homeOf } from '../lib/staff.js';

/** Only our own staff pages are valid places to come back to. @param {string | null} next */
function safeNext(next) {
  return next && /^\/staff\/[a-z-]+(\?[^#]*)?$/.test(next) ? next : undefined;
}

export async function render() {
  const next = safeNext(new URLSearchParams(location.search).get('next'));
  try {
    const me = await api('/api/auth/me');
    location.replace(next ?? homeOf(me.role));
    return;
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  const main = renderPage({ title: t('login.title') });
  const username = field({ label: t('login.username'), name: 'username', input: textInput({ autocomplete: 'username', autocapitalize: 'none' }) });
  const password = field({ label: t('login.password'), name: 'password', input: textInput({ type: 'password', autocomplete: 'current-password' }) });
  const errorBox = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button primary block', text: t('login.submit') });
  const form = h('form', { novalidate: true, class: 'login' }, errorBox, username.wrap, password.wrap, submit);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const u = username.input.value.trim();
    const p = password.input.value;
    username.setError(u ? undefined : t('err.required'));
    password.setError(p ? undefined : t('err.required'));
    if (!u || !p) {
      showSummary(
        errorBox,
        [
          !u ? { field: username, message: `${t('login.username')}：${t('err.required')}` } : null,
          !p ? { field: password, message: `${t('login.password')}：${t('err.required')}` } : null,
        ].filter((x) => x !== null),
      );
      return;
    }
    submit.disabled = true;
    try {
      const res = await api('/api/auth/login', { method: 'POST', body: { username: u, password: p } });
      location.assign(next ?? homeOf(res.user.role));
    } catch (err) {
      submit.disabled = false;
      const e = /** @type {ApiError} */ (err);
      if (e.code === 'invalid_credentials') {
        password.setError(t('login.wrong'));
        showSummary(errorBox, [{ field: password, message: t('login.wrong') }]);
      } else if (e.code === 'too_many_attempts') {
        showSummary(errorBox, [{ message: t('login.throttled', { n: Math.ceil((e.details.retryAfterSeconds ?? 60) / 60) }) }]);
      } else {
        showSummary(errorBox, [{ message: e.message }]);
      }
    }
  });
  replace(main, h('h1', { text: t('login.title') }), h('p', { class: 'lead', text: t('login.lead') }), form);
}
