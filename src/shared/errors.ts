// Domain errors: a stable snake_case code, a message in Chinese and English, optional details.
// They know nothing of HTTP; src/shared/http/error-middleware.ts maps each class to a status.

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

/** Input that does not have the right form; one entry per offending field. */
export class ValidationError extends AppError {
  constructor(fields: FieldProblem[], text: Text = { zh: '输入有误，请检查标出的字段', en: 'Some fields are invalid' }) {
    super('validation_failed', text, { fields });
  }
}

export interface FieldProblem {
  field: string;
  message: string;
  type: string;
}

export class NotFoundError extends AppError {
  constructor(what: Text = { zh: '未找到', en: 'Not found' }, details?: Details) {
    super('not_found', what, details);
  }
}

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

/** Slow down (login throttling). */
export class TooManyRequestsError extends AppError {}

/** The request itself cannot be read (bad JSON, a QR token that is not one). */
export class MalformedRequestError extends AppError {}

/** The request body is larger than the server reads. */
export class PayloadTooLargeError extends AppError {}

/** The request body is not in a format the route reads (not JSON). */
export class UnsupportedMediaTypeError extends AppError {}

/** A dependency is down or not ready (database unreachable, migrations pending). */
export class UnavailableError extends AppError {}
