// One-time codes: 6 digits, valid 5 minutes, at most 5 tries; only the phone's latest code counts, once. Kept as a
// keyed hash of phone and code, so a code typed for another phone never matches.
import { randomInt } from 'node:crypto';
import { asDate, asDateOrNull, asInt } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import { MINUTE } from '../../shared/time.js';

export const CODE_DIGITS = 6;
export const CODE_TTL_MINUTES = 5;
export const CODE_MAX_ATTEMPTS = 5;

export interface PhoneCode {
  id: number;
  codeHash: string;
  attempts: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export function phoneCodeOf(r: Row): PhoneCode {
  return {
    id: asInt(r.id),
    codeHash: String(r.code_hash),
    attempts: asInt(r.attempts),
    expiresAt: asDate(r.expires_at),
    usedAt: asDateOrNull(r.used_at),
  };
}

export function newCode(): string {
  return String(randomInt(10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

export function codeExpiry(now: Date): Date {
  return new Date(now.getTime() + CODE_TTL_MINUTES * MINUTE);
}

/** What the keyed hash is taken of: the phone and the code together. */
export const hashInput = (phone: string, code: string) => `${phone}:${code}`;
