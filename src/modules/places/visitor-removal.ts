// One visitor leaves a booking: their place goes back to the session, their person lock is freed (the row stays,
// marked removed), and the booking keeps its code and QR for the others. Never the last visitor (that is a
// cancellation, with its own path), never once the party has been admitted at the door.
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
  if (await locks.tx.first('SELECT booking_id FROM checkins WHERE booking_id = :id', { id: r.bookingId })) throw placesErrors.visitorAdmitted();
  const visitor = await locks.tx.first<{ id: unknown }>(
    'SELECT id FROM booking_visitors WHERE booking_id = :id AND position = :position AND removed_at IS NULL',
    { id: r.bookingId, position: r.position },
  );
  if (!visitor) throw placesErrors.noVisitor(r.position);
  const partySize = Number(booking.party_size);
  if (partySize <= 1) throw placesErrors.lastVisitor();
  await locks.tx.run('UPDATE booking_visitors SET removed_at = :now, active_id_hash = NULL WHERE id = :id', { now: r.now, id: visitor.id });
  await locks.tx.run('UPDATE bookings SET party_size = party_size - 1, updated_at = :now WHERE id = :id', { now: r.now, id: r.bookingId });
  await giveBack(locks, r.session.id, 1, r.now);
  return partySize - 1;
}
