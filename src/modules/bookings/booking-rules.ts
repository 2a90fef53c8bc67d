// The rules a booking is held to before anything is written: the session is open and in its booking window, the
// party is not too large, and, where the venue admits by real name, every visitor gives a valid ID number showing
// the minimum age on the day.
import { ValidationError, type FieldProblem } from '../../shared/errors.js';
import { formatInstant } from '../../shared/time.js';
import { bookingWindow } from '../catalogue/booking-window.js';
import { venueRules } from '../catalogue/catalogue.views.js';
import { placesErrors } from '../places/places.errors.js';
import type { BookingContext } from './booking-context.js';
import { bookingErrors } from './bookings.errors.js';
import type { VisitorInput } from './bookings.schemas.js';
import { documentBirthDate } from './documents.js';
import { ageOn } from './id-number.js';

/**
 * `visitors`: the party as typed, checked against the venue's real-name and age rules; undefined when those were
 * checked already (a waiting-list party, checked when it joined: only keyed hashes of its ID numbers are kept).
 */
export function checkRules({ session, venue, edition }: BookingContext, partySize: number, visitors: readonly VisitorInput[] | undefined, now: Date): void {
  if (session.status !== 'open') throw placesErrors.sessionNotBookable(session.status);
  const window = bookingWindow(session, edition);
  if (now < window.opensAt || now >= window.closesAt) {
    const times = [formatInstant(window.opensAt, edition.timezone), formatInstant(window.closesAt, edition.timezone)] as const;
    throw now < window.opensAt ? bookingErrors.notOpenYet(...times) : bookingErrors.closed(...times);
  }
  checkParty({ session, venue, edition }, partySize, visitors);
}

/**
 * The party's rules alone, whatever the session's state (a draw application checks them before the session opens):
 * its size, and, where the venue admits by real name, valid ID numbers showing the minimum age on the day.
 */
export function checkParty({ session, venue, edition }: BookingContext, partySize: number, visitors: readonly VisitorInput[] | undefined): void {
  const rules = venueRules(venue, edition);
  if (partySize > rules.maxPartySize) throw bookingErrors.partyTooLarge(rules.maxPartySize, partySize);
  if (!visitors) return;
  const missing: FieldProblem[] = [];
  const tooYoung: number[] = [];
  visitors.forEach((v, i) => {
    if (!v.idNumber) {
      if (rules.realNameRequired)
        missing.push({ field: `visitors.${i}.idNumber`, message: 'idNumber is required: this venue admits visitors by real name', type: 'any.required' });
      return;
    }
    const born = documentBirthDate(v.idType ?? 'id_card', v.idNumber) ?? v.birthDate!;
    if (born > session.date) {
      const field = v.birthDate && !documentBirthDate(v.idType ?? 'id_card', v.idNumber) ? 'birthDate' : 'idNumber';
      missing.push({ field: `visitors.${i}.${field}`, message: `${field} holds a birth date after the visit`, type: `${field}.birth_date` });
    } else if (ageOn(born, session.date) < rules.minAge) {
      tooYoung.push(i);
    }
  });
  if (missing.length > 0) throw new ValidationError(missing);
  if (tooYoung.length > 0) throw bookingErrors.underMinAge(rules.minAge, tooYoung);
}
