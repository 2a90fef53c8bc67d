// Retention: rate-limit counters are keyed by phone numbers among others; counters whose window has ended are
// deleted (MySQL keeps them in rate_limits; Redis expires its own, SQLite counts in memory).
import type { Sql } from '../../db/sql.js';

export async function forgetExpiredCounters(tx: Sql, now: Date): Promise<number> {
  if (tx.dialect !== 'mysql') return 0;
  return (await tx.run('DELETE FROM rate_limits WHERE expire IS NOT NULL AND expire < :nowMs', { nowMs: now.getTime() })).affectedRows;
}
