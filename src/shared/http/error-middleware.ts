// The one place that turns errors into HTTP: class → status, and one body shape for all of them.
import type { Context, Next } from 'koa';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  GoneError,
  MalformedRequestError,
  MethodNotAllowedError,
  NotFoundError,
  NotImplementedError,
  PayloadTooLargeError,
  RuleViolationError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  type Details,
} from '../errors.js';
import type { Logger } from '../logger.js';
import { CLIENT_CLOSED_REQUEST, isClientAbort } from './client-abort.js';

const STATUS_BY_CLASS: [abstract new (...args: never[]) => AppError, number][] = [
  [ValidationError, 400],
  [MalformedRequestError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [MethodNotAllowedError, 405],
  [ConflictError, 409],
  [GoneError, 410],
  [PayloadTooLargeError, 413],
  [UnsupportedMediaTypeError, 415],
  [RuleViolationError, 422],
  [TooManyRequestsError, 429],
  [UnavailableError, 503],
  [NotImplementedError, 501],
];

export function statusOf(err: AppError): number {
  for (const [cls, status] of STATUS_BY_CLASS) if (err instanceof cls) return status;
  return 500;
}

/** The status an error class answers with (for the OpenAPI document, which lists codes by status). */
export function statusOfClass(type: abstract new (...args: never[]) => AppError): number {
  for (const [cls, status] of STATUS_BY_CLASS) if (type === cls || type.prototype instanceof cls) return status;
  return 500;
}

// Koa's own client errors (router's 405, a thrown 4xx) keep their status under a stable code.
const HTTP_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  501: 'not_implemented',
};

export interface ErrorBody {
  error: { code: string; message: string; details: Details };
}

export function errorBody(code: string, message: string, details: Details = {}): ErrorBody {
  return { error: { code, message, details } };
}

interface HttpLikeError {
  status?: number;
  expose?: boolean;
  message?: string;
  headers?: Record<string, string>;
}

export function errorMiddleware(logger: Logger) {
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (err) {
      if (err instanceof AppError) {
        const status = statusOf(err);
        ctx.status = status;
        const wait = err.details?.retryAfterSeconds;
        if (typeof wait === 'number' && (status === 429 || status === 503)) ctx.set('Retry-After', String(wait));
        ctx.body = errorBody(err.code, `${err.text.zh} / ${err.text.en}`, err.details);
        if (status === 500) logger.error('unmapped application error', { err, requestId: ctx.state.requestId });
        return;
      }
      if (isClientAbort(ctx, err)) {
        logger.info('client aborted the request', { method: ctx.method, path: ctx.path, requestId: ctx.state.requestId });
        ctx.status = CLIENT_CLOSED_REQUEST; // nothing is written: the connection is gone
        return;
      }
      const httpErr = err as HttpLikeError;
      if (httpErr && typeof httpErr.status === 'number' && httpErr.status >= 400 && httpErr.status < 500 && httpErr.expose) {
        ctx.status = httpErr.status;
        if (httpErr.headers) ctx.set(httpErr.headers);
        ctx.body = errorBody(HTTP_CODES[httpErr.status] ?? 'bad_request', httpErr.message ?? 'Bad request');
        return;
      }
      logger.error('unexpected error', { err, method: ctx.method, path: ctx.path, requestId: ctx.state.requestId });
      ctx.status = 500;
      ctx.body = errorBody('internal', '服务器内部错误 / Internal server error');
    }
  };
}
