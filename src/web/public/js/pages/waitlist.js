// A place on a waiting list: where it stands, looked up with the phone it was made with.
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { field, textInput } from '../lib/form.js';
import { has, t } from '../lib/i18n.js';
import { notice, renderPage } from '../lib/layout.js';
import { recalledPhone, rememberPhone, showBooking } from '../lib/booking-view.js';
import { isContactPhone, normalisePhone } from '../lib/rules.js';
import { dateTimeOf, dayLabel, timeRange } from '../lib/format.js';
import { pick } from '../lib/i18n.js';
import { edition } from '../lib/edition.js';
import { provenPhone } from '../lib/phone-proof.js';

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

  /** The offer taken: the booking itself, with its QR code, code and pass link. @param {any} booking @param {string} p */
  async function showConfirmed(booking, p) {
    rememberPhone(booking.code, p);
    const e = await edition();
    const box = h('div');
    replace(result, notice('ok', t('waitlist.confirmed')), box, h('p', null, h('a', { class: 'button secondary', href: booking.pass, text: t('mine.open') })));
    showBooking(box, booking, { city: e?.city ?? '', checkinMinutes: e?.rules.checkinOpensMinutesBefore ?? 30, fresh: true });
  }

  /**
   * @param {{ status: string, position: number | null, offerExpiresAt?: string | null, offerMinutes?: number, bookingCode?: string | null,
   *   venue?: { name: string, nameEn: string }, session?: { date: string, startsAt: string, endsAt: string } }} entry
   * @param {string} p
   */
  function show(entry, p) {
    rememberPhone(`waitlist.${id}`, p);
    form.hidden = true;
    const status = has('waitlist.status.' + entry.status) ? t('waitlist.status.' + entry.status) : String(entry.status);
    /** @param {'confirm' | 'leave'} action */
    const act = async (action) => {
      try {
        const answer = await api(`/api/waitlist/${id}/${action}`, { method: 'POST', body: { phone: p } });
        // Confirming answers the booking made, not the entry.
        if (action === 'confirm') await showConfirmed(answer, p);
        else show(answer, p);
      } catch (err) {
        result.append(notice('error', /** @type {Error} */ (err).message));
      }
    };
    replace(
      result,
      notice(
        entry.status === 'offered' ? 'ok' : 'info',
        entry.venue && entry.session
          ? h('p', {
              class: 'offer-for',
              text: t('waitlist.offerFor', {
                venue: pick(entry.venue.name, entry.venue.nameEn),
                date: dayLabel(entry.session.date),
                time: timeRange(entry.session),
              }),
            })
          : null,
        h('p', { class: 'status-title', text: t('waitlist.statusLine', { status }) }),
        entry.position ? h('p', { text: t('waitlist.position', { n: entry.position }) }) : null,
        entry.offerExpiresAt ? h('p', { text: t('waitlist.holds', { n: entry.offerMinutes ?? 120, at: dateTimeOf(entry.offerExpiresAt) }) }) : null,
      ),
      entry.bookingCode ? h('p', null, h('a', { class: 'button primary', href: `/bookings/${entry.bookingCode}`, text: t('waitlist.seeBooking') })) : null,
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
    phone.setError(isContactPhone(p) ? undefined : t('err.phone.format'));
    if (isContactPhone(p)) void look(p);
  });
  replace(main, h('h1', { text: t('waitlist.title') }), form, result);
  const known = recalledPhone(`waitlist.${id}`) ?? (await provenPhone());
  if (known) await look(known);
}
