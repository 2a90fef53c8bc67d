// Reads the staff token from `Authorization: Bearer …` or the session cookie and puts the actor in ctx.state.
import type { Context, Next } from 'koa';
import type { Actor } from '../actor.js';

export const SESSION_COOKIE = 'openday_session';

export interface Authenticator {
  authenticate(token: string): Promise<Actor | undefined>;
}

declare module 'koa' {
  interface DefaultState {
    actor?: Actor;
    requestId?: string;
  }
}

/** The token of `Authorization: Bearer …`, if the request has one. */
export function bearerToken(ctx: Context): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
}

export function tokenOf(ctx: Context): string | undefined {
  return bearerToken(ctx) ?? (ctx.cookies.get(SESSION_COOKIE) || undefined);
}

/** Never refuses by itself: the route tables say which routes need which roles, so public routes stay public. */
export function authentication(accounts: Authenticator) {
  return async function authenticate(ctx: Context, next: Next): Promise<void> {
    const token = tokenOf(ctx);
    ctx.state.actor = token ? await accounts.authenticate(token) : undefined;
    return next();
  };
}
