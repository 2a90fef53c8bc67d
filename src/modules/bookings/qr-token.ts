// The QR check-in token: od1.<kid>.<code>.<session id, base 36>.<HMAC-SHA256, 128 bits, base64url>.
// No personal data; any change breaks the signature; the key id lets secrets be rotated.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey } from '../../config.js';
import { CODE_PATTERN } from './booking-code.js';

const VERSION = 'od1';
const SIG_BYTES = 16;

export interface TokenClaims {
  code: string;
  sessionId: number;
}

export type TokenProblem = 'malformed' | 'unknown_key' | 'bad_signature';

export type TokenResult = { ok: true; claims: TokenClaims; kid: string } | { ok: false; problem: TokenProblem };

function sign(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, SIG_BYTES);
}

export function createTokenSigner(keys: readonly SigningKey[]) {
  if (keys.length === 0) throw new Error('no token signing key');
  const current = keys[0]!;
  const byId = new Map(keys.map((k) => [k.id, k.secret]));

  function issue(claims: TokenClaims): string {
    const body = `${VERSION}.${current.id}.${claims.code}.${claims.sessionId.toString(36)}`;
    return `${body}.${sign(current.secret, body).toString('base64url')}`;
  }

  function verify(token: unknown): TokenResult {
    if (typeof token !== 'string' || token.length > 200) return { ok: false, problem: 'malformed' };
    const parts = token.trim().split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false, problem: 'malformed' };
    const [, kid, code, sid, sig] = parts as [string, string, string, string, string];
    if (!CODE_PATTERN.test(code) || !/^[0-9a-z]{1,8}$/.test(sid) || !/^[A-Za-z0-9_-]{22}$/.test(sig)) {
      return { ok: false, problem: 'malformed' };
    }
    const secret = byId.get(kid);
    if (!secret) return { ok: false, problem: 'unknown_key' };
    const expected = sign(secret, parts.slice(0, 4).join('.'));
    const given = Buffer.from(sig, 'base64url');
    // Re-encoding catches non-canonical base64url that decodes to the same bytes.
    if (given.length !== SIG_BYTES || given.toString('base64url') !== sig || !timingSafeEqual(given, expected)) {
      return { ok: false, problem: 'bad_signature' };
    }
    return { ok: true, kid, claims: { code, sessionId: parseInt(sid, 36) } };
  }

  return { issue, verify };
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
