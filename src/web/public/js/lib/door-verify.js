// Verifying a QR token on the device, with the public keys of the prepared roster (Ed25519, WebCrypto): what lets
// the door admit with no network. Tokens of the older HMAC kind (od1) cannot be verified here; offline they count as
// the booking code they carry, as if typed.

/** @param {string} s */
function fromBase64Url(s) {
  const b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(b, (c) => c.charCodeAt(0));
}

/**
 * @param {string} token
 * @param {{ kid: string, x: string }[]} keys
 * @returns {Promise<{ ok: true, code: string, sessionId: number, signed: boolean } | { ok: false, problem: string }>}
 */
export async function verifyOffline(token, keys) {
  const parts = token.trim().split('.');
  if (parts.length !== 5) return { ok: false, problem: 'malformed' };
  const [version, kid, code, sid, sig] = /** @type {[string, string, string, string, string]} */ (parts);
  if (!/^[0-9a-z]{1,8}$/.test(sid) || !/^[A-Z0-9]{8}$/.test(code)) return { ok: false, problem: 'malformed' };
  const sessionId = parseInt(sid, 36);
  if (version === 'od1') return { ok: true, code, sessionId, signed: false };
  if (version !== 'od2' || !/^[A-Za-z0-9_-]{86}$/.test(sig)) return { ok: false, problem: 'malformed' };
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) return { ok: false, problem: 'unknown_key' };
  try {
    const key = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, { name: 'Ed25519' }, false, ['verify']);
    const good = await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64Url(sig), new TextEncoder().encode(parts.slice(0, 4).join('.')));
    return good ? { ok: true, code, sessionId, signed: true } : { ok: false, problem: 'bad_signature' };
  } catch {
    return { ok: false, problem: 'bad_signature' };
  }
}
