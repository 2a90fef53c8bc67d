// The JSON shape of a waiting-list entry: where and when, its place in the queue, the offer and how long it holds,
// and the booking it became.
import type { Database } from '../../db/database.js';
import { asDate, asInt, asLocalDate } from '../../db/rows.js';
import { formatInstant } from '../../shared/time.js';
import { rulesOf } from '../catalogue/edition.js';
import type { WaitlistEntry, WaitlistStatus } from './waitlist-entry.js';

export interface WaitlistView {
  id: number;
  sessionId: number;
  status: WaitlistStatus;
  partySize: number;
  venue: { id: number; name: string; nameEn: string; address: string | null };
  session: { date: string; startsAt: string; endsAt: string };
  /** Place in the queue while waiting (1 = next). */
  position: number | null;
  offerExpiresAt: string | null;
  /** How long an offer holds its places, in minutes (never past the booking cutoff). */
  offerMinutes: number;
  bookingCode: string | null;
}

interface PlaceRow {
  name_zh: string;
  name_en: string;
  address_zh: string | null;
  date: unknown;
  starts_at: unknown;
  ends_at: unknown;
  timezone: string;
  rules: unknown;
}

export async function waitlistView(db: Database, entry: WaitlistEntry): Promise<WaitlistView> {
  let position: number | null = null;
  if (entry.status === 'waiting') {
    const ahead = await db.sql.first<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM waitlist_entries WHERE session_id = :sessionId AND status = 'waiting' AND id < :id",
      { sessionId: entry.sessionId, id: entry.id },
    );
    position = asInt(ahead?.n) + 1;
  }
  const place = (await db.sql.first<PlaceRow>(
    `SELECT v.name_zh, v.name_en, v.address_zh, s.date, s.starts_at, s.ends_at, e.timezone, e.rules
     FROM sessions s JOIN venues v ON v.id = s.venue_id JOIN editions e ON e.id = s.edition_id WHERE s.id = :id`,
    { id: entry.sessionId },
  ))!;
  const tz = place.timezone;
  let offerExpiresAt: string | null = null;
  if (entry.status === 'offered' && entry.holdId !== null) {
    const hold = await db.sql.first<{ expires_at: unknown }>('SELECT expires_at FROM place_holds WHERE id = :id', { id: entry.holdId });
    if (hold) offerExpiresAt = formatInstant(asDate(hold.expires_at), tz);
  }
  const booking = entry.bookingId ? await db.sql.first<{ code: string }>('SELECT code FROM bookings WHERE id = :id', { id: entry.bookingId }) : undefined;
  return {
    id: entry.id,
    sessionId: entry.sessionId,
    status: entry.status,
    partySize: entry.partySize,
    venue: { id: entry.venueId, name: place.name_zh, nameEn: place.name_en, address: place.address_zh },
    session: { date: asLocalDate(place.date), startsAt: formatInstant(asDate(place.starts_at), tz), endsAt: formatInstant(asDate(place.ends_at), tz) },
    position,
    offerExpiresAt,
    offerMinutes: rulesOf(place.rules).waitlistOfferMinutes,
    bookingCode: booking?.code ?? null,
  };
}
