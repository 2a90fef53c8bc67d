// A family joins the queue of a full session: the same validation and rules as a booking, but no place is taken.
import { duplicateKeys } from '../../db/sql.js';
import { maskPhone } from '../../shared/masking.js';
import { bookingContext } from '../bookings/booking-context.js';
import { checkRules } from '../bookings/booking-rules.js';
import type { CreateBookingInput } from '../bookings/bookings.schemas.js';
import { prepareVisitors } from '../bookings/visitors.js';
import { checkNoShows } from '../places/ledger.js';
import { checkPhoneProof, phoneProofRequired } from '../phones/phone-policy.js';
import { offerFreedPlaces } from './offer.js';
import type { WaitlistDeps } from './waitlist.deps.js';
import { entryById } from './waitlist-entry.js';
import { waitlistErrors } from './waitlist.errors.js';
import { waitlistView, type WaitlistView } from './waitlist.views.js';

export async function joinWaitlist(deps: WaitlistDeps, input: CreateBookingInput, verifiedPhone?: string): Promise<WaitlistView> {
  const { db, clock, logger } = deps;
  const ctx = await bookingContext(db.sql, input.sessionId);
  const { session, venue, edition } = ctx;
  const now = clock.now();
  checkRules(ctx, input.visitors.length, input.visitors, now);
  checkPhoneProof(phoneProofRequired(edition.rules, deps.phoneProofByDefault), input.contact.phone, verifiedPhone);
  await checkNoShows(db.sql, edition, input.contact.phone);
  const remaining = session.capacity - session.booked;
  if (remaining >= input.visitors.length) throw waitlistErrors.placesAvailable(remaining);
  const visitors = prepareVisitors(deps.pii, input.visitors);
  let id: number;
  try {
    // One active entry per phone and session: the unique key (session, active_phone) decides, even for joins sent at once.
    ({ insertId: id } = await db.sql.run(
      `INSERT INTO waitlist_entries (edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, active_phone, language, visitors, created_at, updated_at)
       VALUES (:editionId, :sessionId, :venueId, 'waiting', :partySize, :name, :phone, :phone, :language, :visitors, :now, :now)`,
      {
        editionId: edition.id,
        sessionId: session.id,
        venueId: venue.id,
        partySize: visitors.length,
        name: input.contact.name,
        phone: input.contact.phone,
        language: input.language,
        visitors: JSON.stringify(visitors),
        now,
      },
    ));
  } catch (err) {
    if (!duplicateKeys(err)) throw err;
    const existing = await db.sql.first<{ id: unknown }>('SELECT id FROM waitlist_entries WHERE session_id = :sessionId AND active_phone = :phone', {
      sessionId: session.id,
      phone: input.contact.phone,
    });
    throw waitlistErrors.alreadyWaiting(Number(existing?.id ?? 0));
  }
  logger.info('waitlist joined', { id, sessionId: session.id, partySize: visitors.length, phone: maskPhone(input.contact.phone) });
  // Places may have come free between the read above and now.
  await offerFreedPlaces(deps, session.id);
  return waitlistView(db, (await entryById(db.sql, id))!);
}
