// The handle services get: the Sequelize instance, the models and a transaction runner that cannot stall or deadlock-fail.
import type { Connection as MysqlConnection } from 'mysql2';
import { type Sequelize, Transaction } from 'sequelize';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { createSequelize, sqlLogger } from './connection.js';
import { initModels, type Models } from './models.js';
import { Mutex } from './mutex.js';
import { sqlIn, sqlOnConnection, type Dialect, type Sql } from './sql.js';

export type { Dialect } from './sql.js';

export interface Database {
  readonly sequelize: Sequelize;
  readonly dialect: Dialect;
  readonly models: Models;
  /**
   * Runs `fn` in a transaction. SQLite: one write transaction at a time in this process, begun IMMEDIATE
   * (concurrent SQLite transactions through Sequelize stall). MySQL: retried on deadlock or lock-wait timeout.
   */
  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  /**
   * The same guarantees as transaction(), with plain SQL instead of Sequelize: on MySQL the statements go straight
   * to a mysql2 connection taken from Sequelize's pool (for hot paths); on SQLite this is transaction() with sqlIn.
   */
  sqlTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
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

/** ` FOR UPDATE` on MySQL; nothing on SQLite, whose write transactions already run one at a time. */
export function forUpdate(db: Pick<Database, 'dialect'>): string {
  return db.dialect === 'mysql' ? ' FOR UPDATE' : '';
}

export function openDatabase(config: DatabaseConfig, logger: Logger): Database {
  const sequelize = createSequelize(config, logger);
  const models = initModels(sequelize);
  const dialect = config.dialect;
  const writeLock = new Mutex();

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

  async function transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      return writeLock.run(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
    }
    return retryingLockConflicts(() => sequelize.transaction(fn));
  }

  const log = sqlLogger(config, logger);

  /** One attempt on MySQL: BEGIN … COMMIT on a pooled connection; a connection whose ROLLBACK fails is destroyed. */
  async function directTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const pool = sequelize.connectionManager;
    const conn = (await pool.getConnection({ type: 'write' })) as MysqlConnection;
    const sql = sqlOnConnection(conn, log);
    let reusable = true;
    try {
      await sql.run('START TRANSACTION');
      const result = await fn(sql);
      await sql.run('COMMIT');
      return result;
    } catch (err) {
      await sql.run('ROLLBACK').catch(() => (reusable = false));
      throw err;
    } finally {
      if (reusable) pool.releaseConnection(conn);
      else await pool.destroyConnection(conn).catch(() => undefined);
    }
  }

  async function sqlTransaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') return transaction((t) => fn(sqlIn({ sequelize, dialect }, t)));
    return retryingLockConflicts(() => directTransaction(fn));
  }

  return { sequelize, dialect, models, transaction, sqlTransaction, close: () => sequelize.close() };
}
