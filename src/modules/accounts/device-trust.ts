// A staff member's own device, remembered after a successful sign-in (OWASP's "device cookie" against online guessing):
// a signed cookie naming the account and a random device id. Failed sign-ins from a device the account has signed in on
// are counted for that device only, so an attacker who sprays wrong passwords at an account from elsewhere locks out
// the devices it has never been used on, never the door phone the rightful user signs in with every morning.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const DEVICE_COOKIE = 'openday_device';
export const DEVICE_TTL_DAYS = 180;

export interface TrustedDevice {
  username: string;
  deviceId: string;
}

export function createDeviceTrust(secret: string) {
  const sign = (body: string) => createHmac('sha256', secret).update(`device.${body}`).digest('base64url');

  /** A new cookie value for this account (a fresh device id, or the one it already had). */
  function issue(username: string, now: Date, deviceId = randomBytes(12).toString('base64url')): string {
    const body = Buffer.from(JSON.stringify({ u: username, d: deviceId, exp: Math.floor(now.getTime() / 1000) + DEVICE_TTL_DAYS * 86_400 })).toString(
      'base64url',
    );
    return `${body}.${sign(body)}`;
  }

  /** The device a cookie names, if it is well signed, unexpired and for this account. */
  function verify(cookie: string | undefined, username: string, now: Date): TrustedDevice | undefined {
    if (!cookie || cookie.length > 500) return undefined;
    const [body, sig, extra] = cookie.split('.');
    if (!body || !sig || extra !== undefined) return undefined;
    const expected = Buffer.from(sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { u?: unknown; d?: unknown; exp?: unknown };
      if (claims.u !== username || typeof claims.d !== 'string' || typeof claims.exp !== 'number') return undefined;
      return claims.exp * 1000 > now.getTime() ? { username, deviceId: claims.d } : undefined;
    } catch {
      return undefined;
    }
  }

  return { issue, verify };
}

export type DeviceTrust = ReturnType<typeof createDeviceTrust>;
