// Public answers made once (JsonAnswer) and sent again for the same URL while their maker says they are current,
// without going down the middleware chain, the router, validation and the handler again. A URL gets here only after
// the full chain answered it (its query validated, its route public and cacheable); the request id, the access log
// and the security headers still apply, since this sits after them.
import type { Context, Next } from 'koa';
import type { JsonAnswer } from '../json-answer.js';

/** Answers of at least this size go out compressed (the threshold the app gives koa-compress). */
export const COMPRESS_THRESHOLD = 2048;
export const PUBLIC_CACHE = 'public, max-age=1, stale-while-revalidate=5';
/** URLs remembered at most (any number of distinct query strings may be asked for). */
const URL_LIMIT = 5_000;

/** A prepared public answer: its tag and compressed bytes were made once; the compression middleware stands aside. */
export function sendPrepared(ctx: Context, answer: JsonAnswer): void {
  ctx.set('Cache-Control', PUBLIC_CACHE);
  ctx.vary('Accept-Encoding');
  ctx.type = 'application/json';
  ctx.etag = answer.etag;
  ctx.status = 200;
  ctx.compress = false;
  ctx.state.preparedAnswer = answer;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  const encoding = answer.bytes.length >= COMPRESS_THRESHOLD ? ctx.acceptsEncodings('br', 'gzip', 'identity') : 'identity';
  if (encoding === 'br' || encoding === 'gzip') {
    ctx.set('Content-Encoding', encoding);
    ctx.body = answer.encodedAs(encoding);
  } else {
    ctx.body = answer.bytes;
  }
}

export function preparedAnswers() {
  let byUrl = new Map<string, JsonAnswer>();
  return async function samePreparedAnswer(ctx: Context, next: Next): Promise<void> {
    if (ctx.method === 'GET') {
      const answer = byUrl.get(ctx.url);
      if (answer?.current()) return sendPrepared(ctx, answer);
    }
    await next();
    const made = ctx.state.preparedAnswer as JsonAnswer | undefined;
    if (ctx.method === 'GET' && made?.current() && (ctx.status === 200 || ctx.status === 304)) {
      if (byUrl.size >= URL_LIMIT) byUrl = new Map();
      byUrl.set(ctx.url, made);
    }
  };
}
