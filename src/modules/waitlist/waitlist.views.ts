// The JSON shape of a waiting-list entry.
import type { Database } from '../../db/database.js';
import { asDate, asInt } from '../../db/rows.js';
import { formatInstant } from '../../shared/time.js';
import type { WaitlistEntry, WaitlistStatus } from './waitlist-entry.js';

export interface WaitlistView {
  id: number;
  sessionId: number;
  status: WaitlistStatus;
  partySize: number;
  /** Place in the queue while waiting (1 = next). */
  position: number | null;
  offerExpiresAt: string | null;
  bookingCode: string | null;
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
  let offerExpiresAt: string | null = null;
  if (entry.status === 'offered' && entry.holdId !== null) {
    const hold = await db.sql.first<{ expires_at: unknown; timezone: string }>(
      'SELECT h.expires_at, e.timezone FROM place_holds h JOIN editions e ON e.id = h.edition_id WHERE h.id = :id',
      { id: entry.holdId },
    );
    if (hold) offerExpiresAt = formatInstant(asDate(hold.expires_at), hold.timezone);
  }
  const booking = entry.bookingId ? await db.sql.first<{ code: string }>('SELECT code FROM bookings WHERE id = :id', { id: entry.bookingId }) : undefined;
  return {
    id: entry.id,
    sessionId: entry.sessionId,
    status: entry.status,
    partySize: entry.partySize,
    position,
    offerExpiresAt,
    bookingCode: booking?.code ?? null,
  };
}
