// Liveness and readiness: is the database reachable, and are all migrations applied?
import type { Database } from '../../db/database.js';
import { Migrator } from '../../db/migrator.js';
import { defineError, UnavailableError } from '../../shared/errors.js';
import type { Lifecycle } from '../../shared/lifecycle.js';
import type { Logger } from '../../shared/logger.js';

export const healthErrors = {
  databaseUnreachable: defineError(UnavailableError, 'database_unreachable', { zh: '数据库不可用', en: 'The database cannot be reached' }),
  migrationsPending: defineError(UnavailableError, 'migrations_pending', (pending: string[]) => ({
    zh: '数据库尚未迁移',
    en: 'Database migrations are pending',
    details: { pending },
  })),
  shuttingDown: defineError(UnavailableError, 'shutting_down', { zh: '服务正在停止', en: 'This instance is shutting down' }),
};

/** `lifecycle`: the process's, when it serves HTTP (readiness is 503 from the moment it starts stopping). */
export function createHealthService(db: Database, logger: Logger, lifecycle?: Lifecycle) {
  const migrator = new Migrator(db, logger);

  async function readiness() {
    if (lifecycle?.stopping) throw healthErrors.shuttingDown();
    try {
      await db.sql.select('SELECT 1 AS one');
    } catch (err) {
      logger.warn('readiness: database unreachable', { err: (err as Error).message });
      throw healthErrors.databaseUnreachable();
    }
    const { pending } = await migrator.status();
    if (pending.length > 0) throw healthErrors.migrationsPending(pending);
    return { status: 'ready', database: db.dialect };
  }

  return { readiness };
}

export type HealthService = ReturnType<typeof createHealthService>;
