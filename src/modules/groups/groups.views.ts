// The JSON shape of a group request: for its teacher and for the venue's staff (adults' ID numbers masked as stored).
import type { Database } from '../../db/database.js';
import { asDate, asText } from '../../db/rows.js';
import { formatInstant } from '../../shared/time.js';
import { sizeOf, type GroupRequest, type GroupStatus } from './group-request.js';

export interface GroupView {
  id: number;
  venueId: number;
  status: GroupStatus;
  school: string;
  className: string;
  pupils: number;
  ageFrom: number;
  ageTo: number;
  adults: { name: string; idNumber: string | null }[];
  size: number;
  preferredSessionIds: number[];
  note: string | null;
  contactName: string;
  /** The session approved or proposed (or confirmed). */
  session: { id: number; startsAt: string; endsAt: string } | null;
  proposed: boolean;
  offerExpiresAt: string | null;
  /** The group's one booking: its code opens the QR pass (GET /api/bookings/:code?phone=). */
  bookingCode: string | null;
  reason: string | null;
}

export async function groupView(db: Database, g: GroupRequest): Promise<GroupView> {
  const tz = asText((await db.sql.first<{ timezone: string }>('SELECT timezone FROM editions WHERE id = :id', { id: g.editionId }))!.timezone);
  const s = g.sessionId ? await db.sql.first('SELECT starts_at, ends_at FROM sessions WHERE id = :id', { id: g.sessionId }) : undefined;
  const booking = g.bookingId ? await db.sql.first<{ code: string }>('SELECT code FROM bookings WHERE id = :id', { id: g.bookingId }) : undefined;
  return {
    id: g.id,
    venueId: g.venueId,
    status: g.status,
    school: g.school,
    className: g.className,
    pupils: g.pupils,
    ageFrom: g.ageFrom,
    ageTo: g.ageTo,
    adults: g.adults.map((a) => ({ name: a.name, idNumber: a.idMasked })),
    size: sizeOf(g),
    preferredSessionIds: g.preferred,
    note: g.note,
    contactName: g.contactName,
    session: s && g.sessionId ? { id: g.sessionId, startsAt: formatInstant(asDate(s.starts_at), tz), endsAt: formatInstant(asDate(s.ends_at), tz) } : null,
    proposed: g.proposed,
    offerExpiresAt: g.offerExpiresAt && formatInstant(g.offerExpiresAt, tz),
    bookingCode: booking?.code ?? null,
    reason: g.reason,
  };
}
