// A party as the door sees it: each visitor with a masked name, the last 4 characters of the ID number (where real
// names are used) and the age on the visit day, admitted or still expected; never a full ID number or phone.
import type { Database } from '../../db/database.js';
import { maskName } from '../../shared/masking.js';
import { formatInstant } from '../../shared/time.js';
import { ageOn } from '../bookings/id-number.js';
import type { Booking } from '../bookings/booking.js';
import type { Session } from '../catalogue/session.js';

export interface DoorVisitor {
  /** The visitor's id (what POST /api/checkins takes in visitorIds); null for a place of a party without names. */
  id: number | null;
  position: number;
  name: string | null;
  idTail: string | null;
  age: number | null;
  state: 'admitted' | 'expected';
  /** The standing admission (to undo it), when admitted. */
  admission: { id: number; at: string; gate: string | null; by: string | null; offline: boolean } | null;
}

export interface DoorParty {
  bookingId: number;
  code: string;
  status: Booking['status'];
  partySize: number;
  admitted: number;
  expected: number;
  visitors: DoorVisitor[];
  venue: { id: number; name: string };
  session: { id: number; date: string; startsAt: string; endsAt: string };
}

interface VisitorRow {
  id: unknown;
  position: unknown;
  name: string;
  id_masked: string | null;
  born_on: string | null;
}

interface AdmissionRow {
  id: unknown;
  slot: unknown;
  gate: string | null;
  scanned_at: unknown;
  device_id: string | null;
  username: string | null;
  display_name: string | null;
}

export const idTailOf = (masked: string | null) => (masked ? masked.slice(-4) : null);

export async function partiesOf(db: Database, bookings: readonly Booking[], session: (b: Booking) => Session, tz: string): Promise<DoorParty[]> {
  if (bookings.length === 0) return [];
  const ids = bookings.map((b) => b.id);
  const [visitors, admissions, venues] = await Promise.all([
    db.sql.select<VisitorRow & { booking_id: unknown }>(
      'SELECT id, booking_id, position, name, id_masked, born_on FROM booking_visitors WHERE booking_id IN (:ids) ORDER BY booking_id, position',
      { ids },
    ),
    db.sql.select<AdmissionRow & { booking_id: unknown }>(
      `SELECT a.id, a.booking_id, a.slot, a.gate, a.scanned_at, a.device_id, u.username, u.display_name
       FROM admissions a LEFT JOIN users u ON u.id = a.user_id
       WHERE a.booking_id IN (:ids) AND a.active_slot IS NOT NULL`,
      { ids },
    ),
    db.sql.select<{ id: unknown; name_zh: string }>('SELECT id, name_zh FROM venues WHERE id IN (:ids)', { ids: [...new Set(bookings.map((b) => b.venueId))] }),
  ]);
  const venueName = new Map(venues.map((v) => [Number(v.id), v.name_zh]));
  return bookings.map((b) => {
    const s = session(b);
    const own = visitors.filter((v) => Number(v.booking_id) === b.id);
    const bySlot = new Map(admissions.filter((a) => Number(a.booking_id) === b.id).map((a) => [Number(a.slot), a]));
    const places: DoorVisitor[] = Array.from({ length: Math.max(b.partySize, own.length) }, (_, position) => {
      const v = own.find((x) => Number(x.position) === position);
      const a = bySlot.get(position);
      return {
        id: v ? Number(v.id) : null,
        position,
        name: v ? maskName(v.name) : null,
        idTail: v ? idTailOf(v.id_masked) : null,
        age: v?.born_on ? ageOn(v.born_on, s.date) : null,
        state: a ? 'admitted' : 'expected',
        admission: a
          ? {
              id: Number(a.id),
              at: formatInstant(new Date(a.scanned_at as string), tz),
              gate: a.gate,
              by: a.display_name ?? a.username,
              offline: a.device_id !== null,
            }
          : null,
      };
    });
    const admitted = places.filter((p) => p.state === 'admitted').length;
    return {
      bookingId: b.id,
      code: b.code,
      status: b.status,
      partySize: b.partySize,
      admitted,
      expected: b.status === 'confirmed' ? b.partySize - admitted : 0,
      visitors: places,
      venue: { id: b.venueId, name: venueName.get(b.venueId) ?? '' },
      session: { id: s.id, date: s.date, startsAt: formatInstant(s.startsAt, tz), endsAt: formatInstant(s.endsAt, tz) },
    };
  });
}

export async function partyOf(db: Database, booking: Booking, session: Session, tz: string): Promise<DoorParty> {
  return (await partiesOf(db, [booking], () => session, tz))[0]!;
}
