// Reads a JSON request body with a size limit; Koa 3 has no body parser of its own.
import type { Context, Next } from 'koa';
import { MalformedRequestError } from '../errors.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function jsonBody(limitBytes = 64 * 1024) {
  return async function readJsonBody(ctx: Context, next: Next): Promise<void> {
    if (!METHODS_WITH_BODY.has(ctx.method) || !ctx.request.length && !ctx.get('transfer-encoding')) {
      ctx.request.body = undefined;
      return next();
    }
    if (!ctx.is('application/json')) {
      throw new MalformedRequestError('unsupported_media_type', { zh: '请求体须为 JSON', en: 'The request body must be JSON (Content-Type: application/json)' });
    }
    if (ctx.request.length > limitBytes) throw tooLarge(limitBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      ctx.request.body = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      throw new MalformedRequestError('invalid_json', { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' });
    }
    return next();
  };
}

function tooLarge(limit: number): MalformedRequestError {
  return new MalformedRequestError('payload_too_large', { zh: '请求体过大', en: 'The request body is too large' }, { limitBytes: limit });
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
