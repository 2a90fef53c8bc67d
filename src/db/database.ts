// The handle services get: the Sequelize instance, the models and a transaction runner that cannot stall or deadlock-fail.
import { Sequelize, Transaction } from 'sequelize';
import type { DatabaseConfig } from '../config.js';
import type { Logger } from '../shared/logger.js';
import { createSequelize } from './connection.js';
import { initModels, type Models } from './models.js';
import { Mutex } from './mutex.js';

export type Dialect = 'sqlite' | 'mysql';

export interface Database {
  readonly sequelize: Sequelize;
  readonly dialect: Dialect;
  readonly models: Models;
  /**
   * Runs `fn` in a transaction. SQLite: one write transaction at a time in this process, begun IMMEDIATE
   * (concurrent SQLite transactions through Sequelize stall). MySQL: retried on deadlock or lock-wait timeout.
   */
  transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const RETRYABLE_MYSQL_ERRNOS = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);
const MAX_ATTEMPTS = 5;

export function isRetryableLockError(err: unknown): boolean {
  const e = err as { parent?: { errno?: number }; original?: { errno?: number } } | undefined;
  const errno = e?.parent?.errno ?? e?.original?.errno;
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

  async function transaction<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
    if (dialect === 'sqlite') {
      return writeLock.run(() => sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, fn));
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await sequelize.transaction(fn);
      } catch (err) {
        if (!isRetryableLockError(err) || attempt >= MAX_ATTEMPTS) throw err;
        logger.warn('transaction retried after a lock conflict', { attempt });
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
      }
    }
  }

  return { sequelize, dialect, models, transaction, close: () => sequelize.close() };
}
