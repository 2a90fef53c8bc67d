// The running edition (dates, time zone, rules), fetched once per page.
import { api, ApiError } from './api.js';
import { localDateOf, serverNow } from './format.js';

/**
 * @typedef {{ id: number, name: string, nameEn: string, city: string, cityEn: string, startDate: string, endDate: string,
 *   dates: string[], timezone: string, bookingOpensAt: string,
 *   rules: { maxPartySize: number, checkinOpensMinutesBefore: number, bookingCutoffMinutes: number, [k: string]: unknown } }} Edition
 */

/** @type {Promise<Edition | null> | undefined} */
let cached;

/** The edition, or null when none is scheduled. @returns {Promise<Edition | null>} */
export function edition() {
  cached ??= api('/api/edition').catch((err) => {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  });
  return cached;
}

/** Today's date where the edition takes place, by the server's clock. @param {Edition} e */
export function todayOf(e) {
  return localDateOf(serverNow(), e.timezone);
}

/** The day to show first: today during the week, else the first day. @param {Edition} e @param {string[]} [dates] */
export function defaultDay(e, dates = e.dates) {
  const today = todayOf(e);
  return dates.includes(today) ? today : (dates.find((d) => d >= today) ?? dates[0] ?? e.startDate);
}
