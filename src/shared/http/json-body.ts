// Reads a JSON request body with a size limit; Koa 3 has no body parser of its own.
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import { commonErrors, type AppError } from '../errors.js';
import { ClientAbortError } from './client-abort.js';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The largest request body read, in bytes. */
export const JSON_BODY_LIMIT = 64 * 1024;

/**
 * `uploads`: paths whose handler reads a file body itself (readRawBody, with its own limit); a JSON body there is read
 * as everywhere else.
 */
export function jsonBody(limitBytes = JSON_BODY_LIMIT, uploads: readonly string[] = []) {
  return async function readJsonBody(ctx: Context, next: Next): Promise<void> {
    if (!METHODS_WITH_BODY.has(ctx.method) || (!ctx.request.length && !ctx.get('transfer-encoding'))) {
      ctx.request.body = undefined;
      return next();
    }
    if (uploads.includes(ctx.path) && !ctx.is('application/json')) {
      ctx.request.body = undefined;
      return next();
    }
    if (!ctx.is('application/json')) {
      throw commonErrors.unsupportedMediaType();
    }
    if (ctx.request.length > limitBytes) throw tooLarge(limitBytes);
    const text = (await readAll(ctx.req, limitBytes)).toString('utf8');
    try {
      ctx.request.body = text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch {
      throw commonErrors.invalidJson();
    }
    return next();
  };
}

/** A file upload's bytes, refused with 413 past `limitBytes`. */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  if (ctx.request.length > limitBytes) throw tooLarge(limitBytes);
  return readAll(ctx.req, limitBytes);
}

/**
 * The whole body, refused as soon as it passes `limit` bytes; the rest of an oversized body is read and dropped.
 * Event listeners rather than `for await`, whose async iterator costs promises and an object per request and chunk:
 * this runs for every booking.
 */
function readAll(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const done = (err?: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) {
        req.resume(); // drain and drop the rest
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (!refused) {
        refused = true;
        done(tooLarge(limit));
      }
    };
    const onEnd = () => done();
    // Node destroys the request with an ECONNRESET "aborted" error, then closes it, when the client hangs up.
    const onError = (err: Error) => done(new ClientAbortError(err));
    const onClose = () => done(new ClientAbortError());
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

function tooLarge(limit: number): AppError {
  return commonErrors.payloadTooLarge(limit);
}

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
}
