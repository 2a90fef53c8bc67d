// The handle services get: an executor for single statements and a transaction runner that hands one out. SQLite runs
// its write transactions one at a time in the process; MySQL retries a transaction that met a lock conflict.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Connection as MysqlConnection } from 'mysql2';
import { Transaction, type Sequelize } from 'sequelize';
import type { DatabaseConfig, DatabaseDeadlines } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { createOutageLog, databaseErrors, isUnavailable } from './availability.js';
import { createSequelize } from './connection.js';
import { Mutex } from './mutex.js';
import { connectionSql, sequelizeSql, type Dialect, type Params, type Sql, type SqlLog } from './sql.js';

export type { Dialect, Sql } from './sql.js';

export interface Database {
  readonly dialect: Dialect;
  /** Statements outside any transaction: each runs on its own (autocommit). */
  readonly sql: Sql;
  /**
   * Runs `fn` in one transaction with the executor of that transaction. SQLite: one write transaction at a time in
   * this process, begun IMMEDIATE (concurrent SQLite transactions through Sequelize stall). MySQL: on a pooled
   * connection, retried as a whole on deadlock or lock-wait timeout (and Galera's certification conflicts, which
   * surface as deadlocks at commit), so `fn` must not act outside the database before it returns.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * MySQL only: how a counter store outside this module reaches this database (rate-limiter-flexible's MySQL store,
   * which keeps the shared rate-limit counters in the `rate_limits` table through this pool).
   */
  counterStore(): { storeClient: unknown; storeType: string; dbName: string } | undefined;
  /**
   * Runs `fn` with the longer statement deadline of jobs and start-up (DATABASE_JOB_STATEMENT_TIMEOUT_MS) instead of
   * a request's (DATABASE_STATEMENT_TIMEOUT_MS), for every statement `fn` makes through this handle.
   */
  longRunning<T>(fn: () => Promise<T>): Promise<T>;
  /** The Sequelize instance, for the migrator's QueryInterface only: code reaches SQL through `sql` and `transaction`. */
  readonly sequelize: Sequelize;
  close(): Promise<void>;
}

const RETRYABLE_MYSQL_ERRNOS = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);
/**
 * On a Galera cluster, transactions on one hot row through different nodes fail certification at COMMIT (errno
 * 1213) over and over while the rush lasts: five quick attempts ran out there; ten, with a backoff that doubles, did not.
 */
const MAX_ATTEMPTS = 10;

/** Wait before the attempt after `attempt`: 10, 20, 40 … up to 200 ms, each between half and all of it (jitter). */
function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 10 * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Deadlock or lock-wait timeout, from Sequelize (wrapped) or from mysql2 directly. */
export function isRetryableLockError(err: unknown): boolean {
  const e = err as { errno?: number; parent?: { errno?: number }; original?: { errno?: number } } | undefined;
  const errno = e?.errno ?? e?.parent?.errno ?? e?.original?.errno;
  return errno !== undefined && RETRYABLE_MYSQL_ERRNOS.has(errno);
}

export const DEFAULT_DEADLINES: DatabaseDeadlines = { connectMs: 2_000, acquireMs: 10_000, statementMs: 5_000, jobStatementMs: 120_000 };

export function openDatabase(config: DatabaseConfig, logger: Logger): Database {
  const deadlines: DatabaseDeadlines = { ...DEFAULT_DEADLINES, ...definedOnly(config.deadlines ?? {}) };
  const sequelize = createSequelize(config, logger, deadlines);
  const dialect = config.dialect;
  const log: SqlLog | undefined = config.logging ? (text) => logger.debug('sql', { sql: text }) : undefined;
  const writeLock = new Mutex();
  const outage = createOutageLog(logger);
  const longScope = new AsyncLocalStorage<true>();
  const statementMs = () => (longScope.getStore() ? deadlines.jobStatementMs : deadlines.statementMs);

  /** Runs `once` until it succeeds, fails otherwise, or has met MAX_ATTEMPTS lock conflicts. */
  async function retryingLockConflicts<T>(once: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once();
      } catch (err) {
        if (!isRetryableLockError(err) || attempt >= MAX_ATTEMPTS) throw err;
        logger.warn('transaction retried after a lock conflict', { attempt });
        await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
      }
    }
  }

  const pool = sequelize.connectionManager;

  /** A pooled MySQL connection for the length of `fn`; one that failed to roll back is destroyed, not reused. */
  // A database that cannot be reached (refused, no connection within the acquire deadline, a statement past its
  // deadline) answers 503 database_unavailable: the caller's transaction is rolled back or its connection dropped.
  async function withConnection<T>(fn: (conn: MysqlConnection) => Promise<T>): Promise<T> {
    let conn: MysqlConnection;
    try {
      conn = (await pool.getConnection({ type: 'write' })) as MysqlConnection;
    } catch (err) {
      throw unavailableOr(err);
    }
    let reusable = true;
    try {
      const result = await fn(conn);
      outage.succeeded();
      return result;
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal || isUnavailable(err)) reusable = false;
      throw unavailableOr(err);
    } finally {
      if (reusable) pool.releaseConnection(conn);
      else {
        // Close the socket at once: a polite end() waits for the server's answer, which a hung server never sends.
        (conn as unknown as { destroy(): void }).destroy();
        void pool.destroyConnection(conn).catch(() => undefined);
      }
    }
  }

  function unavailableOr(err: unknown): unknown {
    if (!isUnavailable(err)) return err;
    outage.failed(err);
    return databaseErrors.unavailable();
  }

  /** One attempt on MySQL: BEGIN … COMMIT on a pooled connection. */
  function mysqlTransaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return withConnection(async (conn) => {
      const tx = connectionSql(conn, log, statementMs);
      await tx.run('START TRANSACTION');
      try {
        const result = await fn(tx);
        await tx.run('COMMIT');
        return result;
      } catch (err) {
        // A statement past its deadline still occupies the connection (a ROLLBACK would queue behind it until the
        // server answers): drop the connection instead, and the server rolls the transaction back.
        if (isUnavailable(err)) throw err;
        await tx.run('ROLLBACK').catch(() => {
          (err as { fatal?: boolean }).fatal = true; // the connection is in an unknown state: do not reuse it
        });
        throw err;
      }
    });
  }

  async function transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      return writeLock.run(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, (t) => fn(sequelizeSql(sequelize, 'sqlite', t, log))));
    }
    return retryingLockConflicts(() => mysqlTransaction(fn));
  }

  /** Single statements: on MySQL each takes a pooled connection for the length of the statement. */
  const sql: Sql =
    dialect === 'sqlite'
      ? sequelizeSql(sequelize, 'sqlite', undefined, log)
      : {
          dialect,
          select: <T extends object>(text: string, params?: Params) => withConnection((conn) => connectionSql(conn, log, statementMs).select<T>(text, params)),
          first: <T extends object>(text: string, params?: Params) => withConnection((conn) => connectionSql(conn, log, statementMs).first<T>(text, params)),
          run: (text: string, params?: Params) => withConnection((conn) => connectionSql(conn, log, statementMs).run(text, params)),
        };

  const counterStore = () => (dialect === 'mysql' ? { storeClient: sequelize, storeType: 'sequelize', dbName: config.database! } : undefined);

  const longRunning = <T>(fn: () => Promise<T>): Promise<T> => longScope.run(true, fn);

  return { dialect, sql, transaction, counterStore, longRunning, sequelize, close: () => sequelize.close() };
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
