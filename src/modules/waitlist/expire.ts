// Every minute: offers past their deadline expire and their places pass on; waiting entries of sessions that can no
// longer be booked expire; any session with free places and a queue gets its offers.
import { asDate, asInt } from '../../db/rows.js';
import { formatLocal } from '../../shared/time.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import { rulesOf } from '../catalogue/edition.js';
import { offerFreedPlaces } from './offer.js';
import type { WaitlistDeps } from './waitlist.deps.js';
import { entryOf, expireQueue, moveEntry } from './waitlist-entry.js';

interface DueRow {
  hold_places: unknown;
  name_zh: string;
  name_en: string;
  starts_at: unknown;
  timezone: string;
}

async function expireOffers(deps: WaitlistDeps, now: Date): Promise<number> {
  const due = await deps.db.sql.select<DueRow & Record<string, unknown>>(
    `SELECT w.*, h.places AS hold_places, v.name_zh, v.name_en, s.starts_at, e.timezone
     FROM waitlist_entries w
     JOIN place_holds h ON h.id = w.hold_id
     JOIN sessions s ON s.id = w.session_id JOIN venues v ON v.id = s.venue_id JOIN editions e ON e.id = s.edition_id
     WHERE w.status = 'offered' AND h.status = 'active' AND h.expires_at <= :now
     ORDER BY w.id`,
    { now },
  );
  let expired = 0;
  for (const row of due) {
    const w = entryOf(row);
    const done = await deps.ledger.transaction(async (p) => {
      await p.lockSessions([w.sessionId]);
      if (!(await p.endHold({ id: w.holdId!, sessionId: w.sessionId, places: asInt(row.hold_places) }, 'expired', now))) return false;
      await p.lockWaitlistEntries([w.id]);
      await moveEntry(p.tx, w.id, 'offered', 'expired', now);
      await deps.notifications.enqueue(p.tx, {
        dedupeKey: `offer_expired:${w.id}`,
        template: 'offer_expired',
        language: w.language,
        phone: w.contactPhone,
        payload: {
          venue: row.name_zh,
          venueEn: row.name_en,
          startsAt: formatLocal(asDate(row.starts_at), row.timezone),
          link: `${deps.publicBaseUrl}/waitlist/${w.id}`,
        },
      });
      return true;
    });
    if (done) expired++;
  }
  return expired;
}

/** Waiting entries whose session closed, was cancelled or passed its booking cutoff will never be offered. */
async function expireUnbookable(deps: WaitlistDeps, now: Date): Promise<number> {
  const sessions = await deps.db.sql.select<{ id: unknown; status: string; starts_at: unknown; booking_opens_at: unknown; rules: unknown }>(
    `SELECT DISTINCT s.id, s.status, s.starts_at, e.booking_opens_at, e.rules
     FROM waitlist_entries w JOIN sessions s ON s.id = w.session_id JOIN editions e ON e.id = s.edition_id
     WHERE w.status = 'waiting'`,
  );
  let n = 0;
  for (const s of sessions) {
    const window = bookingWindow({ startsAt: asDate(s.starts_at) }, { bookingOpensAt: asDate(s.booking_opens_at), rules: rulesOf(s.rules) });
    if (s.status === 'open' && now < window.closesAt) continue;
    n += await deps.ledger.transaction(async (p) => {
      await p.lockSessions([asInt(s.id)]);
      p.locks.enter('waitlist_entry');
      return expireQueue(p.tx, asInt(s.id), now, ['waiting']);
    });
  }
  return n;
}

export async function expireAndOffer(deps: WaitlistDeps): Promise<{ expired: number; offered: number }> {
  const now = deps.clock.now();
  const expired = (await expireOffers(deps, now)) + (await expireUnbookable(deps, now));
  const sessions = await deps.db.sql.select<{ session_id: unknown }>(
    `SELECT DISTINCT w.session_id FROM waitlist_entries w JOIN sessions s ON s.id = w.session_id
     WHERE w.status = 'waiting' AND s.status = 'open' AND s.booked < s.capacity`,
  );
  let offered = 0;
  for (const s of sessions) offered += await offerFreedPlaces(deps, asInt(s.session_id));
  return { expired, offered };
}
