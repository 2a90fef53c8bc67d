// The booking form's checks, run in the browser for quick feedback. They mirror the server's
// (src/modules/bookings: id-number.ts, phone.ts, booking-code.ts, bookings.schemas.ts); the server decides.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const ID_SHAPE = /^[1-9]\d{16}[\dX]$/;
export const MOBILE = /^1[3-9]\d{9}$/;
export const CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/;

/** @param {string} raw */
export function normaliseIdNumber(raw) {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** GB 11643 check character of the first 17 digits. @param {string} first17 */
export function checkCharacter(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** YYYY-MM-DD, or undefined when the digits are not a real date from 1900 on. @param {string} id */
export function birthDateOf(id) {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1900) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** 'format' | 'birth_date' | 'check_digit', or undefined when valid. @param {string} id normalised */
export function idNumberProblem(id) {
  if (!ID_SHAPE.test(id)) return 'format';
  if (!birthDateOf(id)) return 'birth_date';
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return 'check_digit';
  return undefined;
}

/** Whole years of age on a local date. @param {string} birthDate @param {string} onDate */
export function ageOn(birthDate, onDate) {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return (y ?? 0) - (by ?? 0) - ((m ?? 0) < (bm ?? 0) || (m === bm && (d ?? 0) < (bd ?? 0)) ? 1 : 0);
}

/** +86, spaces, dashes, dots and brackets dropped; a leading 00 read as +. @param {string} raw */
export function normalisePhone(raw) {
  return raw
    .replace(/[\s().-]/g, '')
    .replace(/^00(?=[1-9])/, '+')
    .replace(/^(\+?86)(?=1\d{10}$)/, '');
}

/** A mainland mobile, or an international number in E.164 (not +86). @param {string} p normalised */
export function isContactPhone(p) {
  return MOBILE.test(p) || (/^\+[1-9]\d{7,14}$/.test(p) && !p.startsWith('+86'));
}

/** @param {string} raw */
export function normaliseCode(raw) {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** A name problem key, or undefined. @param {string} raw */
export function nameProblem(raw) {
  const name = raw.trim();
  if (!name) return 'required';
  if (name.length > 50) return 'too_long';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f<>]/.test(name)) return 'characters';
  return undefined;
}
