// Applies and reverts the migrations in src/db/migrations, recording them in schema_migrations.
import { DataTypes, QueryTypes } from 'sequelize';
import type { Logger } from '../shared/logger.js';
import type { Database } from './database.js';
import { migrations as allMigrations } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

const TABLE = 'schema_migrations';
const LOCK_NAME = 'openday_migrations';

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

  /** Several instances may start at once on MySQL: only one migrates, the others wait for it. */
  private async exclusively<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'mysql') return fn();
    return this.db.sequelize.transaction(async (lockConnection) => {
      const [row] = await this.db.sequelize.query<{ got: number | null }>(`SELECT GET_LOCK(:name, 120) AS got`, {
        type: QueryTypes.SELECT,
        replacements: { name: LOCK_NAME },
        transaction: lockConnection,
      });
      if (row?.got !== 1) throw new Error('could not take the migration lock within 120 s');
      try {
        return await fn();
      } finally {
        await this.db.sequelize.query(`SELECT RELEASE_LOCK(:name)`, { replacements: { name: LOCK_NAME }, transaction: lockConnection });
      }
    });
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
