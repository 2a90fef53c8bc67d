import type { Context, Next } from 'koa';
import { commonErrors } from '../errors.js';

/** Last in the chain: anything no router answered is a 404 in the usual error shape. */
export async function notFound(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.body === undefined && ctx.status === 404) {
    throw commonErrors.noRoute(ctx.method, ctx.path);
  }
}
