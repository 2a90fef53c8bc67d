// After a session ends (plus a grace period), bookings nobody checked in for become no-shows; parties that came short
// count their missing people. The ledger closes each session out once, whoever runs the job.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { MINUTE } from '../../shared/time.js';
import { allEditions } from '../catalogue/editions.js';
import type { Ledger } from '../places/ledger.js';

export interface NoShowsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  ledger: Ledger;
}

export async function markNoShows(deps: NoShowsDeps): Promise<{ sessions: number; noShows: number }> {
  const now = deps.clock.now();
  const result = { sessions: 0, noShows: 0 };
  for (const edition of await allEditions(deps)) {
    const cutoff = new Date(now.getTime() - edition.rules.noShowGraceMinutes * MINUTE);
    const ended = await deps.db.sql.select<{ id: unknown }>(
      `SELECT s.id FROM sessions s
       WHERE s.edition_id = :editionId AND s.ends_at <= :cutoff AND s.status <> 'cancelled'
         AND NOT EXISTS (SELECT 1 FROM session_closeouts c WHERE c.session_id = s.id)
       ORDER BY s.id`,
      { editionId: edition.id, cutoff },
    );
    for (const s of ended) {
      const marked = await deps.ledger.transaction((p) => p.closeOut({ id: Number(s.id), editionId: edition.id }, now));
      if (marked === null) continue; // closed out by another run meanwhile
      result.sessions++;
      result.noShows += marked;
    }
  }
  if (result.sessions > 0) deps.logger.info('no-shows marked', result);
  return result;
}
