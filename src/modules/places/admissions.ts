// Who came: a booking admitted at the door (exactly once: the check-in row's key is the booking), and, once a session
// is over, the bookings nobody came for (no-shows, counted against the phone when the whole party stayed away).
import { duplicateKeys } from '../../db/sql.js';
import type { Locks } from './lock-order.js';
import { countNoShow } from './phone-limits.js';

export type Admission = 'admitted' | 'already_admitted' | 'cancelled';

export interface AdmitInput {
  booking: { id: number; sessionId: number; venueId: number };
  admitted: number;
  userId: number;
  gate: string | null;
  now: Date;
}

/** Admits a booking's party: the session, then the booking are locked, so no cancellation slips in between. */
export async function admit(locks: Locks, a: AdmitInput): Promise<Admission> {
  await locks.sessions([a.booking.sessionId]);
  await locks.bookings([a.booking.id]);
  const row = await locks.tx.first<{ status: string }>('SELECT status FROM bookings WHERE id = :id', { id: a.booking.id });
  if (row?.status !== 'confirmed') return 'cancelled';
  try {
    await locks.tx.run(
      `INSERT INTO checkins (booking_id, session_id, venue_id, admitted, user_id, gate, checked_in_at)
       VALUES (:bookingId, :sessionId, :venueId, :admitted, :userId, :gate, :now)`,
      {
        bookingId: a.booking.id,
        sessionId: a.booking.sessionId,
        venueId: a.booking.venueId,
        admitted: a.admitted,
        userId: a.userId,
        gate: a.gate,
        now: a.now,
      },
    );
  } catch (err) {
    if (duplicateKeys(err)) return 'already_admitted';
    throw err;
  }
  return 'admitted';
}

interface ConfirmedRow {
  id: number;
  contact_phone: string;
  party_size: unknown;
  admitted: unknown;
}

/**
 * Closes out an ended session once (its closeout row is the claim, whoever runs the job): each confirmed booking whose
 * party came short is a no-show of the people missing; a party that did not come at all counts against its phone.
 * Answers the whole-party no-shows, or null when the session was already closed out.
 */
export async function closeOut(locks: Locks, session: { id: number; editionId: number }, now: Date): Promise<number | null> {
  await locks.sessions([session.id]);
  try {
    await locks.tx.run('INSERT INTO session_closeouts (session_id, closed_at) VALUES (:sessionId, :now)', { sessionId: session.id, now });
  } catch (err) {
    if (duplicateKeys(err)) return null;
    throw err;
  }
  const bookings = await locks.tx.select<ConfirmedRow>(
    `SELECT b.id, b.contact_phone, b.party_size, c.admitted FROM bookings b
     LEFT JOIN checkins c ON c.booking_id = b.id
     WHERE b.session_id = :sessionId AND b.status = 'confirmed'
     ORDER BY b.id`,
    { sessionId: session.id },
  );
  const missing = bookings
    .map((b) => ({ id: Number(b.id), phone: b.contact_phone, admitted: b.admitted === null ? 0 : Number(b.admitted), partySize: Number(b.party_size) }))
    .filter((b) => b.partySize > b.admitted);
  const wholeParty = missing.filter((b) => b.admitted === 0);
  await locks.phones(
    session.editionId,
    wholeParty.map((b) => b.phone),
    now,
  );
  for (const b of missing) {
    await locks.tx.run(
      `INSERT INTO no_shows (booking_id, edition_id, session_id, phone, missing, whole_party, marked_at)
       VALUES (:bookingId, :editionId, :sessionId, :phone, :missing, :wholeParty, :now)`,
      {
        bookingId: b.id,
        editionId: session.editionId,
        sessionId: session.id,
        phone: b.phone,
        missing: b.partySize - b.admitted,
        wholeParty: b.admitted === 0,
        now,
      },
    );
  }
  for (const b of wholeParty) await countNoShow(locks, session.editionId, b.phone, now);
  return wholeParty.length;
}
