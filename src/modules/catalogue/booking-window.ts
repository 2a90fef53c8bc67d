// When a session can be booked: from the edition's opening until the cutoff before the session starts.
import { MINUTE } from '../../shared/time.js';
import type { Edition } from './edition.js';
import type { Session } from './session.js';

export interface BookingWindow {
  opensAt: Date;
  closesAt: Date;
}

export function bookingWindow(session: Pick<Session, 'startsAt'>, edition: Pick<Edition, 'bookingOpensAt' | 'rules'>): BookingWindow {
  return {
    opensAt: edition.bookingOpensAt,
    closesAt: new Date(session.startsAt.getTime() - edition.rules.bookingCutoffMinutes * MINUTE),
  };
}

export function remainingPlaces(session: Pick<Session, 'capacity' | 'booked'>): number {
  return Math.max(0, session.capacity - session.booked);
}

export function isBookable(
  session: Pick<Session, 'startsAt' | 'status' | 'capacity' | 'booked'>,
  edition: Pick<Edition, 'bookingOpensAt' | 'rules'>,
  now: Date,
): boolean {
  const window = bookingWindow(session, edition);
  return session.status === 'open' && remainingPlaces(session) > 0 && now >= window.opensAt && now < window.closesAt;
}
