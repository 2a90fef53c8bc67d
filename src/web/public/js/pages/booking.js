// A booking's own page, reached right after booking (/bookings/CODE?key=…, the key the API printed in its links).
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { edition } from '../lib/edition.js';
import { t } from '../lib/i18n.js';
import { renderPage, showFailure } from '../lib/layout.js';
import { recalledPhone, showBooking } from '../lib/booking-view.js';
import { normaliseCode } from '../lib/rules.js';

export async function render() {
  const main = renderPage({ title: t('booking.title') });
  const code = normaliseCode(decodeURIComponent(location.pathname.split('/')[2] ?? ''));
  const key = new URLSearchParams(location.search).get('key');
  const phone = recalledPhone(code);
  if (!key && !phone) {
    // Without the link's key or the phone, the family looks it up with code and phone.
    location.replace(`/my-booking?code=${encodeURIComponent(code)}`);
    return;
  }
  const fresh = sessionStorage.getItem('openday.justBooked') === code;
  sessionStorage.removeItem('openday.justBooked');
  try {
    const [booking, e] = await Promise.all([
      api(`/api/bookings/${code}?${key ? `key=${encodeURIComponent(key)}` : `phone=${encodeURIComponent(phone ?? '')}`}`),
      edition(),
    ]);
    const box = h('div');
    replace(
      main,
      h('h1', { text: fresh ? t('booking.bookedTitle') : t('booking.title') }),
      box,
      h('p', { class: 'more-links' }, h('a', { href: '/', text: t('nav.allVenues') }), ' · ', h('a', { href: '/my-booking', text: t('nav.myBooking') })),
    );
    showBooking(box, booking, { city: e?.city ?? '', checkinMinutes: e?.rules.checkinOpensMinutesBefore ?? 30, fresh });
  } catch (err) {
    showFailure(main, err);
  }
}
