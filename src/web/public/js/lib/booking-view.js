// A booking as a family sees it: the QR code to show at the door, the code, when and where, and what they can do
// with it (save it as an image, add it to a calendar, find the way, cancel).
import { api, ApiError } from './api.js';
import { h, replace } from './dom.js';
import { field, textInput } from './form.js';
import { dayLabel, groupedCode, timeRange } from './format.js';
import { pick, t } from './i18n.js';
import { notice } from './layout.js';
import { mapLink } from './maps.js';
import { MOBILE, normalisePhone } from './rules.js';

/**
 * @typedef {{ code: string, status: 'confirmed' | 'cancelled', partySize: number,
 *   session: { id: number, date: string, startsAt: string, endsAt: string },
 *   venue: { id: number, name: string, nameEn: string, address: string | null, district: string | null },
 *   contact: { name: string, phone: string }, visitors: { name: string, idNumber: string | null }[],
 *   qr: { token: string, png: string, svg: string } | null, calendar: string }} Booking
 */

/** The phone a booking was made or looked up with, kept for this tab only (it lets the family cancel). @param {string} key @param {string} phone */
export function rememberPhone(key, phone) {
  try {
    sessionStorage.setItem(`openday.phone.${key}`, phone);
  } catch {
    /* storage off: the family types it again */
  }
}

/** @param {string} key */
export function recalledPhone(key) {
  try {
    return sessionStorage.getItem(`openday.phone.${key}`) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Draws the booking into `box`; redraws itself after a cancellation.
 * @param {HTMLElement} box
 * @param {Booking} b
 * @param {{ city: string, checkinMinutes: number, fresh?: boolean }} opts
 */
export function showBooking(box, b, opts) {
  const venueName = pick(b.venue.name, b.venue.nameEn);
  const confirmed = b.status === 'confirmed';
  const status = confirmed
    ? notice('ok', h('strong', { class: 'status-title', text: opts.fresh ? t('booking.booked') : t('booking.valid') }))
    : notice('warn', h('strong', { class: 'status-title', text: t('booking.cancelled') }));
  const code = h('p', { class: 'booking-code', 'aria-label': t('booking.codeSpelled', { code: b.code.split('').join(' ') }), text: groupedCode(b.code) });
  const qr = b.qr
    ? h(
        'figure',
        { class: 'qr' },
        h('img', { src: b.qr.svg, alt: t('booking.qrAlt', { code: b.code }), width: '320', height: '320', class: 'qr-image' }),
        h('figcaption', { text: t('booking.qrCaption') }),
      )
    : null;
  const facts = h(
    'dl',
    { class: 'facts' },
    fact(t('booking.venue'), venueName),
    fact(t('booking.date'), dayLabel(b.session.date)),
    fact(t('booking.time'), timeRange(b.session)),
    b.venue.address || b.venue.district ? fact(t('venue.address'), [b.venue.district, b.venue.address].filter(Boolean).join(' ')) : null,
    fact(t('booking.party'), t('book.people', { n: b.partySize })),
    fact(
      t('booking.visitors'),
      b.visitors.map((v) => h('span', { class: 'visitor-line' }, v.name, v.idNumber ? h('span', { class: 'id-masked', text: v.idNumber }) : null)),
    ),
    fact(t('booking.contact'), `${b.contact.name} ${b.contact.phone}`),
  );
  const actions =
    confirmed && b.qr
      ? h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'button primary', text: t('booking.saveImage'), on: { click: () => void saveImage(b, venueName) } }),
          h('a', { class: 'button secondary', href: b.qr.png, download: `openday-${b.code}-qr.png`, text: t('booking.downloadQr') }),
          h('a', { class: 'button secondary', href: b.calendar, download: `openday-${b.code}.ics`, text: t('booking.calendar') }),
          h('a', {
            class: 'button secondary',
            href: mapLink({ name: b.venue.name, address: b.venue.address }, opts.city),
            target: '_blank',
            rel: 'noopener',
            text: t('booking.map'),
          }),
        )
      : null;
  replace(
    box,
    h(
      'section',
      { class: 'card booking', 'aria-labelledby': 'booking-h', dataset: { status: b.status } },
      status,
      h('h2', { id: 'booking-h', class: 'visually-hidden', text: t('booking.details') }),
      qr,
      h('p', { class: 'code-label', text: t('booking.code') }),
      code,
      facts,
      confirmed ? h('p', { class: 'reminder', text: t('booking.reminder', arrivalWindow(b, opts.checkinMinutes)) }) : null,
      actions,
    ),
    confirmed ? cancelPanel(box, b, opts) : h('p', null, h('a', { class: 'button primary', href: `/venues/${b.venue.id}`, text: t('mine.bookAgain') })),
  );
}

/** Check-in runs from n minutes before the start until the end: both as local clock times. @param {Booking} b @param {number} n */
function arrivalWindow(b, n) {
  const clock = (/** @type {string} */ iso, shift = 0) => {
    const [hh, mm] = iso.slice(11, 16).split(':').map(Number);
    const m = ((hh ?? 0) * 60 + (mm ?? 0) - shift + 1440) % 1440;
    return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  };
  return { from: clock(b.session.startsAt, n), until: clock(b.session.endsAt) };
}

/** @param {string} term @param {import('./dom.js').Child} value */
function fact(term, value) {
  return h('div', null, h('dt', { text: term }), h('dd', null, value));
}

/** @param {HTMLElement} box @param {Booking} b @param {{ city: string, checkinMinutes: number }} opts */
function cancelPanel(box, b, opts) {
  const known = recalledPhone(b.code);
  const phone = field({
    label: t('book.phone'),
    hint: t('booking.cancelPhoneHint'),
    name: 'cancel-phone',
    input: textInput({ type: 'tel', inputmode: 'numeric', autocomplete: 'tel' }),
  });
  const message = h('div', { 'aria-live': 'polite' });
  const confirm = h('button', { type: 'submit', class: 'button danger', text: t('booking.cancelConfirm') });
  const keep = h('button', { type: 'button', class: 'button secondary', text: t('booking.cancelKeep') });
  const form = h(
    'form',
    { class: 'cancel-confirm', hidden: true, novalidate: true },
    h('p', { text: t('booking.cancelQuestion') }),
    known ? null : phone.wrap,
    h('div', { class: 'actions' }, confirm, keep),
    message,
  );
  const open = h('button', { type: 'button', class: 'button secondary danger-outline', 'aria-expanded': 'false', text: t('booking.cancel') });
  open.addEventListener('click', () => {
    form.hidden = false;
    open.hidden = true;
    open.setAttribute('aria-expanded', 'true');
    (known ? confirm : phone.input).focus();
  });
  keep.addEventListener('click', () => {
    form.hidden = true;
    open.hidden = false;
    open.setAttribute('aria-expanded', 'false');
    open.focus();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const number = known ?? normalisePhone(phone.input.value);
    if (!known && !MOBILE.test(number)) {
      phone.setError(phone.input.value.trim() ? t('err.phone.format') : t('err.phone.required'));
      phone.input.focus();
      return;
    }
    phone.setError(undefined);
    confirm.disabled = true;
    try {
      const fresh = await api(`/api/bookings/${b.code}/cancel`, { method: 'POST', body: { phone: number } });
      rememberPhone(b.code, number);
      showBooking(box, fresh, opts);
      box.querySelector('.status-title')?.setAttribute('tabindex', '-1');
      /** @type {HTMLElement | null} */ (box.querySelector('.status-title'))?.focus();
    } catch (err) {
      confirm.disabled = false;
      const e = /** @type {ApiError} */ (err);
      if (e instanceof ApiError && e.status === 404 && !known) phone.setError(t('booking.cancelWrongPhone'));
      else replace(message, notice('error', e.message));
    }
  });
  return h('section', { class: 'cancel', 'aria-label': t('booking.cancel') }, open, form);
}

/** Draws the pass (QR, code, venue, time) on a canvas and downloads it as a PNG. @param {Booking} b @param {string} venueName */
async function saveImage(b, venueName) {
  if (!b.qr) return;
  const img = new Image();
  img.src = b.qr.png;
  await img.decode();
  const W = 720;
  const H = 1120;
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const g = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  const font = (/** @type {number} */ size, weight = 400) => `${weight} ${size}px system-ui, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, W, H);
  g.fillStyle = '#0b4f9c';
  g.fillRect(0, 0, W, 120);
  g.fillStyle = '#ffffff';
  g.textAlign = 'center';
  g.font = font(36, 700);
  g.fillText(t('site.name'), W / 2, 76);
  g.fillStyle = '#111827';
  g.font = font(34, 700);
  wrapText(g, venueName, W / 2, 190, W - 80, 44);
  g.font = font(30);
  g.fillText(`${dayLabel(b.session.date)}  ${timeRange(b.session)}`, W / 2, 300);
  g.imageSmoothingEnabled = false;
  g.drawImage(img, (W - 520) / 2, 330, 520, 520);
  g.font = font(26);
  g.fillStyle = '#374151';
  g.fillText(t('booking.code'), W / 2, 900);
  g.font = `700 64px ui-monospace, "DejaVu Sans Mono", monospace`;
  g.fillStyle = '#111827';
  g.fillText(groupedCode(b.code), W / 2, 970);
  g.font = font(28);
  g.fillText(t('book.people', { n: b.partySize }), W / 2, 1030);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const url = URL.createObjectURL(/** @type {Blob} */ (blob));
  const a = h('a', { href: url, download: `openday-${b.code}.png`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** @param {CanvasRenderingContext2D} g @param {string} text @param {number} x @param {number} y @param {number} width @param {number} lineHeight */
function wrapText(g, text, x, y, width, lineHeight) {
  let line = '';
  let row = 0;
  // CJK characters break anywhere; Latin words stay whole.
  for (const ch of text.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/g) ?? []) {
    if (g.measureText(line + ch).width > width && line) {
      g.fillText(line, x, y + row * lineHeight);
      line = ch;
      row++;
      if (row === 2) break;
    } else {
      line += ch;
    }
  }
  if (row < 2) g.fillText(line, x, y + row * lineHeight);
}
