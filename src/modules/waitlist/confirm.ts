// A family takes the places offered to it: the offer's hold is redeemed through the normal booking path (the same
// transaction, rules and writes as any booking), and the entry records the booking.
import type { BookingView } from '../bookings/booking.views.js';
import { placesErrors } from '../places/places.errors.js';
import type { WaitlistDeps } from './waitlist.deps.js';
import { entryById, moveEntry, ownedEntry } from './waitlist-entry.js';
import { waitlistErrors } from './waitlist.errors.js';

export async function confirmOffer(deps: WaitlistDeps, id: number, phone: string): Promise<BookingView> {
  const entry = await ownedEntry(deps.db, id, phone);
  if (entry.status === 'confirmed' && entry.bookingId !== null) {
    const booking = (await deps.db.sql.first<{ code: string }>('SELECT code FROM bookings WHERE id = :id', { id: entry.bookingId }))!;
    return deps.bookings.get(booking.code, { phone });
  }
  if (entry.status !== 'offered' || entry.holdId === null) throw waitlistErrors.noOffer(entry.status);
  const now = deps.clock.now();
  const view = await deps.bookings.book(
    { sessionId: entry.sessionId, contact: { name: entry.contactName, phone: entry.contactPhone }, visitors: [], language: entry.language },
    {
      hold: {
        id: entry.holdId,
        visitors: entry.visitors,
        async claim(p) {
          await p.lockWaitlistEntries([id]);
          if ((await entryById(p.tx, id))?.status !== 'offered') throw placesErrors.holdExpired();
        },
        settle: (p, bookingId) => moveEntry(p.tx, id, 'offered', 'confirmed', now, { bookingId }),
      },
    },
  );
  deps.logger.info('waitlist offer confirmed', { id, code: view.code, sessionId: entry.sessionId });
  return view;
}
