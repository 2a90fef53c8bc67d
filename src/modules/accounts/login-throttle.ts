// Slows repeated failed logins per account and per IP, in the database so every instance sees the same counts.
import { QueryTypes } from 'sequelize';
import { forUpdate, type Database } from '../../db/database.js';
import { insertIfMissing } from '../../db/insert-if-missing.js';
import { sqlIn } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import { TooManyRequestsError } from '../../shared/errors.js';
import { MINUTE } from '../../shared/time.js';

/** Failures allowed in a window before each further one blocks for a doubling time (1, 2, 4 … 15 minutes). */
export const FREE_FAILURES = 5;
const WINDOW_MS = 15 * MINUTE;
const MAX_BLOCK_MS = 15 * MINUTE;

interface Row {
  failures: number;
  first_failure_at: Date | string;
  blocked_until: Date | string | null;
}

export function createLoginThrottle({ db, clock }: { db: Database; clock: Clock }) {
  async function read(key: string): Promise<Row | undefined> {
    const [row] = await db.sequelize.query<Row>('SELECT failures, first_failure_at, blocked_until FROM login_throttle WHERE throttle_key = :key', {
      type: QueryTypes.SELECT,
      replacements: { key },
    });
    return row;
  }

  /** Refuses with 429 while any of the keys is blocked. */
  async function check(keys: string[]): Promise<void> {
    const now = clock.now().getTime();
    for (const key of keys) {
      const row = await read(key);
      const until = row?.blocked_until ? new Date(row.blocked_until).getTime() : 0;
      if (until > now) {
        throw new TooManyRequestsError(
          'too_many_attempts',
          { zh: '登录失败次数过多，请稍后再试', en: 'Too many failed sign-ins: try again later' },
          { retryAfterSeconds: Math.ceil((until - now) / 1000) },
        );
      }
    }
  }

  async function failed(keys: string[]): Promise<void> {
    const now = clock.now();
    for (const key of keys) {
      await db.transaction(async (t) => {
        await insertIfMissing(sqlIn(db, t), 'login_throttle', { throttle_key: key, failures: 0, first_failure_at: now, blocked_until: null }, ['throttle_key']);
        const [current] = await db.sequelize.query<Row>(
          `SELECT failures, first_failure_at, blocked_until FROM login_throttle WHERE throttle_key = :key${forUpdate(db)}`,
          { type: QueryTypes.SELECT, replacements: { key }, transaction: t },
        );
        const fresh = !current || Number(current.failures) === 0 || now.getTime() - new Date(current.first_failure_at).getTime() > WINDOW_MS;
        const failures = fresh ? 1 : Number(current.failures) + 1;
        const over = failures - FREE_FAILURES;
        const blockedUntil = over > 0 ? new Date(now.getTime() + Math.min(MINUTE * 2 ** (over - 1), MAX_BLOCK_MS)) : null;
        await db.sequelize.query(
          'UPDATE login_throttle SET failures = :failures, first_failure_at = :firstFailureAt, blocked_until = :blockedUntil WHERE throttle_key = :key',
          { replacements: { key, failures, firstFailureAt: fresh ? now : new Date(current.first_failure_at), blockedUntil }, transaction: t },
        );
      });
    }
  }

  async function succeeded(key: string): Promise<void> {
    await db.sequelize.query('DELETE FROM login_throttle WHERE throttle_key = :key', { replacements: { key } });
  }

  return { check, failed, succeeded };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
