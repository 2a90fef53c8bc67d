// A booking's own state: written when it is confirmed (with its visitors and their active ID hashes) and when it is
// cancelled. Family cancellation and venue cancellation both end in cancelBookings.
import type { Locks } from './lock-order.js';
import { uncountBookings } from './phone-limits.js';
import { giveBack } from './session-places.js';

export type Language = 'zh' | 'en';
export type CancelledBy = 'family' | 'venue';

export interface VisitorRow {
  position: number;
  name: string;
  /** Keyed hash of the ID number (never the number itself), or null without real names. */
  idHash: string | null;
  idMasked: string | null;
  /** Birth date read from the ID number (the door shows the age on the visit day); absent on older waiting-list parties. */
  bornOn?: string | null;
}

export interface NewBookingRow {
  code: string;
  editionId: number;
  sessionId: number;
  venueId: number;
  contact: { name: string; phone: string };
  language: Language;
  visitors: readonly VisitorRow[];
  now: Date;
}

/** Writes a confirmed booking and its visitors (their places, phone and persons are already taken); its id. */
export async function insertBooking(locks: Locks, b: NewBookingRow): Promise<number> {
  locks.requireHeld('session', b.sessionId);
  locks.enter('booking');
  // Plain INSERTs: this is the hot path of a rush, and building model instances cost more CPU than the statements.
  const { insertId: bookingId } = await locks.tx.run(
    `INSERT INTO bookings (code, edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, language, created_at, updated_at)
     VALUES (:code, :editionId, :sessionId, :venueId, 'confirmed', :partySize, :name, :phone, :language, :now, :now)`,
    {
      code: b.code,
      editionId: b.editionId,
      sessionId: b.sessionId,
      venueId: b.venueId,
      partySize: b.visitors.length,
      name: b.contact.name,
      phone: b.contact.phone,
      language: b.language,
      now: b.now,
    },
  );
  locks.took('booking', bookingId);
  const params: Record<string, unknown> = { bookingId, sessionId: b.sessionId, now: b.now };
  const rows = b.visitors.map((v, i) => {
    Object.assign(params, { [`p${i}`]: v.position, [`n${i}`]: v.name, [`h${i}`]: v.idHash, [`m${i}`]: v.idMasked, [`b${i}`]: v.bornOn ?? null });
    return `(:bookingId, :sessionId, :p${i}, :n${i}, :h${i}, :m${i}, :h${i}, :b${i}, :now)`;
  });
  await locks.tx.run(
    `INSERT INTO booking_visitors (booking_id, session_id, position, name, id_hash, id_masked, active_id_hash, born_on, created_at) VALUES ${rows.join(', ')}`,
    params,
  );
  return bookingId;
}

export interface BookingToCancel {
  id: number;
  phone: string;
  partySize: number;
}

/**
 * The one cancellation path, for a family's booking and for every booking of a cancelled session: in a locked session,
 * each confirmed booking nobody has checked in for is cancelled, its people's places released, its places given back
 * and its phone's limit freed. Answers the bookings cancelled.
 */
export async function cancelBookings(
  locks: Locks,
  session: { id: number; editionId: number },
  bookings: readonly BookingToCancel[],
  by: CancelledBy,
  now: Date,
): Promise<BookingToCancel[]> {
  locks.requireHeld('session', session.id);
  if (bookings.length === 0) return [];
  await locks.phones(
    session.editionId,
    bookings.map((b) => b.phone),
    now,
  );
  locks.enter('booking');
  const cancelled: BookingToCancel[] = [];
  for (const b of [...bookings].sort((x, y) => x.id - y.id)) {
    const { affectedRows } = await locks.tx.run(
      `UPDATE bookings SET status = 'cancelled', cancelled_at = :now, cancelled_by = :by, updated_at = :now
       WHERE id = :id AND session_id = :sessionId AND status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.booking_id = :id)`,
      { now, by, id: b.id, sessionId: session.id },
    );
    if (affectedRows === 1) {
      locks.took('booking', b.id);
      cancelled.push(b);
    }
  }
  if (cancelled.length === 0) return [];
  await locks.tx.run('UPDATE booking_visitors SET active_id_hash = NULL WHERE booking_id IN (:ids)', { ids: cancelled.map((b) => b.id) });
  const perPhone = new Map<string, number>();
  for (const b of cancelled) perPhone.set(b.phone, (perPhone.get(b.phone) ?? 0) + 1);
  await uncountBookings(locks, session.editionId, perPhone, now);
  await giveBack(
    locks,
    session.id,
    cancelled.reduce((n, b) => n + b.partySize, 0),
    now,
  );
  return cancelled;
}
