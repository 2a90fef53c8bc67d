// Dates and times as the edition sees them. The API writes instants with the edition's offset
// (2027-05-22T09:00:00+08:00), so the local time is read straight from the string, whatever the phone's zone.
import { lang, t } from './i18n.js';

const loadedAt = performance.now();
const serverNowAtLoad = Date.parse(document.body.dataset.now ?? '') || Date.now();

/** The server's "now", carried by the page and advanced by the time since it loaded. */
export function serverNow() {
  return new Date(serverNowAtLoad + (performance.now() - loadedAt));
}

/** YYYY-MM-DD of an instant in a time zone. @param {Date} instant @param {string} timeZone */
export function localDateOf(instant, timeZone) {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** HH:MM of an ISO instant written with its offset. @param {string} iso */
export function timeOf(iso) {
  return iso.slice(11, 16);
}

/** @param {{ startsAt: string, endsAt: string }} s */
export function timeRange(s) {
  return `${timeOf(s.startsAt)}–${timeOf(s.endsAt)}`;
}

/** @param {string} date YYYY-MM-DD */
function parts(date) {
  const [y, m, d] = date.split('-').map(Number);
  return { y, m, d, weekday: new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)).getUTCDay() };
}

/** "5月22日 周五" / "Fri 22 May". @param {string} date */
export function dayLabel(date) {
  const { m, d, weekday } = parts(date);
  const wd = t('weekday.' + weekday);
  return lang === 'en' ? `${wd} ${d} ${t('month.' + m)}` : `${m}月${d}日 ${wd}`;
}

/** "5月22日 周五 09:00–10:30". @param {{ date: string, startsAt: string, endsAt: string }} s */
export function sessionLabel(s) {
  return `${dayLabel(s.date)} ${timeRange(s)}`;
}

/** "2027-05-22 08:45" from an ISO instant with offset. @param {string} iso */
export function dateTimeOf(iso) {
  return `${iso.slice(0, 10)} ${timeOf(iso)}`;
}

/** Booking codes read better in two groups: ABCD-EFGH. @param {string} code */
export function groupedCode(code) {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** @param {number} n */
export function number(n) {
  return new Intl.NumberFormat(lang === 'en' ? 'en' : 'zh-CN').format(n);
}
