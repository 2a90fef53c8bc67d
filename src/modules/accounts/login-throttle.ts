// Slows repeated failed logins per account and per IP, in the database so every instance sees the same counts.
import type { Database } from '../../db/database.js';
import { insertIfMissing } from '../../db/insert-if-missing.js';
import { forUpdate } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import { MINUTE } from '../../shared/time.js';
import { accountErrors } from './accounts.errors.js';

/** Failures allowed in a window before each further one blocks for a doubling time (1, 2, 4 … 15 minutes). */
export const FREE_FAILURES = 5;
const WINDOW_MS = 15 * MINUTE;
const MAX_BLOCK_MS = 15 * MINUTE;

interface Row {
  failures: unknown;
  first_failure_at: unknown;
  blocked_until: unknown;
}

export function createLoginThrottle({ db, clock }: { db: Database; clock: Clock }) {
  /** Refuses with 429 while any of the keys is blocked. */
  async function check(keys: string[]): Promise<void> {
    const now = clock.now().getTime();
    for (const key of keys) {
      const row = await db.sql.first<Row>('SELECT failures, first_failure_at, blocked_until FROM login_throttle WHERE throttle_key = :key', { key });
      const until = row?.blocked_until ? new Date(row.blocked_until as string).getTime() : 0;
      if (until > now) throw accountErrors.tooManyAttempts(Math.ceil((until - now) / 1000));
    }
  }

  async function failed(keys: string[]): Promise<void> {
    const now = clock.now();
    for (const key of keys) {
      await db.transaction(async (tx) => {
        await insertIfMissing(tx, 'login_throttle', { throttle_key: key, failures: 0, first_failure_at: now, blocked_until: null }, ['throttle_key']);
        const current = await tx.first<Row>(`SELECT failures, first_failure_at, blocked_until FROM login_throttle WHERE throttle_key = :key${forUpdate(tx)}`, {
          key,
        });
        const firstAt = current ? new Date(current.first_failure_at as string) : now;
        const fresh = !current || Number(current.failures) === 0 || now.getTime() - firstAt.getTime() > WINDOW_MS;
        const failures = fresh ? 1 : Number(current.failures) + 1;
        const over = failures - FREE_FAILURES;
        const blockedUntil = over > 0 ? new Date(now.getTime() + Math.min(MINUTE * 2 ** (over - 1), MAX_BLOCK_MS)) : null;
        await tx.run(
          'UPDATE login_throttle SET failures = :failures, first_failure_at = :firstFailureAt, blocked_until = :blockedUntil WHERE throttle_key = :key',
          {
            key,
            failures,
            firstFailureAt: fresh ? now : firstAt,
            blockedUntil,
          },
        );
      });
    }
  }

  async function succeeded(key: string): Promise<void> {
    await db.sql.run('DELETE FROM login_throttle WHERE throttle_key = :key', { key });
  }

  return { check, failed, succeeded };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
