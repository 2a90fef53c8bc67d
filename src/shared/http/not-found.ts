import type { Context, Next } from 'koa';
import { NotFoundError } from '../errors.js';

/** Last in the chain: anything no router answered is a 404 in the usual error shape. */
export async function notFound(ctx: Context, next: Next): Promise<void> {
  await next();
  if (ctx.body === undefined && ctx.status === 404) {
    throw new NotFoundError({ zh: '没有这个地址', en: 'No such route' }, { method: ctx.method, path: ctx.path });
  }
}
