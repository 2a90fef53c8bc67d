// After the router: a method the path does not take answers 405 with `Allow`; a method no route takes anywhere
// (PROPFIND, TRACE, PURGE …) answers 501. Both in the one error shape, through the error middleware.
import type Router from '@koa/router';
import type { RouterContext } from '@koa/router';
import type { Next } from 'koa';
import { commonErrors } from '../errors.js';

export function allowedMethods(router: Router) {
  // Without `throw`, the router's own middleware sets the status and `Allow` and leaves the body to us.
  const decide = router.allowedMethods();
  return async function methodNotAllowed(ctx: RouterContext, next: Next): Promise<void> {
    await decide(ctx, next);
    if (ctx.body !== undefined || (ctx.status !== 405 && ctx.status !== 501)) return;
    const allow = (ctx.response.get('Allow') || '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean);
    if (allow.length === 0) ctx.remove('Allow');
    throw ctx.status === 405 ? commonErrors.methodNotAllowed(ctx.method, allow) : commonErrors.notImplemented(ctx.method);
  };
}
