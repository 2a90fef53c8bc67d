// Nightly per-venue, per-day figures of an edition, kept for the organisers' report.
import type { Database } from '../../db/database.js';
import { allEditions } from '../catalogue/editions.js';
import type { Clock } from '../../shared/clock.js';
import { addDays, localDateOf } from '../../shared/time.js';

interface StatRow {
  venue_id: number;
  date: string;
  sessions: number | string;
  capacity: number | string | null;
  booked_people: number | string | null;
  admitted_people: number | string | null;
  no_show_people: number | string | null;
  cancelled_bookings: number | string | null;
}

export function createDailyStatsService({ db, clock }: { db: Database; clock: Clock }) {
  /** Recomputes every day of each edition up to yesterday (local); returns the rows written. */
  async function snapshot(): Promise<number> {
    const now = clock.now();
    let written = 0;
    for (const edition of await allEditions({ db })) {
      const yesterday = addDays(localDateOf(now, edition.timezone), -1);
      const last = yesterday < edition.endDate ? yesterday : edition.endDate;
      if (last < edition.startDate) continue;
      const rows = await db.sql.select<StatRow>(
        `SELECT s.venue_id, s.date,
                SUM(CASE WHEN s.status <> 'cancelled' THEN 1 ELSE 0 END) AS sessions,
                SUM(CASE WHEN s.status <> 'cancelled' THEN s.capacity ELSE 0 END) AS capacity,
                SUM((SELECT COALESCE(SUM(b.party_size), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed')) AS booked_people,
                SUM((SELECT COALESCE(SUM(c.admitted), 0) FROM checkins c WHERE c.session_id = s.id)) AS admitted_people,
                SUM((SELECT COALESCE(SUM(n.missing), 0) FROM no_shows n WHERE n.session_id = s.id)) AS no_show_people,
                SUM((SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'cancelled')) AS cancelled_bookings
         FROM sessions s
         WHERE s.edition_id = :editionId AND s.date >= :first AND s.date <= :last
         GROUP BY s.venue_id, s.date`,
        { editionId: edition.id, first: edition.startDate, last },
      );
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM daily_stats WHERE edition_id = :editionId AND date >= :first AND date <= :last', {
          editionId: edition.id,
          first: edition.startDate,
          last,
        });
        for (const r of rows) {
          await tx.run(
            `INSERT INTO daily_stats (edition_id, venue_id, date, sessions, capacity, booked_people, admitted_people, no_show_people, cancelled_bookings, computed_at)
             VALUES (:editionId, :venueId, :date, :sessions, :capacity, :booked, :admitted, :noShows, :cancelled, :now)`,
            {
              editionId: edition.id,
              venueId: r.venue_id,
              date: r.date,
              sessions: Number(r.sessions),
              capacity: Number(r.capacity ?? 0),
              booked: Number(r.booked_people ?? 0),
              admitted: Number(r.admitted_people ?? 0),
              noShows: Number(r.no_show_people ?? 0),
              cancelled: Number(r.cancelled_bookings ?? 0),
              now,
            },
          );
        }
      });
      written += rows.length;
    }
    return written;
  }

  return { snapshot };
}

export type DailyStatsService = ReturnType<typeof createDailyStatsService>;
