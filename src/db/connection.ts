// Dialect settings in one place: SQLite with foreign keys, WAL and a busy timeout; MySQL/MariaDB in utf8mb4, UTC and
// READ COMMITTED.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Sequelize } from 'sequelize';
import type { DatabaseConfig, DatabaseDeadlines } from '../config.js';
import type { Logger } from '../shared/logger.js';

interface SqliteConnection {
  exec(sql: string, cb: (err: Error | null) => void): void;
}

interface MysqlConnection {
  query(sql: string, cb: (err: Error | null) => void): void;
}

export function createSequelize(db: DatabaseConfig, logger: Logger, deadlines: Pick<DatabaseDeadlines, 'connectMs' | 'acquireMs'>): Sequelize {
  // Sequelize itself only runs the migrations' schema statements (no personal data in them); everything else goes
  // through the executor in sql.ts, which logs statements without their values.
  const logging = db.logging ? (sql: string) => logger.debug('sql', { sql }) : false;
  if (db.dialect === 'sqlite') {
    if (db.storage && db.storage !== ':memory:') mkdirSync(path.dirname(db.storage), { recursive: true });
    return new Sequelize({
      dialect: 'sqlite',
      storage: db.storage,
      logging,
      define: { underscored: true },
      hooks: {
        afterConnect: (connection: unknown) =>
          new Promise<void>((resolve, reject) => {
            (connection as SqliteConnection).exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;', (err) =>
              err ? reject(err) : resolve(),
            );
          }),
      },
    });
  }
  return new Sequelize(db.database!, db.username!, db.password, {
    dialect: 'mysql',
    host: db.host,
    port: db.port,
    logging,
    timezone: '+00:00',
    dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false, connectTimeout: deadlines.connectMs },
    define: { underscored: true, charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    // `acquire`: how long a caller waits for a pooled connection, opening one included (503 after it).
    pool: { max: db.poolMax, min: 0, acquire: deadlines.acquireMs, idle: 10_000 },
    hooks: {
      // Writers here rely on row locks and conditional UPDATEs, never on a snapshot: under READ COMMITTED a read made
      // after waiting for a lock sees what the lock's holder committed (under REPEATABLE READ it would see the
      // snapshot taken by the transaction's first read, however long ago), and InnoDB takes fewer gap locks.
      afterConnect: (connection: unknown) =>
        new Promise<void>((resolve, reject) => {
          (connection as MysqlConnection).query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', (err) => (err ? reject(err) : resolve()));
        }),
    },
  });
}
