// A family takes one visitor off its booking (until the session starts): the place goes back through the ledger and
// the waiting list is told; the booking keeps its code and QR for the others. The last visitor is a cancellation.
import type { Logger } from '../../shared/logger.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import type { Ledger } from '../places/ledger.js';
import { accessibleBooking, bookingByCode, loadParts, viewOf, type AccessDeps } from './access.js';
import type { BookingView } from './booking.views.js';
import { bookingErrors } from './bookings.errors.js';

export interface RemoveVisitorDeps extends AccessDeps {
  logger: Logger;
  ledger: Ledger;
  placesFreed: PlacesFreed;
}

export async function removeVisitor(deps: RemoveVisitorDeps, code: string, phone: string, position: number): Promise<BookingView> {
  const booking = await accessibleBooking(deps, code, { phone });
  const { session } = await loadParts(deps.db, booking);
  const now = deps.clock.now();
  if (now >= session.startsAt) throw bookingErrors.cancellationClosed();
  const left = await deps.ledger.transaction(async (p) => {
    await p.lockSessions([session.id]);
    return p.removeVisitor({ session, bookingId: booking.id, position, now });
  });
  deps.logger.info('visitor removed', { code, sessionId: session.id, partySize: left });
  await deps.placesFreed.emit(session.id);
  return viewOf(deps, await loadParts(deps.db, (await bookingByCode(deps.db, code))!));
}
