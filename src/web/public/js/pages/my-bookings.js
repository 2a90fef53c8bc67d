// "我的预约" / My bookings: with a verified phone, every booking and waiting-list place of that number; open a pass,
// cancel, or take one visitor off a booking. Without one, the phone is verified here first.
import { api, ApiError } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { field, textInput } from '../lib/form.js';
import { dayLabel, timeRange } from '../lib/format.js';
import { has, pick, t } from '../lib/i18n.js';
import { focusHeading, notice, renderPage, showFailure } from '../lib/layout.js';
import { phoneProof } from '../lib/phone-proof.js';

export async function render() {
  const main = renderPage({ title: t('mine.title') });
  const heading = h('h1', { text: t('mine.title') });
  const list = h('div', { class: 'my-list', 'aria-live': 'polite' });
  const byCode = h('p', { class: 'more-links' }, h('a', { href: '/my-booking', text: t('mine.lookupByCode') }));

  async function load() {
    try {
      draw(await api('/api/my/bookings'));
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return false;
      showFailure(main, err);
      return true;
    }
  }

  /** @param {{ phone: string, bookings: any[], waitlist: any[] }} mine */
  function draw(mine) {
    const forget = h('button', { type: 'button', class: 'link-button', text: t('mine.forget') });
    forget.addEventListener('click', async () => {
      await api('/api/phone/forget', { method: 'POST' });
      location.reload();
    });
    const none = mine.bookings.length === 0 && mine.waitlist.length === 0;
    replace(
      list,
      h('p', { class: 'lead' }, h('strong', { text: mine.phone }), ' · ', forget),
      none ? notice('info', t('mine.none'), ' ', h('a', { href: '/', text: t('mine.bookAgain') })) : null,
      mine.bookings.length ? h('h2', { text: t('mine.bookings') }) : null,
      ...mine.bookings.map(bookingCard),
      mine.waitlist.length ? h('h2', { text: t('mine.waitlist') }) : null,
      ...mine.waitlist.map(waitlistCard),
    );
  }

  /** @param {any} b */
  function bookingCard(b) {
    const confirmed = b.status === 'confirmed';
    const message = h('div', { 'aria-live': 'polite' });
    const visitors = h(
      'ul',
      { class: 'visitor-list' },
      b.visitors.map((/** @type {any} */ v) => {
        const remove =
          confirmed && b.visitors.length > 1
            ? h('button', { type: 'button', class: 'link-button', text: t('mine.remove'), 'aria-label': `${t('mine.remove')} ${v.name}` })
            : null;
        remove?.addEventListener('click', async () => {
          if (!confirm(t('mine.removeQuestion', { name: v.name }))) return;
          await act(`/api/my/bookings/${b.code}/visitors/${v.position}/remove`, message, t('mine.removed'));
        });
        return h('li', null, v.name, v.idNumber ? h('span', { class: 'id-masked', text: ` ${v.idNumber}` }) : null, ' ', remove);
      }),
    );
    const cancel = confirmed ? h('button', { type: 'button', class: 'button secondary danger-outline', text: t('booking.cancel') }) : null;
    cancel?.addEventListener('click', async () => {
      if (!confirm(t('booking.cancelQuestion'))) return;
      await act(`/api/my/bookings/${b.code}/cancel`, message);
    });
    return h(
      'section',
      { class: 'card my-booking', dataset: { code: b.code, status: b.status } },
      h('h3', { text: pick(b.venue.name, b.venue.nameEn) }),
      h('p', { text: `${dayLabel(b.session.date)} ${timeRange(b.session)} · ${t('book.people', { n: b.partySize })}` }),
      h('p', { class: 'status-title', text: confirmed ? b.code : t('booking.cancelled') }),
      visitors,
      h(
        'div',
        { class: 'actions' },
        confirmed
          ? h('a', { class: 'button primary', href: b.pass, text: t('mine.open') })
          : h('a', { class: 'button secondary', href: `/venues/${b.venue.id}`, text: t('mine.bookAgain') }),
        cancel,
      ),
      message,
    );
  }

  /** @param {any} w */
  function waitlistCard(w) {
    const status = has('waitlist.status.' + w.status) ? t('waitlist.status.' + w.status) : String(w.status);
    return h(
      'section',
      { class: 'card my-waitlist', dataset: { status: w.status } },
      h('h3', { text: pick(w.venue.name, w.venue.nameEn) }),
      h('p', { text: `${dayLabel(w.session.date)} ${timeRange(w.session)} · ${t('book.people', { n: w.partySize })}` }),
      h('p', { class: 'status-title', text: t('waitlist.statusLine', { status }) }),
      h('a', { class: 'button secondary', href: `/waitlist/${w.id}`, text: t('waitlist.check') }),
    );
  }

  /** @param {string} path @param {HTMLElement} message @param {string} [done] */
  async function act(path, message, done) {
    try {
      await api(path, { method: 'POST', body: {} });
      await load();
      if (done) list.prepend(notice('ok', done));
    } catch (err) {
      replace(message, notice('error', /** @type {Error} */ (err).message));
    }
  }

  replace(main, heading, h('p', { class: 'lead', text: t('mine.lead') }), list, byCode);
  if (await load()) return;
  const phone = field({
    label: t('book.phone'),
    hint: t('book.phoneHint'),
    name: 'phone',
    input: textInput({ type: 'tel', inputmode: 'tel', autocomplete: 'tel' }),
  });
  const proof = phoneProof(/** @type {HTMLInputElement} */ (phone.input), { onProven: () => void load().then(() => focusHeading(main)) });
  proof.show();
  replace(list, h('form', { class: 'lookup', novalidate: true, on: { submit: (/** @type {Event} */ e) => e.preventDefault() } }, phone.wrap, proof.wrap));
}
