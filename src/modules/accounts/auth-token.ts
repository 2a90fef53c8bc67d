// Staff sign-in tokens: base64url(JSON claims).HMAC-SHA256, with an expiry and the account's token version.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface AuthClaims {
  /** user id */
  sub: number;
  /** token version of the account when issued */
  ver: number;
  /** issued at, expires at: seconds since the epoch */
  iat: number;
  exp: number;
}

export function createAuthTokens(secret: string) {
  const sign = (body: string) => createHmac('sha256', secret).update(`auth.${body}`).digest('base64url');

  function issue(claims: AuthClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${sign(body)}`;
  }

  /** The claims of a well-signed, unexpired token, else undefined. */
  function verify(token: string, now: Date): AuthClaims | undefined {
    if (token.length > 1000) return undefined;
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined) return undefined;
    const expected = Buffer.from(sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AuthClaims;
      if (!Number.isInteger(claims.sub) || !Number.isInteger(claims.ver) || typeof claims.exp !== 'number') return undefined;
      return claims.exp * 1000 > now.getTime() ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  return { issue, verify };
}

export type AuthTokens = ReturnType<typeof createAuthTokens>;
