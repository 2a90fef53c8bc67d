// Request id and access log. Paths are logged without query strings (they may hold phones); a request whose client went
// away before the answer is logged as 499 with `aborted: true`.
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../logger.js';
import { CLIENT_CLOSED_REQUEST, clientGone } from './client-abort.js';

export function requestContext(logger: Logger) {
  return async function withRequestContext(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    const incoming = ctx.get('x-request-id');
    const requestId = /^[A-Za-z0-9._-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.set('X-Request-Id', requestId);
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const aborted = ctx.status === CLIENT_CLOSED_REQUEST || clientGone(ctx);
      const status = aborted ? CLIENT_CLOSED_REQUEST : ctx.status;
      logger.info('request', { method: ctx.method, path: ctx.path, status, ...(aborted && { aborted }), ms: Math.round(ms * 10) / 10, requestId });
    }
  };
}
