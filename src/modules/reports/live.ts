// Today's sessions (in the edition's timezone) of the venues an actor serves, with the people admitted so far.
import { asDate, asInt } from '../../db/rows.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { formatInstant, localDateOf, MINUTE, type LocalDate } from '../../shared/time.js';
import { currentEdition } from '../catalogue/editions.js';
import { editionSummary, type EditionSummary, type ReportsDeps } from './reports.deps.js';
import type { LiveQuery } from './reports.schemas.js';

export type LiveSessionState = 'upcoming' | 'checkin_open' | 'ended';

export interface LiveSession {
  sessionId: number;
  startsAt: string;
  endsAt: string;
  status: 'open' | 'closed';
  state: LiveSessionState;
  capacity: number;
  booked: number;
  admitted: number;
  confirmedBookings: number;
  checkedInBookings: number;
  /** Visitors admitted per gate (a device's gate name; null where none was named). */
  byGate: { gate: string | null; admitted: number }[];
}

export interface LiveVenue {
  venueId: number;
  name: string;
  nameEn: string;
  district: string | null;
  capacity: number;
  booked: number;
  admitted: number;
  sessions: LiveSession[];
}

export interface LiveView {
  edition: EditionSummary;
  date: LocalDate;
  generatedAt: string;
  totals: { sessions: number; capacity: number; booked: number; admitted: number };
  venues: LiveVenue[];
}

interface LiveRow {
  id: unknown;
  venue_id: unknown;
  starts_at: unknown;
  ends_at: unknown;
  capacity: unknown;
  status: 'open' | 'closed';
  name_zh: string;
  name_en: string;
  district: string | null;
  booked: unknown;
  confirmed_bookings: unknown;
  admitted: unknown;
  checked_in_bookings: unknown;
}

export async function liveView(deps: ReportsDeps, actor: Actor, query: LiveQuery): Promise<LiveView> {
  const edition = await currentEdition(deps);
  if (query.venueId !== undefined) requireVenue(actor, query.venueId);
  const now = deps.clock.now();
  const tz = edition.timezone;
  const today = localDateOf(now, tz);
  const empty: LiveView = {
    edition: editionSummary(edition),
    date: today,
    generatedAt: formatInstant(now, tz),
    totals: { sessions: 0, capacity: 0, booked: 0, admitted: 0 },
    venues: [],
  };

  const where = ['s.edition_id = :editionId', 's.date = :today', "s.status <> 'cancelled'"];
  const params: Record<string, unknown> = { editionId: edition.id, today };
  if (query.venueId !== undefined) {
    where.push('s.venue_id = :venueId');
    params.venueId = query.venueId;
  }
  if (actor.role !== 'organiser') {
    if (actor.venueIds.length === 0) return empty;
    where.push('s.venue_id IN (:venueIds)');
    params.venueIds = actor.venueIds;
  }
  const rows = await deps.db.sql.select<LiveRow>(
    `SELECT s.id, s.venue_id, s.starts_at, s.ends_at, s.capacity, s.status, v.name_zh, v.name_en, v.district,
            (SELECT COALESCE(SUM(b.party_size), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS booked,
            (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS confirmed_bookings,
            (SELECT COALESCE(SUM(c.admitted), 0) FROM checkins c WHERE c.session_id = s.id) AS admitted,
            (SELECT COUNT(*) FROM checkins c WHERE c.session_id = s.id) AS checked_in_bookings
     FROM sessions s JOIN venues v ON v.id = s.venue_id
     WHERE ${where.join(' AND ')}
     ORDER BY v.id, s.starts_at`,
    params,
  );

  const gates = rows.length
    ? await deps.db.sql.select<{ session_id: unknown; gate: string | null; n: unknown }>(
        `SELECT session_id, gate, COUNT(*) AS n FROM admissions WHERE session_id IN (:ids) AND active_slot IS NOT NULL
         GROUP BY session_id, gate ORDER BY session_id, gate`,
        { ids: rows.map((r) => asInt(r.id)) },
      )
    : [];
  const venues = new Map<number, LiveVenue>();
  const totals = { ...empty.totals };
  for (const r of rows) {
    const startsAt = asDate(r.starts_at);
    const endsAt = asDate(r.ends_at);
    const opensAt = startsAt.getTime() - edition.rules.checkinOpensMinutesBefore * MINUTE;
    const closesAt = endsAt.getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE;
    const state: LiveSessionState = now.getTime() < opensAt ? 'upcoming' : now.getTime() > closesAt ? 'ended' : 'checkin_open';
    const session: LiveSession = {
      sessionId: asInt(r.id),
      startsAt: formatInstant(startsAt, tz),
      endsAt: formatInstant(endsAt, tz),
      status: r.status,
      state,
      capacity: asInt(r.capacity),
      booked: asInt(r.booked),
      admitted: asInt(r.admitted),
      confirmedBookings: asInt(r.confirmed_bookings),
      checkedInBookings: asInt(r.checked_in_bookings),
      byGate: gates.filter((g) => asInt(g.session_id) === asInt(r.id)).map((g) => ({ gate: g.gate, admitted: asInt(g.n) })),
    };
    const venueId = asInt(r.venue_id);
    let venue = venues.get(venueId);
    if (!venue) {
      venue = { venueId, name: r.name_zh, nameEn: r.name_en, district: r.district, capacity: 0, booked: 0, admitted: 0, sessions: [] };
      venues.set(venueId, venue);
    }
    venue.sessions.push(session);
    venue.capacity += session.capacity;
    venue.booked += session.booked;
    venue.admitted += session.admitted;
    totals.sessions += 1;
    totals.capacity += session.capacity;
    totals.booked += session.booked;
    totals.admitted += session.admitted;
  }
  return { ...empty, totals, venues: [...venues.values()] };
}
