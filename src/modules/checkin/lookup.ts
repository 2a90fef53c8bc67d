// What the door sees before admitting: the party behind a QR token or typed code, each visitor admitted or expected
// (all still expected are ticked by default on the scanner), and whether check-in is open now. Nothing is written.
import type { Actor } from '../../shared/actor.js';
import { formatInstant } from '../../shared/time.js';
import type { Booking } from '../bookings/booking.js';
import type { Edition } from '../catalogue/edition.js';
import type { Session } from '../catalogue/session.js';
import type { LookupInput } from './checkin.schemas.js';
import { checkinWindow } from './checkin-window.js';
import { checkinErrors } from './checkin.errors.js';
import { doorBooking, findBooking, requireCheckinTime, type DoorDeps } from './door-booking.js';
import { partyOf, type DoorParty } from './party.js';

export interface Looked extends DoorParty {
  checkin: { opensAt: string; closesAt: string; open: boolean };
}

/** Refuses as a scan would (cancelled, outside check-in time), so the door knows before ticking anyone. */
export async function lookup(deps: DoorDeps, input: LookupInput, actor: Actor): Promise<Looked> {
  const found = await doorBooking(deps, await findBooking(deps, input), actor);
  if (found.booking.status !== 'confirmed') throw checkinErrors.bookingCancelled();
  const looked = await withWindow(deps, found.booking, found.session, found.edition);
  if (looked.expected > 0) requireCheckinTime(found, deps.clock.now());
  return looked;
}

/** The party with its check-in window (open now or not). */
export async function withWindow(deps: DoorDeps, booking: Booking, session: Session, edition: Edition): Promise<Looked> {
  const tz = edition.timezone;
  const window = checkinWindow(session, edition);
  const now = deps.clock.now();
  return {
    ...(await partyOf(deps.db, booking, session, tz)),
    checkin: {
      opensAt: formatInstant(window.opensAt, tz),
      closesAt: formatInstant(window.closesAt, tz),
      open: now >= window.opensAt && now <= window.closesAt,
    },
  };
}
