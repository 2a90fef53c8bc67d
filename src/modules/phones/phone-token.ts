// The proof that a family holds a phone: ph1.<phone, base64url>.<expiry, seconds base 36>.<HMAC-SHA256, 128 bits>.
// Issued once a one-time code sent to the phone came back; short-lived; no server state, so every instance verifies it.
// The phone inside is the family's own number (the token lives on its device); the signature covers it and the expiry.
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 'ph1';
const SIG_BYTES = 16;

export type PhoneTokenProblem = 'malformed' | 'bad_signature' | 'expired';

export type PhoneTokenResult = { ok: true; phone: string; expiresAt: Date } | { ok: false; problem: PhoneTokenProblem };

export interface PhoneTokens {
  /** A token for `phone`, valid for the configured lifetime from `now`. */
  issue(phone: string, now: Date): { token: string; expiresAt: Date };
  verify(token: unknown, now: Date): PhoneTokenResult;
}

/** `secret`: the service's signing secret; a key of its own is derived from it, so staff tokens never verify here. */
export function createPhoneTokens(secret: string, ttlMinutes: number): PhoneTokens {
  const key = createHmac('sha256', secret).update('phone-token-key').digest();
  const sign = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, SIG_BYTES);

  return {
    issue(phone, now) {
      const expiresAt = new Date(Math.floor(now.getTime() / 1000 + ttlMinutes * 60) * 1000);
      const body = `${VERSION}.${Buffer.from(phone).toString('base64url')}.${(expiresAt.getTime() / 1000).toString(36)}`;
      return { token: `${body}.${sign(body).toString('base64url')}`, expiresAt };
    },
    verify(token, now) {
      if (typeof token !== 'string' || token.length > 200) return { ok: false, problem: 'malformed' };
      const parts = token.trim().split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, problem: 'malformed' };
      const [, phone64, exp36, sig] = parts as [string, string, string, string];
      if (!/^[A-Za-z0-9_-]{1,40}$/.test(phone64) || !/^[0-9a-z]{1,10}$/.test(exp36) || !/^[A-Za-z0-9_-]{22}$/.test(sig)) {
        return { ok: false, problem: 'malformed' };
      }
      const given = Buffer.from(sig, 'base64url');
      const expected = sign(parts.slice(0, 3).join('.'));
      // Re-encoding catches non-canonical base64url that decodes to the same bytes.
      if (given.length !== SIG_BYTES || given.toString('base64url') !== sig || !timingSafeEqual(given, expected)) {
        return { ok: false, problem: 'bad_signature' };
      }
      const expiresAt = new Date(parseInt(exp36, 36) * 1000);
      if (expiresAt <= now) return { ok: false, problem: 'expired' };
      return { ok: true, phone: Buffer.from(phone64, 'base64url').toString('utf8'), expiresAt };
    },
  };
}
