// The QR check-in token: od2.<kid>.<code>.<session id, base 36>.<Ed25519 signature, base64url>. No personal data; any
// change breaks the signature; the key id names the key pair, whose public half any scanner may hold
// (GET /api/checkins/keys) to verify tokens with no network. Each key pair is derived from a secret of
// OPENDAY_TOKEN_KEYS (HKDF), so rotation is the same list as before: the first signs, all verify (docs/door.md).
// Tokens issued before Ed25519 (od1, HMAC-SHA256 with the same secret) still verify here, until their session's
// check-in closes.
import { createHmac, createPrivateKey, createPublicKey, hkdfSync, sign, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../../config.js';
import { CODE_PATTERN } from './booking-code.js';

const VERSION = 'od2';
const LEGACY = 'od1';
const HMAC_BYTES = 16;
const ED25519_BYTES = 64;
// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410).
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface TokenClaims {
  code: string;
  sessionId: number;
}

export type TokenProblem = 'malformed' | 'unknown_key' | 'bad_signature';

export type TokenResult = { ok: true; claims: TokenClaims; kid: string } | { ok: false; problem: TokenProblem };

/** A public key as scanners fetch it (a JWK with its key id). */
export interface PublicTokenKey {
  kid: string;
  kty: 'OKP';
  crv: 'Ed25519';
  alg: 'EdDSA';
  x: string;
}

interface KeyPair {
  id: string;
  secret: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

function keyPairOf(k: SigningKey): KeyPair {
  const seed = Buffer.from(hkdfSync('sha256', k.secret, 'openday', 'qr-token ed25519', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, seed]), format: 'der', type: 'pkcs8' });
  return { id: k.id, secret: k.secret, privateKey, publicKey: createPublicKey(privateKey) };
}

function hmac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest().subarray(0, HMAC_BYTES);
}

export function createTokenSigner(keys: readonly SigningKey[]) {
  if (keys.length === 0) throw new Error('no token signing key');
  const pairs = keys.map(keyPairOf);
  const current = pairs[0]!;
  const byId = new Map(pairs.map((k) => [k.id, k]));

  function issue(claims: TokenClaims): string {
    const body = `${VERSION}.${current.id}.${claims.code}.${claims.sessionId.toString(36)}`;
    return `${body}.${sign(null, Buffer.from(body), current.privateKey).toString('base64url')}`;
  }

  function verify(token: unknown): TokenResult {
    if (typeof token !== 'string' || token.length > 200) return { ok: false, problem: 'malformed' };
    const parts = token.trim().split('.');
    if (parts.length !== 5 || (parts[0] !== VERSION && parts[0] !== LEGACY)) return { ok: false, problem: 'malformed' };
    const [version, kid, code, sid, sig] = parts as [string, string, string, string, string];
    const bytes = version === VERSION ? ED25519_BYTES : HMAC_BYTES;
    if (!CODE_PATTERN.test(code) || !/^[0-9a-z]{1,8}$/.test(sid) || !/^[A-Za-z0-9_-]+$/.test(sig) || sig.length !== Math.ceil((bytes * 4) / 3)) {
      return { ok: false, problem: 'malformed' };
    }
    const key = byId.get(kid);
    if (!key) return { ok: false, problem: 'unknown_key' };
    const body = parts.slice(0, 4).join('.');
    const given = Buffer.from(sig, 'base64url');
    // Re-encoding catches non-canonical base64url that decodes to the same bytes.
    const canonical = given.length === bytes && given.toString('base64url') === sig;
    const good =
      canonical && (version === VERSION ? verifySignature(null, Buffer.from(body), key.publicKey, given) : timingSafeEqual(given, hmac(key.secret, body)));
    if (!good) return { ok: false, problem: 'bad_signature' };
    return { ok: true, kid, claims: { code, sessionId: parseInt(sid, 36) } };
  }

  /** The public halves of every key that verifies, newest first. */
  function publicKeys(): PublicTokenKey[] {
    return pairs.map((k) => {
      const jwk = k.publicKey.export({ format: 'jwk' });
      return { kid: k.id, kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', x: String(jwk.x) };
    });
  }

  /** An HMAC token of the kind issued before Ed25519 (for tests of the transition). */
  function issueLegacy(claims: TokenClaims): string {
    const body = `${LEGACY}.${current.id}.${claims.code}.${claims.sessionId.toString(36)}`;
    return `${body}.${hmac(current.secret, body).toString('base64url')}`;
  }

  return { issue, verify, publicKeys, issueLegacy };
}

export type TokenSigner = ReturnType<typeof createTokenSigner>;
