// Day-before reminders: one per confirmed booking, queued with a key that makes a second run (or a restart) harmless.
import type { Database } from '../../db/database.js';
import { allEditions } from '../catalogue/editions.js';
import type { Clock } from '../../shared/clock.js';
import { addDays, formatLocal, localDateOf } from '../../shared/time.js';
import type { NotificationsService } from './notifications.service.js';

interface Row {
  code: string;
  contact_phone: string;
  language: 'zh' | 'en';
  party_size: number;
  starts_at: Date | string;
  name_zh: string;
  name_en: string;
  timezone: string;
}

export function createRemindersService({ db, clock, notifications }: { db: Database; clock: Clock; notifications: NotificationsService }) {
  /** Queues reminders for every confirmed booking of sessions taking place tomorrow (local date of each edition). */
  async function queueReminders(): Promise<number> {
    const now = clock.now();
    const editions = await allEditions({ db });
    let queued = 0;
    for (const edition of editions) {
      const tomorrow = addDays(localDateOf(now, edition.timezone), 1);
      if (tomorrow < edition.startDate || tomorrow > edition.endDate) continue;
      const rows = await db.sql.select<Row>(
        `SELECT b.code, b.contact_phone, b.language, b.party_size, s.starts_at, v.name_zh, v.name_en, :tz AS timezone
         FROM bookings b JOIN sessions s ON s.id = b.session_id JOIN venues v ON v.id = b.venue_id
         WHERE s.edition_id = :editionId AND s.date = :tomorrow AND s.status = 'open' AND b.status = 'confirmed'
         ORDER BY b.id`,
        { editionId: edition.id, tomorrow, tz: edition.timezone },
      );
      for (let i = 0; i < rows.length; i += 200) {
        await db.transaction(async (tx) => {
          for (const r of rows.slice(i, i + 200)) {
            await notifications.enqueue(tx, {
              dedupeKey: `reminder:${r.code}`,
              template: 'reminder',
              language: r.language,
              phone: r.contact_phone,
              payload: {
                code: r.code,
                venue: r.name_zh,
                venueEn: r.name_en,
                startsAt: formatLocal(new Date(r.starts_at), edition.timezone),
                partySize: Number(r.party_size),
              },
            });
          }
        });
      }
      queued += rows.length;
    }
    return queued;
  }

  return { queueReminders };
}

export type RemindersService = ReturnType<typeof createRemindersService>;
