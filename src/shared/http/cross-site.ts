// Cross-site request forgery: a browser sends the staff cookies with any request to this host, including one a page of
// another site makes it send. So a state-changing request (POST, PUT, PATCH, DELETE) that carries one of them, and no
// bearer token (which no browser adds by itself), must come from this origin. The browser says where a request comes
// from in `Sec-Fetch-Site` (a page cannot set it): `same-origin` or `none` (typed by the user) pass, `same-site` (a
// sibling subdomain) and `cross-site` are refused. Browsers too old to send it send `Origin`, which must then be this
// service's own. A request with neither header is not from a browser, so not forged by one: it passes.
import type { Context, Next } from 'koa';
import { commonErrors } from '../errors.js';
import { bearerToken } from './auth.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Why a request is refused as cross-site, or undefined when it may go on. */
export function crossSiteProblem(ctx: Context, cookies: readonly string[]): string | undefined {
  if (!UNSAFE.has(ctx.method)) return undefined;
  if (bearerToken(ctx)) return undefined; // then the cookie is not what authenticates it (auth.ts)
  if (!cookies.some((name) => ctx.cookies.get(name))) return undefined;
  const site = ctx.get('sec-fetch-site').toLowerCase();
  if (site === 'same-origin' || site === 'none') return undefined;
  if (site) return site === 'same-site' || site === 'cross-site' ? `Sec-Fetch-Site: ${site}` : 'Sec-Fetch-Site not from this origin';
  const origin = ctx.get('origin');
  // (Koa 3's ctx.origin is the Origin header itself: this service's own origin is built from protocol and host.)
  if (origin && origin.toLowerCase() !== `${ctx.protocol}://${ctx.host}`.toLowerCase()) return 'Origin of another site';
  return undefined;
}

/** `cookies`: the names of the cookies that speak for a signed-in account or its device. */
export function crossSiteGuard(cookies: readonly string[]) {
  return async function refuseCrossSite(ctx: Context, next: Next): Promise<void> {
    const problem = crossSiteProblem(ctx, cookies);
    if (problem) throw commonErrors.crossSiteRequest(problem);
    return next();
  };
}
