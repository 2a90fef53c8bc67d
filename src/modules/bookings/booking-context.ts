// What a booking needs of its session, venue and edition: plain values read in one SELECT. The rush reads this row
// once per attempt, inside the transaction right after taking the places.
import { asBool, asDate, asInt, asIntOrNull, asLocalDate, asText, asTextOrNull } from '../../db/rows.js';
import type { Row, Sql } from '../../db/sql.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { rulesOf, type Edition } from '../catalogue/edition.js';
import type { Session, SessionStatus } from '../catalogue/session.js';
import type { Venue } from '../catalogue/venue.js';

export type SessionFacts = Pick<Session, 'id' | 'editionId' | 'venueId' | 'date' | 'startsAt' | 'endsAt' | 'capacity' | 'booked' | 'status'>;
export type VenueFacts = Pick<Venue, 'id' | 'nameZh' | 'nameEn' | 'addressZh' | 'district' | 'minAge' | 'maxPartySize' | 'realNameRequired'>;
export type EditionFacts = Pick<Edition, 'id' | 'timezone' | 'bookingOpensAt' | 'rules'>;

export interface BookingContext {
  session: SessionFacts;
  venue: VenueFacts;
  edition: EditionFacts;
}

/** The session `:id` with its venue and edition, as one row (exported for the booking bench's ceiling). */
export const BOOKING_CONTEXT_SQL = `SELECT s.id, s.edition_id, s.venue_id, s.date, s.starts_at, s.ends_at, s.capacity, s.booked, s.status,
  v.name_zh, v.name_en, v.address_zh, v.district, v.min_age, v.max_party_size, v.real_name_required,
  e.timezone, e.booking_opens_at, e.rules
FROM sessions s JOIN venues v ON v.id = s.venue_id JOIN editions e ON e.id = s.edition_id
WHERE s.id = :id`;

function contextOf(row: Row): BookingContext {
  return {
    session: {
      id: asInt(row.id),
      editionId: asInt(row.edition_id),
      venueId: asInt(row.venue_id),
      date: asLocalDate(row.date),
      startsAt: asDate(row.starts_at),
      endsAt: asDate(row.ends_at),
      capacity: asInt(row.capacity),
      booked: asInt(row.booked),
      status: asText(row.status) as SessionStatus,
    },
    venue: {
      id: asInt(row.venue_id),
      nameZh: asText(row.name_zh),
      nameEn: asText(row.name_en),
      addressZh: asTextOrNull(row.address_zh),
      district: asTextOrNull(row.district),
      minAge: asInt(row.min_age),
      maxPartySize: asIntOrNull(row.max_party_size),
      realNameRequired: asBool(row.real_name_required),
    },
    edition: { id: asInt(row.edition_id), timezone: asText(row.timezone), bookingOpensAt: asDate(row.booking_opens_at), rules: rulesOf(row.rules) },
  };
}

/** The session with its venue and edition, in one query (through `sql`, e.g. inside a transaction). */
export async function bookingContext(sql: Sql, sessionId: number): Promise<BookingContext> {
  const row = await sql.first(BOOKING_CONTEXT_SQL, { id: sessionId });
  if (!row) throw catalogueErrors.noSession(sessionId);
  return contextOf(row);
}
