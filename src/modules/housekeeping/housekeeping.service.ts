// Tables that anonymous traffic and the jobs make grow, kept bounded: expired rate-limit counters, old failed
// sign-in entries of the audit log, answered idempotency keys and past job leases. Run hourly by the prune job.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { AuditService } from '../audit/audit.service.js';
import { pruneKeys } from '../bookings/idempotency.js';
import type { Limiter } from '../limits/limiter.js';

/** How long each kind of row is kept. */
export const KEEP = {
  /** Failed sign-ins in the audit log: enough to look back on an attack, not a permanent record. */
  failedSignInDays: 30,
  /** Idempotency keys: a client retries within minutes; two days covers a phone that was offline overnight. */
  idempotencyKeyDays: 2,
  /** Job leases: only the current fires matter; a week helps to see what ran. */
  jobRunDays: 7,
};

export interface Pruned {
  rateLimits: number;
  failedSignIns: number;
  idempotencyKeys: number;
  jobRuns: number;
}

export function createHousekeepingService({ db, clock, limiter, audit }: { db: Database; clock: Clock; limiter: Limiter; audit: AuditService }) {
  const daysAgo = (days: number) => new Date(clock.now().getTime() - days * 86_400_000);

  async function prune(): Promise<Pruned> {
    return {
      rateLimits: await limiter.prune(clock.now()),
      failedSignIns: await audit.pruneAnonymous(KEEP.failedSignInDays),
      idempotencyKeys: await pruneKeys(db.sql, daysAgo(KEEP.idempotencyKeyDays)),
      // The leases' writer is the scheduler's run coordinator (src/jobs/job-runs.ts); rows past their fire are history.
      jobRuns: (await db.sql.run('DELETE FROM job_runs WHERE started_at < :before', { before: daysAgo(KEEP.jobRunDays) })).affectedRows,
    };
  }

  return { prune };
}

export type HousekeepingService = ReturnType<typeof createHousekeepingService>;
