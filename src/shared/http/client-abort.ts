// A client that hangs up before its request is read or answered (a phone losing signal mid-upload) is not a server
// fault: it is logged at info and recorded in the access log as 499, the status proxies use for it, never as a 500.
import type { Context } from 'koa';

/** The request's body stopped before its end because the client closed the connection. */
export class ClientAbortError extends Error {
  constructor(cause?: unknown) {
    super('the client closed the connection before the request ended', { cause });
    this.name = 'ClientAbortError';
  }
}

/** The status written to the access log for a request whose client went away before the answer. */
export const CLIENT_CLOSED_REQUEST = 499;

/** The client's connection is gone and the answer was never sent. */
export function clientGone(ctx: Context): boolean {
  return !ctx.res.writableEnded && (ctx.req.socket?.destroyed ?? false);
}

/** `err` comes from the client hanging up (the body cut, the connection reset while it was read). */
export function isClientAbort(ctx: Context, err: unknown): boolean {
  if (err instanceof ClientAbortError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return (code === 'ECONNRESET' || code === 'ECONNABORTED' || code === 'EPIPE') && clientGone(ctx);
}
