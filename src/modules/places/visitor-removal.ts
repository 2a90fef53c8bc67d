// One visitor leaves a booking before anyone of the party is admitted: their place goes back to the session, their
// person lock is freed, and the booking keeps its code and QR for the others. The visitor's row goes (a visitor who
// never came leaves nothing to trace) and the others close up, so positions stay 0 … party size − 1, the places the
// door admits. Never the last visitor (that is a cancellation, with its own path), never once the door admitted anyone.
import type { Locks } from './lock-order.js';
import { placesErrors } from './places.errors.js';
import { giveBack } from './session-places.js';

export interface VisitorToRemove {
  session: { id: number };
  bookingId: number;
  /** The visitor's position in the party, as the booking's views show it. */
  position: number;
  now: Date;
}

/** In a locked session: locks the booking, removes the visitor; answers the party size left. */
export async function removeVisitor(locks: Locks, r: VisitorToRemove): Promise<number> {
  locks.requireHeld('session', r.session.id);
  await locks.bookings([r.bookingId]);
  const booking = await locks.tx.first<{ status: string; party_size: unknown; session_id: unknown }>(
    'SELECT status, party_size, session_id FROM bookings WHERE id = :id',
    { id: r.bookingId },
  );
  if (!booking || Number(booking.session_id) !== r.session.id) throw placesErrors.noVisitor(r.position);
  if (booking.status !== 'confirmed') throw placesErrors.bookingNotConfirmed(booking.status);
  const admitted = await locks.tx.first('SELECT id FROM admissions WHERE booking_id = :id AND active_slot IS NOT NULL', { id: r.bookingId });
  const checkedIn = await locks.tx.first('SELECT booking_id FROM checkins WHERE booking_id = :id', { id: r.bookingId });
  if (admitted || checkedIn) throw placesErrors.visitorAdmitted();
  const visitor = await locks.tx.first<{ id: unknown }>('SELECT id FROM booking_visitors WHERE booking_id = :id AND position = :position', {
    id: r.bookingId,
    position: r.position,
  });
  if (!visitor) throw placesErrors.noVisitor(r.position);
  const partySize = Number(booking.party_size);
  if (partySize <= 1) throw placesErrors.lastVisitor();
  await locks.tx.run('DELETE FROM booking_visitors WHERE id = :id', { id: visitor.id });
  await locks.tx.run('UPDATE booking_visitors SET position = position - 1 WHERE booking_id = :id AND position > :position', {
    id: r.bookingId,
    position: r.position,
  });
  await locks.tx.run('UPDATE bookings SET party_size = party_size - 1, updated_at = :now WHERE id = :id', { now: r.now, id: r.bookingId });
  await giveBack(locks, r.session.id, 1, r.now);
  return partySize - 1;
}
