// When the database cannot be reached: which errors mean that, the one error requests get for it (503
// database_unavailable with Retry-After), and the outage log: one error line when it starts, one line when it ends,
// not one per request.
import { defineError, UnavailableError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** How long a client is told to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;

export const databaseErrors = {
  unavailable: defineError(UnavailableError, 'database_unavailable', {
    zh: '系统暂时繁忙，请稍后重试',
    en: 'The service is briefly unavailable; please try again in a few seconds',
    details: { retryAfterSeconds: RETRY_AFTER_SECONDS },
  }),
};

/** Whether `err` is the 503 the database handle throws while the database cannot be reached. */
export function isDatabaseUnavailable(err: unknown): boolean {
  return (err as { code?: string } | undefined)?.code === 'database_unavailable';
}

/** Sequelize's connection errors: refused, timed out, host unknown or unreachable, no pooled connection in time. */
const SEQUELIZE_CONNECTION_ERRORS = new Set([
  'SequelizeConnectionError',
  'SequelizeConnectionRefusedError',
  'SequelizeConnectionTimedOutError',
  'SequelizeConnectionAcquireTimeoutError',
  'SequelizeHostNotFoundError',
  'SequelizeHostNotReachableError',
]);

/** Network and protocol failures of mysql2 and Node's sockets. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_CONNECTION_KILLED',
]);

/** Server-side errnos that mean "this server is going away or refuses connections", not "this statement is wrong". */
const CONNECTION_ERRNOS = new Set([1040 /* too many connections */, 1053 /* shutdown in progress */, 1927 /* connection killed */, 2006, 2013]);

interface ErrorLike {
  name?: string;
  code?: string;
  errno?: number;
  fatal?: boolean;
  message?: string;
  parent?: ErrorLike;
  original?: ErrorLike;
}

/** Whether `err` says the database cannot be reached (as opposed to a wrong statement or a lock conflict). */
export function isUnavailable(err: unknown): boolean {
  const e = err as ErrorLike | undefined;
  if (!e || typeof e !== 'object') return false;
  if (e.name && SEQUELIZE_CONNECTION_ERRORS.has(e.name)) return true;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (typeof e.errno === 'number' && CONNECTION_ERRNOS.has(e.errno)) return true;
  if (e.fatal === true) return true; // mysql2 marks errors that end the connection
  if (typeof e.message === 'string' && /connection is in closed state/i.test(e.message)) return true;
  const inner = e.parent ?? e.original;
  return inner !== undefined && inner !== e && isUnavailable(inner);
}

/** What a connection or timeout error is, in a few words for the log (never values). */
function reasonOf(err: unknown): string {
  const e = err as ErrorLike;
  const inner = e.parent ?? e.original ?? e;
  return inner.code ?? e.name ?? 'connection error';
}

export interface OutageLog {
  /** A statement failed because the database cannot be reached: logged at error level once per outage. */
  failed(err: unknown): void;
  /** A statement succeeded: ends an outage in progress (logged once). */
  succeeded(): void;
  readonly down: boolean;
}

export function createOutageLog(logger: Logger, now: () => number = Date.now): OutageLog {
  let since: number | undefined;
  let failures = 0;
  return {
    failed(err) {
      failures++;
      if (since !== undefined) return;
      since = now();
      logger.error('database unavailable: requests answer 503 until it is back', { reason: reasonOf(err) });
    },
    succeeded() {
      if (since === undefined) return;
      logger.warn('database available again', { downForMs: now() - since, failedStatements: failures });
      since = undefined;
      failures = 0;
    },
    get down() {
      return since !== undefined;
    },
  };
}
