// Applies and reverts the migrations in src/db/migrations, recording them in schema_migrations.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataTypes, QueryTypes } from 'sequelize';
import type { Logger } from '../shared/logger.js';
import { isRetryableLockError, type Database } from './database.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

const TABLE = 'schema_migrations';
const LOCK_TABLE = 'schema_migrations_lock';
/** A holder that stops renewing (crashed) loses the lock after this long. */
const LEASE_MS = 30_000;
const WAIT_MS = 120_000;

export interface MigrationStatus {
  applied: string[];
  pending: string[];
}

export class Migrator {
  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
    private readonly migrations: readonly Migration[] = allMigrations,
  ) {}

  private async ensureTable(): Promise<void> {
    const qi = this.db.sequelize.getQueryInterface();
    const tables = (await qi.showAllTables()).map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName));
    if (tables.includes(TABLE)) return;
    await qi.createTable(TABLE, {
      name: { type: DataTypes.STRING(191), primaryKey: true },
      applied_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  }

  async appliedNames(): Promise<string[]> {
    await this.ensureTable();
    const rows = await this.db.sequelize.query<{ name: string }>(`SELECT name FROM ${TABLE} ORDER BY name`, { type: QueryTypes.SELECT });
    return rows.map((r) => r.name);
  }

  async status(): Promise<MigrationStatus> {
    const applied = await this.appliedNames();
    return { applied, pending: this.migrations.map((m) => m.name).filter((n) => !applied.includes(n)) };
  }

  /**
   * Several instances may start at once: only one migrates, the others wait for it. The lock is a lease row in
   * LOCK_TABLE rather than GET_LOCK, which is local to one node on a Galera cluster: taken with a conditional UPDATE,
   * renewed while the migrations run, and taken over once expired, so a crashed holder blocks the others for one
   * lease at most. The same row serves SQLite (two processes on one file).
   */
  private async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    const lock = new LeaseLock(this.db, this.logger);
    await lock.acquire();
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  }

  /** Applies every pending migration in order; returns the names applied. */
  async up(): Promise<string[]> {
    return this.exclusively(async () => {
      const applied = new Set(await this.appliedNames());
      const done: string[] = [];
      const qi = this.db.sequelize.getQueryInterface();
      for (const m of this.migrations) {
        if (applied.has(m.name)) continue;
        this.logger.info('migration up', { migration: m.name });
        await m.up(qi);
        await qi.bulkInsert(TABLE, [{ name: m.name, applied_at: new Date() }]);
        done.push(m.name);
      }
      return done;
    });
  }

  /** Reverts the last `steps` applied migrations (all of them with Infinity); returns the names reverted. */
  async down(steps = 1): Promise<string[]> {
    return this.exclusively(async () => {
      const applied = await this.appliedNames();
      const qi = this.db.sequelize.getQueryInterface();
      const done: string[] = [];
      for (const name of applied.reverse().slice(0, steps)) {
        const m = this.migrations.find((x) => x.name === name);
        if (!m) throw new Error(`applied migration ${name} is not known to this version`);
        this.logger.info('migration down', { migration: m.name });
        await m.down(qi);
        await qi.bulkDelete(TABLE, { name: m.name });
        done.push(m.name);
      }
      return done;
    });
  }
}

/** The migration lease: one row (id 1) naming its holder and until when it holds. */
class LeaseLock {
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private renewal: NodeJS.Timeout | undefined;
  private held = false;

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  private get sql() {
    return this.db.sql;
  }

  /** The table and its one row; both statements are harmless when another instance ran them first. */
  private async ensureRow(): Promise<void> {
    const mysql = this.db.dialect === 'mysql';
    await this.sql.run(
      `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE} (id INTEGER NOT NULL PRIMARY KEY, holder VARCHAR(191) NULL, expires_at BIGINT NOT NULL)` +
        (mysql ? ' ENGINE=InnoDB' : ''),
    );
    await this.sql.run(`INSERT ${mysql ? 'IGNORE' : 'OR IGNORE'} INTO ${LOCK_TABLE} (id, holder, expires_at) VALUES (1, NULL, 0)`);
  }

  /** One attempt; a Galera certification conflict (a deadlock error) with another taker counts as not taken. */
  private async tryTake(): Promise<boolean> {
    const now = Date.now();
    try {
      const { affectedRows } = await this.sql.run(
        `UPDATE ${LOCK_TABLE} SET holder = :holder, expires_at = :until WHERE id = 1 AND (holder IS NULL OR expires_at < :now)`,
        { holder: this.holder, until: now + LEASE_MS, now },
      );
      return affectedRows === 1;
    } catch (err) {
      if (isRetryableLockError(err)) return false;
      throw err;
    }
  }

  async acquire(): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    let waiting = false;
    for (;;) {
      try {
        await this.ensureRow();
      } catch (err) {
        if (!isRetryableLockError(err)) throw err;
      }
      if (await this.tryTake()) break;
      if (Date.now() > deadline) throw new Error(`could not take the migration lock within ${WAIT_MS / 1000} s`);
      if (!waiting) {
        waiting = true;
        const [row] = await this.sql.select<{ holder: string | null }>(`SELECT holder FROM ${LOCK_TABLE} WHERE id = 1`);
        this.logger.info('migrations: waiting for another instance', { holder: row?.holder });
      }
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 200));
    }
    this.held = true;
    this.renewal = setInterval(() => void this.renew(), LEASE_MS / 3);
    this.renewal.unref();
  }

  private async renew(): Promise<void> {
    try {
      const { affectedRows } = await this.sql.run(`UPDATE ${LOCK_TABLE} SET expires_at = :until WHERE id = 1 AND holder = :holder`, {
        until: Date.now() + LEASE_MS,
        holder: this.holder,
      });
      if (affectedRows !== 1 && this.held) this.logger.error('migrations: the lock was lost (lease expired before renewal)', { holder: this.holder });
    } catch (err) {
      this.logger.warn('migrations: could not renew the lock', { err });
    }
  }

  async release(): Promise<void> {
    clearInterval(this.renewal);
    this.held = false;
    await this.sql.run(`UPDATE ${LOCK_TABLE} SET holder = NULL, expires_at = 0 WHERE id = 1 AND holder = :holder`, { holder: this.holder });
  }
}
