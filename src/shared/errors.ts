// Domain errors: a stable snake_case code, a message in Chinese and English, optional details. They know nothing of
// HTTP; src/shared/http/error-middleware.ts maps each class to a status. Each module keeps its errors in one catalogue
// (`<module>.errors.ts`, built with defineError): every throw names an entry, and the OpenAPI document lists each
// route's codes from the entries the route declares.

export interface Text {
  zh: string;
  en: string;
}

export type Details = Record<string, unknown>;

/**
 * A domain error is an answer (full, closed, not found), not a fault: the code, the message and the details say all
 * there is, and nothing ever prints its stack (error-middleware.ts maps every one to a 4xx or 503). So it is built
 * without a stack trace, which V8 would otherwise capture at construction: on a busy booking rush, where about half
 * the attempts end in `session_full`, that capture was the costliest single step of a refusal.
 */
export abstract class AppError extends Error {
  readonly code: string;
  readonly text: Text;
  readonly details?: Details;

  constructor(code: string, text: Text, details?: Details) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`${text.en} (${code})`);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.text = text;
    this.details = details;
    this.name = new.target.name;
  }
}

export interface FieldProblem {
  field: string;
  message: string;
  type: string;
}

/** Input that does not have the right form; one entry per offending field. */
export class ValidationError extends AppError {
  constructor(fields: FieldProblem[], text: Text = { zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' }) {
    super('validation_failed', text, { fields });
  }
}

export class NotFoundError extends AppError {}

/** The request conflicts with the current state (full session, duplicate, already done). */
export class ConflictError extends AppError {}

/** Well-formed input that a business rule refuses (closed window, age, party size). */
export class RuleViolationError extends AppError {}

/** No or bad credentials. */
export class UnauthenticatedError extends AppError {}

/** Known caller, not allowed. */
export class ForbiddenError extends AppError {}

/** The thing existed and is gone for good (cancelled). */
export class GoneError extends AppError {}

/** Slow down (throttling, rate limits). */
export class TooManyRequestsError extends AppError {}

/** The request itself cannot be read (bad JSON, a QR token that is not one). */
export class MalformedRequestError extends AppError {}

/** The request body is larger than the server reads. */
export class PayloadTooLargeError extends AppError {}

/** The request body is not in a format the route reads (not JSON). */
export class UnsupportedMediaTypeError extends AppError {}

/** A dependency is down or not ready (database unreachable, migrations pending). */
export class UnavailableError extends AppError {}

/** The path exists, but not for this method. */
export class MethodNotAllowedError extends AppError {}

/** A method this service implements on no path (PROPFIND, TRACE …). */
export class NotImplementedError extends AppError {}

export type ErrorClass = new (code: string, text: Text, details?: Details) => AppError;

/** A message, with the details that go with it. */
export interface Message extends Text {
  details?: Details;
}

/** A catalogue entry: its code and class; calling it builds the error (with the arguments its message takes). */
export interface ErrorDef<A extends unknown[] = []> {
  (...args: A): AppError;
  readonly code: string;
  readonly type: ErrorClass;
}

export function defineError<A extends unknown[] = []>(type: ErrorClass, code: string, message: Message | ((...args: A) => Message)): ErrorDef<A> {
  const build = (...args: A): AppError => {
    const m = typeof message === 'function' ? message(...args) : message;
    return new type(code, { zh: m.zh, en: m.en }, m.details);
  };
  return Object.assign(build, { code, type });
}

/** Errors any route can answer with: about the request, the caller or the service, not about a module's things. */
export const commonErrors = {
  unauthenticated: defineError(UnauthenticatedError, 'unauthenticated', { zh: '请先登录', en: 'Sign in first' }),
  forbidden: defineError(ForbiddenError, 'forbidden', { zh: '无权执行此操作', en: 'You are not allowed to do this' }),
  noRoute: defineError(NotFoundError, 'not_found', (method: string, path: string) => ({
    zh: '没有这个地址',
    en: 'No such route',
    details: { method, path },
  })),
  invalidJson: defineError(MalformedRequestError, 'invalid_json', { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' }),
  payloadTooLarge: defineError(PayloadTooLargeError, 'payload_too_large', (limitBytes: number) => ({
    zh: '请求体过大',
    en: 'The request body is too large',
    details: { limitBytes },
  })),
  unsupportedMediaType: defineError(UnsupportedMediaTypeError, 'unsupported_media_type', {
    zh: '请求体须为 JSON',
    en: 'The request body must be JSON (Content-Type: application/json)',
  }),
  methodNotAllowed: defineError(MethodNotAllowedError, 'method_not_allowed', (method: string, allow: string[]) => ({
    zh: '此地址不支持该请求方法',
    en: 'This method is not allowed here',
    details: { method, allow },
  })),
  notImplemented: defineError(NotImplementedError, 'not_implemented', (method: string) => ({
    zh: '不支持该请求方法',
    en: 'This method is not supported',
    details: { method },
  })),
  crossSiteRequest: defineError(ForbiddenError, 'cross_site_request', (reason: string) => ({
    zh: '请求来自其他网站，已拒绝',
    en: 'This request came from another site and was refused',
    details: { reason },
  })),
};
