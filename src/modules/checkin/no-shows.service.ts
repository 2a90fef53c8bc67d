// After a session ends (plus a grace period), bookings nobody checked in for become no-shows; parties that came
// short count their missing people. A whole-party no-show counts against the phone (edition rule noShowLimit).
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { MINUTE } from '../../shared/time.js';

interface EndedSession {
  id: number;
  edition_id: number;
}

interface BookingRow {
  id: number;
  contact_phone: string;
  party_size: number;
  admitted: number | null;
}

export function createNoShowsService({ db, clock, logger }: { db: Database; clock: Clock; logger: Logger }) {
  async function markNoShows(): Promise<{ sessions: number; noShows: number }> {
    const now = clock.now();
    const result = { sessions: 0, noShows: 0 };
    for (const edition of await db.models.Edition.findAll()) {
      const cutoff = new Date(now.getTime() - edition.rules.noShowGraceMinutes * MINUTE);
      const ended = await db.sequelize.query<EndedSession>(
        `SELECT s.id, s.edition_id FROM sessions s
         WHERE s.edition_id = :editionId AND s.ends_at <= :cutoff AND s.status <> 'cancelled'
           AND NOT EXISTS (SELECT 1 FROM session_closeouts c WHERE c.session_id = s.id)
         ORDER BY s.id`,
        { type: QueryTypes.SELECT, replacements: { editionId: edition.id, cutoff } },
      );
      for (const session of ended) {
        const marked = await db
          .transaction(async (t) => {
            // The closeout row is the claim: a session is closed out once, whoever runs the job.
            await db.sequelize.query('INSERT INTO session_closeouts (session_id, closed_at) VALUES (:sessionId, :now)', {
              replacements: { sessionId: session.id, now },
              transaction: t,
            });
            const bookings = await db.sequelize.query<BookingRow>(
              `SELECT b.id, b.contact_phone, b.party_size, c.admitted FROM bookings b
             LEFT JOIN checkins c ON c.booking_id = b.id
             WHERE b.session_id = :sessionId AND b.status = 'confirmed'`,
              { type: QueryTypes.SELECT, replacements: { sessionId: session.id }, transaction: t },
            );
            let n = 0;
            for (const b of bookings) {
              const admitted = b.admitted === null ? 0 : Number(b.admitted);
              const missing = Number(b.party_size) - admitted;
              if (missing <= 0) continue;
              const wholeParty = admitted === 0;
              await db.sequelize.query(
                `INSERT INTO no_shows (booking_id, edition_id, session_id, phone, missing, whole_party, marked_at)
               VALUES (:bookingId, :editionId, :sessionId, :phone, :missing, :wholeParty, :now)`,
                {
                  replacements: { bookingId: b.id, editionId: session.edition_id, sessionId: session.id, phone: b.contact_phone, missing, wholeParty, now },
                  transaction: t,
                },
              );
              if (wholeParty) {
                await db.sequelize.query(
                  'UPDATE phone_counters SET no_shows = no_shows + 1, updated_at = :now WHERE edition_id = :editionId AND phone = :phone',
                  { replacements: { editionId: session.edition_id, phone: b.contact_phone, now }, transaction: t },
                );
                n++;
              }
            }
            return n;
          })
          .catch((err: unknown) => {
            if (err instanceof UniqueConstraintError) return null; // closed out by another run meanwhile
            throw err;
          });
        if (marked === null) continue;
        result.sessions++;
        result.noShows += marked;
      }
    }
    if (result.sessions > 0) logger.info('no-shows marked', result);
    return result;
  }

  return { markNoShows };
}

export type NoShowsService = ReturnType<typeof createNoShowsService>;
