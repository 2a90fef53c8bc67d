// "My booking": a family finds its booking with the code and the phone it was made with.
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { edition } from '../lib/edition.js';
import { field, showSummary, textInput } from '../lib/form.js';
import { t } from '../lib/i18n.js';
import { focusHeading, notice, renderPage } from '../lib/layout.js';
import { rememberPhone, showBooking } from '../lib/booking-view.js';
import { CODE_PATTERN, MOBILE, normaliseCode, normalisePhone } from '../lib/rules.js';

export async function render() {
  const main = renderPage({ title: t('my.title') });
  const code = field({
    label: t('my.code'),
    hint: t('my.codeHint'),
    name: 'code',
    input: textInput({ autocapitalize: 'characters', maxlength: 12, value: new URLSearchParams(location.search).get('code') ?? '' }),
  });
  const phone = field({
    label: t('book.phone'),
    hint: t('my.phoneHint'),
    name: 'phone',
    input: textInput({ type: 'tel', inputmode: 'numeric', autocomplete: 'tel', maxlength: 20 }),
  });
  const errorBox = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const result = h('div', { class: 'lookup-result' });
  const submit = h('button', { type: 'submit', class: 'button primary block', text: t('my.find') });
  const form = h('form', { class: 'lookup', novalidate: true }, errorBox, code.wrap, phone.wrap, submit);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const c = normaliseCode(code.input.value);
    const p = normalisePhone(phone.input.value);
    const codeProblem = !c ? t('err.code.required') : CODE_PATTERN.test(c) ? undefined : t('err.code.format');
    const phoneProblem = !p ? t('err.phone.required') : MOBILE.test(p) ? undefined : t('err.phone.format');
    code.setError(codeProblem);
    phone.setError(phoneProblem);
    const problems = [
      codeProblem ? { field: code, message: `${t('my.code')}：${codeProblem}` } : null,
      phoneProblem ? { field: phone, message: `${t('book.phone')}：${phoneProblem}` } : null,
    ].filter((x) => x !== null);
    showSummary(errorBox, /** @type {{ field: import('../lib/form.js').Field, message: string }[]} */ (problems));
    if (problems.length) return;
    submit.disabled = true;
    try {
      const [booking, e] = await Promise.all([api(`/api/bookings/${c}?phone=${encodeURIComponent(p)}`), edition()]);
      rememberPhone(c, p);
      replace(result);
      showBooking(result, booking, { city: e?.city ?? '', checkinMinutes: e?.rules.checkinOpensMinutesBefore ?? 30 });
      form.hidden = true;
      intro.hidden = true;
      result.append(
        h('p', null, h('button', { type: 'button', class: 'link-button', text: t('my.another'), on: { click: () => location.assign('/my-booking') } })),
      );
      focusHeading(main);
    } catch (err) {
      const e = /** @type {ApiError} */ (err);
      replace(result, notice('error', e instanceof ApiError && e.status === 404 ? t('my.notFound') : e.message));
    } finally {
      submit.disabled = false;
    }
  });

  const intro = h('p', { class: 'lead', text: t('my.lead') });
  replace(main, h('h1', { text: t('my.title') }), intro, form, result);
}
