// A time slot at a venue on one day of an edition, with a hard capacity. Its counter `booked` (places taken by
// confirmed bookings and by holds) is written by the places ledger only (src/modules/places).
import { asDate, asInt, asLocalDate, asText } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import type { LocalDate } from '../../shared/time.js';

// draw: places are given by a draw (src/modules/draws), not first come; the draw opens the session when it is done.
export const SESSION_STATUSES = ['open', 'closed', 'cancelled', 'draw'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Session {
  id: number;
  editionId: number;
  venueId: number;
  /** Local date in the edition's timezone. */
  date: LocalDate;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  /** Places taken: Σ party sizes of confirmed bookings + Σ places of active holds. */
  booked: number;
  status: SessionStatus;
}

/** A `sessions` row (SELECT * or the same columns). */
export function sessionOf(r: Row): Session {
  return {
    id: asInt(r.id),
    editionId: asInt(r.edition_id),
    venueId: asInt(r.venue_id),
    date: asLocalDate(r.date),
    startsAt: asDate(r.starts_at),
    endsAt: asDate(r.ends_at),
    capacity: asInt(r.capacity),
    booked: asInt(r.booked),
    status: asText(r.status) as SessionStatus,
  };
}
