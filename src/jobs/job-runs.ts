// Exactly once across instances: the first instance to insert "<job>:<scheduled instant>" into job_runs runs that
// fire; the others are told not to. This is node-cron's RunCoordinator, backed by a lease row in the database
// (works on MySQL across any number of instances, and on SQLite).
import { hostname } from 'node:os';
import type { RunCoordinator } from 'node-cron';
import { isDatabaseUnavailable } from '../db/availability.js';
import { isRetryableLockError, type Database } from '../db/database.js';
import { duplicateKeys } from '../db/sql.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';

export const INSTANCE_ID = `${hostname()}:${process.pid}`;

export function databaseRunCoordinator(db: Database, clock: Clock, logger: Logger, instance = INSTANCE_ID): RunCoordinator {
  return {
    async shouldRun(key: string): Promise<boolean> {
      try {
        await db.sql.run('INSERT INTO job_runs (run_key, job, instance, started_at) VALUES (:key, :job, :instance, :now)', {
          key: key.slice(0, 191),
          job: key.split(':')[0]!.slice(0, 64),
          instance,
          now: clock.now(),
        });
        return true;
      } catch (err) {
        if (duplicateKeys(err)) return false;
        // On a Galera cluster the same key inserted through another node fails our commit certification, which
        // surfaces as a deadlock: that other insert is the lease, so another instance has this fire.
        if (isRetryableLockError(err)) {
          logger.debug('job lease taken through another node', { key });
          return false;
        }
        if (!isDatabaseUnavailable(err)) logger.error('job lease failed', { key, err });
        throw err;
      }
    },
    async onComplete(key: string): Promise<void> {
      await db.sql.run('UPDATE job_runs SET finished_at = :now WHERE run_key = :key', { key: key.slice(0, 191), now: clock.now() });
    },
  };
}
