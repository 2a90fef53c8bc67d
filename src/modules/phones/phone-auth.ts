// Who holds which phone, per request: the phone token from the `Phone-Token` header or the `openday_phone` cookie,
// verified once by the middleware into ctx.state.phone. Routes then ask `verifiedPhoneOf` (optional proof) or
// `requireVerifiedPhone` (proof needed): any route that acts for a family's phone (bookings, "my bookings", the
// waiting list, a teacher's group) uses these two and nothing else.
import type { Context, Next } from 'koa';
import type { Clock } from '../../shared/clock.js';
import type { PhoneTokenResult, PhoneTokens } from './phone-token.js';
import { phoneErrors } from './phones.errors.js';

export const PHONE_COOKIE = 'openday_phone';
export const PHONE_TOKEN_HEADER = 'Phone-Token';

declare module 'koa' {
  interface DefaultState {
    /** The request's phone token, verified (undefined: the request carried none). */
    phone?: PhoneTokenResult;
  }
}

/** The token a request carries: the header first (API clients), else the cookie (the web pages). */
export function phoneTokenOf(ctx: Pick<Context, 'get' | 'cookies'>): string | undefined {
  return ctx.get(PHONE_TOKEN_HEADER) || ctx.cookies.get(PHONE_COOKIE) || undefined;
}

/** Never refuses by itself: routes decide whether they need the proof. */
export function phoneAuthentication(tokens: PhoneTokens, clock: Clock) {
  return async function verifyPhoneToken(ctx: Context, next: Next): Promise<void> {
    const token = phoneTokenOf(ctx);
    ctx.state.phone = token === undefined ? undefined : tokens.verify(token, clock.now());
    return next();
  };
}

/**
 * The verified phone of the request, or undefined when it carried no token. A token that is there but forged,
 * malformed or expired is refused (401), never ignored: the family learns it must verify again.
 */
export function verifiedPhoneOf(ctx: Pick<Context, 'state'>): string | undefined {
  const result = ctx.state.phone;
  if (!result) return undefined;
  if (result.ok) return result.phone;
  throw result.problem === 'expired' ? phoneErrors.tokenExpired() : phoneErrors.tokenInvalid(result.problem);
}

/** The verified phone of the request; 401 phone_not_verified without one. */
export function requireVerifiedPhone(ctx: Pick<Context, 'state'>): string {
  const phone = verifiedPhoneOf(ctx);
  if (phone === undefined) throw phoneErrors.notVerified();
  return phone;
}

/** The errors a route that reads the phone proof may answer with (for its route table). */
export const PHONE_PROOF_ERRORS = [phoneErrors.notVerified, phoneErrors.tokenInvalid, phoneErrors.tokenExpired] as const;
