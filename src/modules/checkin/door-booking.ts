// The booking in front of the door: found by its QR token or typed code, at a venue this account serves, with its
// session and edition; and the check-in window it must be in.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { servesVenue, type Actor } from '../../shared/actor.js';
import { formatInstant } from '../../shared/time.js';
import { bookingByCode } from '../bookings/access.js';
import type { Booking } from '../bookings/booking.js';
import type { TokenSigner } from '../bookings/qr-token.js';
import type { Edition } from '../catalogue/edition.js';
import { editionById } from '../catalogue/editions.js';
import type { Session } from '../catalogue/session.js';
import { sessionById } from '../catalogue/sessions.js';
import { checkinErrors } from './checkin.errors.js';
import { checkinWindow } from './checkin-window.js';

export interface DoorDeps {
  db: Database;
  clock: Clock;
  signer: TokenSigner;
}

export interface DoorBooking {
  booking: Booking;
  session: Session;
  edition: Edition;
}

export async function findBooking({ db, signer }: DoorDeps, input: { token?: string; code?: string }): Promise<Booking> {
  if (input.token !== undefined) {
    const verified = signer.verify(input.token);
    if (!verified.ok) throw checkinErrors.invalidToken(verified.problem);
    const booking = await bookingByCode(db, verified.claims.code);
    if (!booking || booking.sessionId !== verified.claims.sessionId) throw checkinErrors.invalidToken('unknown_booking');
    return booking;
  }
  const booking = await bookingByCode(db, input.code!);
  if (!booking) throw checkinErrors.noCode();
  return booking;
}

/** The booking with its session and edition; a booking at a venue this account does not serve reveals nothing. */
export async function doorBooking(deps: DoorDeps, booking: Booking, actor: Actor): Promise<DoorBooking> {
  if (!servesVenue(actor, booking.venueId)) throw checkinErrors.wrongVenue();
  const session = await sessionById(deps, booking.sessionId);
  return { booking, session, edition: await editionById(deps, session.editionId) };
}

/** Refuses (not_checkin_time) outside the session's check-in window. */
export function requireCheckinTime({ session, edition }: Pick<DoorBooking, 'session' | 'edition'>, now: Date): void {
  const window = checkinWindow(session, edition);
  if (now >= window.opensAt && now <= window.closesAt) return;
  const tz = edition.timezone;
  const times = {
    startsAt: formatInstant(session.startsAt, tz),
    endsAt: formatInstant(session.endsAt, tz),
    opensAt: formatInstant(window.opensAt, tz),
    closesAt: formatInstant(window.closesAt, tz),
  };
  throw now < window.opensAt ? checkinErrors.notYet(times) : checkinErrors.over(times);
}
