// A family's reservation of places in one session, and the named visitors in it.
import { asDate, asDateOrNull, asInt, asText, asTextOrNull } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';

export const BOOKING_STATUSES = ['confirmed', 'cancelled'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
export type Language = 'zh' | 'en';

export interface Booking {
  id: number;
  code: string;
  editionId: number;
  sessionId: number;
  venueId: number;
  status: BookingStatus;
  partySize: number;
  contactName: string;
  /** Kept in full: families are reached by phone, and organisers may have to trace contacts. */
  contactPhone: string;
  language: Language;
  cancelledAt: Date | null;
  cancelledBy: 'family' | 'venue' | null;
  createdAt: Date;
}

/** A `bookings` row (SELECT *). */
export function bookingOf(r: Row): Booking {
  return {
    id: asInt(r.id),
    code: asText(r.code),
    editionId: asInt(r.edition_id),
    sessionId: asInt(r.session_id),
    venueId: asInt(r.venue_id),
    status: asText(r.status) as BookingStatus,
    partySize: asInt(r.party_size),
    contactName: asText(r.contact_name),
    contactPhone: asText(r.contact_phone),
    language: (asTextOrNull(r.language) ?? 'zh') as Language,
    cancelledAt: asDateOrNull(r.cancelled_at),
    cancelledBy: asTextOrNull(r.cancelled_by) as Booking['cancelledBy'],
    createdAt: asDate(r.created_at),
  };
}
