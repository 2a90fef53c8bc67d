// Offers the places free in a session to the earliest waiting parties that fit whole: a hold of the party's places for
// each, and a message. First come, first served; a family is never split, so a larger party earlier in the queue keeps
// its place until enough places are free.
import { asDate, asInt } from '../../db/rows.js';
import { formatLocal, MINUTE } from '../../shared/time.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import { rulesOf } from '../catalogue/edition.js';
import type { WaitlistDeps } from './waitlist.deps.js';
import { entryOf, moveEntry } from './waitlist-entry.js';

interface SessionRow {
  edition_id: unknown;
  starts_at: unknown;
  booking_opens_at: unknown;
  timezone: string;
  rules: unknown;
  name_zh: string;
  name_en: string;
}

/**
 * Answers the offers made. `offerMinutes`: how long the offers hold their places (a draw's confirmation time), else
 * the edition's rule.
 */
export async function offerFreedPlaces(
  deps: Pick<WaitlistDeps, 'clock' | 'logger' | 'ledger' | 'notifications' | 'publicBaseUrl'>,
  sessionId: number,
  offerMinutes?: number,
): Promise<number> {
  const now = deps.clock.now();
  const offers = await deps.ledger.transaction(async (p) => {
    await p.lockSessions([sessionId]);
    const places = await p.placesOf(sessionId);
    if (!places || places.status !== 'open') return 0;
    let free = places.capacity - places.booked;
    if (free <= 0) return 0;
    const s = (await p.tx.first<SessionRow>(
      `SELECT s.edition_id, s.starts_at, e.booking_opens_at, e.timezone, e.rules, v.name_zh, v.name_en
       FROM sessions s JOIN editions e ON e.id = s.edition_id JOIN venues v ON v.id = s.venue_id WHERE s.id = :sessionId`,
      { sessionId },
    ))!;
    const startsAt = asDate(s.starts_at);
    const rules = rulesOf(s.rules);
    const closesAt = bookingWindow({ startsAt }, { bookingOpensAt: asDate(s.booking_opens_at), rules }).closesAt;
    if (now >= closesAt) return 0;
    const waiting = (await p.tx.select("SELECT * FROM waitlist_entries WHERE session_id = :sessionId AND status = 'waiting' ORDER BY id", { sessionId })).map(
      entryOf,
    );
    const chosen = [];
    for (const w of waiting) {
      if (w.partySize > free) continue;
      chosen.push(w);
      free -= w.partySize;
      if (free === 0) break;
    }
    if (chosen.length === 0) return 0;
    // Shorter close to the session: an offer never outlives the booking cutoff.
    const expiresAt = new Date(Math.min(now.getTime() + (offerMinutes ?? rules.waitlistOfferMinutes) * MINUTE, closesAt.getTime()));
    const session = { id: sessionId, editionId: asInt(s.edition_id) };
    const holds: number[] = [];
    for (const w of chosen) holds.push((await p.createHold(session, w.partySize, expiresAt, now))!);
    await p.lockWaitlistEntries(chosen.map((w) => w.id));
    let made = 0;
    for (const [i, w] of chosen.entries()) {
      if (!(await moveEntry(p.tx, w.id, 'waiting', 'offered', now, { holdId: holds[i], offeredAt: now }))) {
        // Gone meanwhile (left, or expired by the job): its places go back at once.
        await p.endHold({ id: holds[i]!, sessionId, places: w.partySize }, 'released', now);
        continue;
      }
      await deps.notifications.enqueue(p.tx, {
        dedupeKey: `waitlist_offer:${w.id}`,
        template: 'waitlist_offer',
        language: w.language,
        phone: w.contactPhone,
        payload: {
          venue: s.name_zh,
          venueEn: s.name_en,
          startsAt: formatLocal(startsAt, s.timezone),
          partySize: w.partySize,
          expiresAt: formatLocal(expiresAt, s.timezone),
          link: `${deps.publicBaseUrl}/waitlist/${w.id}`,
        },
      });
      made++;
    }
    return made;
  });
  if (offers > 0) deps.logger.info('waitlist offers made', { sessionId, offers });
  return offers;
}
