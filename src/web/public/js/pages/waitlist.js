// A place on a waiting list: where it stands, looked up with the phone it was made with.
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { field, textInput } from '../lib/form.js';
import { has, t } from '../lib/i18n.js';
import { notice, renderPage } from '../lib/layout.js';
import { recalledPhone, rememberPhone } from '../lib/booking-view.js';
import { MOBILE, normalisePhone } from '../lib/rules.js';
import { dateTimeOf } from '../lib/format.js';

export async function render() {
  const main = renderPage({ title: t('waitlist.title') });
  const id = Number(location.pathname.split('/')[2]);
  const result = h('div', { 'aria-live': 'polite' });
  const phone = field({ label: t('book.phone'), name: 'phone', input: textInput({ type: 'tel', inputmode: 'numeric', autocomplete: 'tel' }) });

  /** @param {string} p */
  async function look(p) {
    try {
      show(await api(`/api/waitlist/${id}?phone=${encodeURIComponent(p)}`), p);
    } catch (err) {
      const e = /** @type {ApiError} */ (err);
      replace(result, notice('error', e instanceof ApiError && e.status === 404 ? t('waitlist.notFound') : e.message));
    }
  }

  /**
   * @param {{ status: string, position: number | null, offerExpiresAt?: string | null, bookingCode?: string | null }} entry
   * @param {string} p
   */
  function show(entry, p) {
    rememberPhone(`waitlist.${id}`, p);
    const status = has('waitlist.status.' + entry.status) ? t('waitlist.status.' + entry.status) : String(entry.status);
    /** @param {'confirm' | 'leave'} action */
    const act = async (action) => {
      try {
        show(await api(`/api/waitlist/${id}/${action}`, { method: 'POST', body: { phone: p } }), p);
      } catch (err) {
        result.append(notice('error', /** @type {Error} */ (err).message));
      }
    };
    replace(
      result,
      notice(
        entry.status === 'offered' ? 'ok' : 'info',
        h('p', { class: 'status-title', text: t('waitlist.statusLine', { status }) }),
        entry.position ? h('p', { text: t('waitlist.position', { n: entry.position }) }) : null,
        entry.offerExpiresAt ? h('p', { text: t('waitlist.offerUntil', { at: dateTimeOf(entry.offerExpiresAt) }) }) : null,
      ),
      entry.bookingCode
        ? h('p', null, h('a', { class: 'button primary', href: `/my-booking?code=${entry.bookingCode}`, text: t('waitlist.seeBooking') }))
        : null,
      h(
        'div',
        { class: 'actions' },
        entry.status === 'offered'
          ? h('button', { type: 'button', class: 'button primary', text: t('waitlist.confirm'), on: { click: () => void act('confirm') } })
          : null,
        entry.status === 'waiting' || entry.status === 'offered'
          ? h('button', { type: 'button', class: 'button secondary danger-outline', text: t('waitlist.leave'), on: { click: () => void act('leave') } })
          : null,
      ),
    );
  }

  const form = h('form', { novalidate: true }, phone.wrap, h('button', { type: 'submit', class: 'button primary block', text: t('waitlist.check') }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = normalisePhone(phone.input.value);
    phone.setError(MOBILE.test(p) ? undefined : t('err.phone.format'));
    if (MOBILE.test(p)) void look(p);
  });
  replace(main, h('h1', { text: t('waitlist.title') }), form, result);
  const known = recalledPhone(`waitlist.${id}`);
  if (known) await look(known);
}
