// The week report, computed live from bookings, check-ins and no-shows: per day, district, kind and level, venue.
import { asDate, asInt, asLocalDate } from '../../db/rows.js';
import { ValidationError } from '../../shared/errors.js';
import { datesBetween, formatInstant, MINUTE, type LocalDate } from '../../shared/time.js';
import { currentEdition, editionById } from '../catalogue/editions.js';
import type { Edition } from '../catalogue/edition.js';
import type { VenueKind, VenueLevel } from '../catalogue/venue.js';
import { editionSummary, type EditionSummary, type ReportsDeps } from './reports.deps.js';
import { reportErrors } from './reports.errors.js';
import type { WeekReportQuery } from './reports.schemas.js';
import { weekFigures, type SessionFigures, type WeekFigures } from './week-report.js';

export interface WeekReport extends WeekFigures {
  edition: EditionSummary;
  filters: { from: LocalDate; to: LocalDate; district: string | null };
  generatedAt: string;
}

interface WeekSessionRow {
  id: unknown;
  venue_id: unknown;
  date: unknown;
  ends_at: unknown;
  capacity: unknown;
  status: string;
  name_zh: string;
  name_en: string;
  kind: VenueKind;
  level: VenueLevel;
  district: string | null;
  booked: unknown;
  admitted: unknown;
  marked_no_shows: unknown;
  closed_out: unknown;
  missing: unknown;
  cancelled_total: unknown;
  cancelled_family: unknown;
  cancelled_venue: unknown;
}

// Per session: people booked, admitted, no-shows written by the close-out job, people still missing (for sessions not
// closed out yet), and cancelled bookings by who cancelled them. Correlated sub-queries keep one row per session.
const WEEK_SQL = `
  SELECT s.id, s.venue_id, s.date, s.ends_at, s.capacity, s.status,
         v.name_zh, v.name_en, v.kind, v.level, v.district,
         (SELECT COALESCE(SUM(b.party_size), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS booked,
         (SELECT COALESCE(SUM(c.admitted), 0) FROM checkins c WHERE c.session_id = s.id) AS admitted,
         (SELECT COALESCE(SUM(x.missing), 0) FROM no_shows x WHERE x.session_id = s.id) AS marked_no_shows,
         (SELECT COUNT(*) FROM session_closeouts o WHERE o.session_id = s.id) AS closed_out,
         (SELECT COALESCE(SUM(b.party_size - COALESCE(c.admitted, 0)), 0) FROM bookings b LEFT JOIN checkins c ON c.booking_id = b.id
           WHERE b.session_id = s.id AND b.status = 'confirmed') AS missing,
         (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'cancelled') AS cancelled_total,
         (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'cancelled' AND b.cancelled_by = 'family') AS cancelled_family,
         (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'cancelled' AND b.cancelled_by = 'venue') AS cancelled_venue
  FROM sessions s
  JOIN venues v ON v.id = s.venue_id
  WHERE s.edition_id = :editionId AND s.date >= :from AND s.date <= :to`;

function dateRange(edition: Edition, query: Pick<WeekReportQuery, 'from' | 'to'>): { from: LocalDate; to: LocalDate } {
  const from = query.from ?? edition.startDate;
  const to = query.to ?? edition.endDate;
  for (const [field, date] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (date < edition.startDate || date > edition.endDate) throw reportErrors.dateOutsideEdition(field, edition.startDate, edition.endDate);
  }
  if (from > to) throw new ValidationError([{ field: 'to', message: 'to must not be before from', type: 'date.order' }]);
  return { from, to };
}

/** A session's no-shows: what the close-out job wrote; before it ran, the people still missing once check-in has closed. */
function noShowsOf(row: WeekSessionRow, edition: Edition, now: Date): number {
  if (asInt(row.closed_out) > 0) return asInt(row.marked_no_shows);
  if (row.status === 'cancelled') return 0;
  const checkinClosesAt = asDate(row.ends_at).getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE;
  return checkinClosesAt <= now.getTime() ? asInt(row.missing) : 0;
}

export async function weekReport(deps: ReportsDeps, query: Omit<WeekReportQuery, 'format'>): Promise<WeekReport> {
  const edition = query.editionId === undefined ? await currentEdition(deps) : await editionById(deps, query.editionId);
  const { from, to } = dateRange(edition, query);
  const now = deps.clock.now();
  const params: Record<string, unknown> = { editionId: edition.id, from, to };
  let sql = WEEK_SQL;
  if (query.district !== undefined) {
    sql += ' AND v.district = :district';
    params.district = query.district;
  }
  const rows = await deps.db.sql.select<WeekSessionRow>(`${sql} ORDER BY s.date, s.starts_at, s.id`, params);
  const sessions: SessionFigures[] = rows.map((r) => ({
    sessionId: asInt(r.id),
    date: asLocalDate(r.date),
    venue: { id: asInt(r.venue_id), name: r.name_zh, nameEn: r.name_en, kind: r.kind, level: r.level, district: r.district },
    cancelled: r.status === 'cancelled',
    capacity: asInt(r.capacity),
    booked: asInt(r.booked),
    admitted: asInt(r.admitted),
    noShows: noShowsOf(r, edition, now),
    cancellations: asInt(r.cancelled_total),
    cancelledByFamily: asInt(r.cancelled_family),
    cancelledByVenue: asInt(r.cancelled_venue),
  }));
  return {
    edition: editionSummary(edition),
    filters: { from, to, district: query.district ?? null },
    generatedAt: formatInstant(now, edition.timezone),
    ...weekFigures(sessions, datesBetween(from, to)),
  };
}
