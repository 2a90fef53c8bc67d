// A booking's own page, reached right after booking (/bookings/CODE?key=…, the key the API printed in its links).
import { api } from '../lib/api.js';
import { h, replace } from '../lib/dom.js';
import { edition } from '../lib/edition.js';
import { t } from '../lib/i18n.js';
import { notice, renderPage, showFailure } from '../lib/layout.js';
import { recalledPhone, showBooking } from '../lib/booking-view.js';
import { normaliseCode } from '../lib/rules.js';
import { keepForOffline } from '../lib/offline.js';

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
    const apiUrl = `/api/bookings/${code}?${key ? `key=${encodeURIComponent(key)}` : `phone=${encodeURIComponent(phone ?? '')}`}`;
    const [booking, e] = await Promise.all([api(apiUrl), edition()]);
    const box = h('div');
    replace(
      main,
      h('h1', { text: fresh ? t('booking.bookedTitle') : t('booking.title') }),
      navigator.onLine ? null : notice('info', t('pass.offline')),
      box,
      booking.qr ? h('p', { class: 'hint install-hint', text: t('pass.install') }) : null,
      h('p', { class: 'more-links' }, h('a', { href: '/', text: t('nav.allVenues') }), ' · ', h('a', { href: '/my-bookings', text: t('nav.myBooking') })),
    );
    showBooking(box, booking, { city: e?.city ?? '', checkinMinutes: e?.rules.checkinOpensMinutesBefore ?? 30, fresh });
    // Only a pass opened with its own link's key is kept: that link is what a family reopens.
    if (key && booking.qr) void keepForOffline([apiUrl, '/api/edition', booking.qr.svg]);
  } catch (err) {
    showFailure(main, err);
  }
}
