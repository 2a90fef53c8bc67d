// A teacher's request to bring a class: requested → offered (the manager approved one of the preferred sessions or
// proposed another; the places are held) → confirmed (the teacher took them: one booking, one QR code) | declined |
// expired (an offer the teacher never confirmed: its places went back).
import { asBool, asDateOrNull, asInt, asIntOrNull, asText, asTextOrNull } from '../../db/rows.js';
import type { Row, Sql } from '../../db/sql.js';
import type { PreparedVisitor } from '../bookings/visitors.js';
import type { Language } from '../places/ledger.js';

export type GroupStatus = 'requested' | 'offered' | 'confirmed' | 'declined' | 'expired';

export interface GroupRequest {
  id: number;
  editionId: number;
  venueId: number;
  status: GroupStatus;
  school: string;
  className: string;
  pupils: number;
  ageFrom: number;
  ageTo: number;
  adults: PreparedVisitor[];
  preferred: number[];
  note: string | null;
  contactName: string;
  contactPhone: string;
  language: Language;
  sessionId: number | null;
  proposed: boolean;
  holdId: number | null;
  offerExpiresAt: Date | null;
  bookingId: number | null;
  reason: string | null;
}

export function groupOf(r: Row): GroupRequest {
  return {
    id: asInt(r.id),
    editionId: asInt(r.edition_id),
    venueId: asInt(r.venue_id),
    status: asText(r.status) as GroupStatus,
    school: asText(r.school),
    className: asText(r.class_name),
    pupils: asInt(r.pupils),
    ageFrom: asInt(r.age_from),
    ageTo: asInt(r.age_to),
    adults: JSON.parse(asText(r.adults)) as PreparedVisitor[],
    preferred: JSON.parse(asText(r.preferred)) as number[],
    note: asTextOrNull(r.note),
    contactName: asText(r.contact_name),
    contactPhone: asText(r.contact_phone),
    language: asText(r.language) as Language,
    sessionId: asIntOrNull(r.session_id),
    proposed: asBool(r.proposed),
    holdId: asIntOrNull(r.hold_id),
    offerExpiresAt: asDateOrNull(r.offer_expires_at),
    bookingId: asIntOrNull(r.booking_id),
    reason: asTextOrNull(r.reason),
  };
}

export async function groupById(sql: Sql, id: number): Promise<GroupRequest | undefined> {
  const row = await sql.first('SELECT * FROM group_requests WHERE id = :id', { id });
  return row && groupOf(row);
}

/** Total people: pupils and their adults. */
export const sizeOf = (g: Pick<GroupRequest, 'pupils' | 'adults'>) => g.pupils + g.adults.length;

/** Default largest group a venue takes (pupils and adults), when it sets none. */
export const DEFAULT_MAX_GROUP_SIZE = 50;
