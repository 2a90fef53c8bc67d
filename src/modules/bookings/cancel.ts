// A family cancels its booking, until the session starts: through the ledger's one cancellation path, which gives the
// places and the phone's limit back; the waiting list is told at once.
import type { Logger } from '../../shared/logger.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import type { Ledger } from '../places/ledger.js';
import { accessibleBooking, bookingByCode, loadParts, viewOf, type AccessDeps } from './access.js';
import type { BookingView } from './booking.views.js';
import { bookingErrors } from './bookings.errors.js';

export interface CancelDeps extends AccessDeps {
  logger: Logger;
  ledger: Ledger;
  placesFreed: PlacesFreed;
}

export async function cancelBooking(deps: CancelDeps, code: string, phone: string): Promise<BookingView> {
  const booking = await accessibleBooking(deps, code, { phone });
  const { session } = await loadParts(deps.db, booking);
  const now = deps.clock.now();
  if (booking.status === 'confirmed') {
    if (now >= session.startsAt) throw bookingErrors.cancellationClosed();
    const cancelled = await deps.ledger.transaction(async (p) => {
      await p.lockSessions([session.id]);
      return p.cancelBookings(session, [{ id: booking.id, phone: booking.contactPhone, partySize: booking.partySize }], 'family', now);
    });
    if (cancelled.length > 0) {
      deps.logger.info('booking cancelled', { code, sessionId: session.id, partySize: booking.partySize, by: 'family' });
      await deps.placesFreed.emit(session.id);
    }
  }
  const fresh = await loadParts(deps.db, (await bookingByCode(deps.db, code))!);
  // Still confirmed after the attempt: the party has been checked in, so the booking is used.
  if (fresh.booking.status === 'confirmed') throw bookingErrors.alreadyCheckedIn();
  return viewOf(deps, fresh);
}
