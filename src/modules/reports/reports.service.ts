// The organisers' reports, computed live from the tables: the week report, today's admissions, the contact-tracing export.
import { QueryTypes } from 'sequelize';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError, RuleViolationError, ValidationError } from '../../shared/errors.js';
import { datesBetween, formatInstant, localDateOf, MINUTE, type LocalDate } from '../../shared/time.js';
import { requireVenue, type Actor } from '../accounts/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CatalogueService } from '../catalogue/catalogue.service.js';
import type { Edition } from '../catalogue/edition.model.js';
import type { VenueKind, VenueLevel } from '../catalogue/venue.model.js';
import type { ContactTraceInput, LiveQuery, WeekReportQuery } from './reports.schemas.js';
import { weekFigures, type SessionFigures, type WeekFigures } from './week-report.js';

export interface ReportsDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  catalogue: CatalogueService;
}

export interface EditionSummary {
  id: number;
  slug: string;
  name: string;
  nameEn: string;
  city: string;
  cityEn: string;
  startDate: LocalDate;
  endDate: LocalDate;
  timezone: string;
}

export interface WeekReport extends WeekFigures {
  edition: EditionSummary;
  filters: { from: LocalDate; to: LocalDate; district: string | null };
  generatedAt: string;
}

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

export interface TraceItem {
  code: string;
  session: { id: number; date: LocalDate; startsAt: string; endsAt: string };
  checkedInAt: string;
  gate: string | null;
  partySize: number;
  admitted: number;
  /** In full: whoever traces contacts has to call them. */
  contact: { name: string; phone: string };
  /** Names in full (needed to trace), ID numbers masked as stored. */
  visitors: { name: string; idNumber: string | null }[];
}

export interface ContactTrace {
  venue: { id: number; name: string; nameEn: string };
  from: string;
  to: string;
  reason: string;
  generatedAt: string;
  /** Bookings listed. */
  count: number;
  /** Σ people admitted in those bookings. */
  people: number;
  items: TraceItem[];
}

type Num = number | string | null;

interface WeekSessionRow {
  id: number;
  venue_id: number;
  date: string | Date;
  ends_at: string | Date;
  capacity: Num;
  status: string;
  name_zh: string;
  name_en: string;
  kind: VenueKind;
  level: VenueLevel;
  district: string | null;
  booked: Num;
  admitted: Num;
  marked_no_shows: Num;
  closed_out: Num;
  missing: Num;
  cancelled_total: Num;
  cancelled_family: Num;
  cancelled_venue: Num;
}

interface LiveRow {
  id: number;
  venue_id: number;
  starts_at: string | Date;
  ends_at: string | Date;
  capacity: Num;
  status: 'open' | 'closed';
  name_zh: string;
  name_en: string;
  district: string | null;
  booked: Num;
  confirmed_bookings: Num;
  admitted: Num;
  checked_in_bookings: Num;
}

interface TraceRow {
  id: number;
  code: string;
  party_size: Num;
  contact_name: string;
  contact_phone: string;
  session_id: number;
  date: string | Date;
  starts_at: string | Date;
  ends_at: string | Date;
  checked_in_at: string | Date;
  admitted: Num;
  gate: string | null;
  timezone: string;
}

interface VisitorRow {
  booking_id: number;
  name: string;
  id_masked: string | null;
}

const n = (v: Num): number => Number(v ?? 0);
const instant = (v: string | Date): Date => (v instanceof Date ? v : new Date(v));
/** DATEONLY comes back as text from SQLite and may come back as a Date (midnight UTC) from MySQL. */
const dateOnly = (v: string | Date): LocalDate => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

const NO_VENUE = { zh: '未找到该场馆', en: 'No such venue' };

function editionSummary(e: Edition): EditionSummary {
  return {
    id: e.id,
    slug: e.slug,
    name: e.nameZh,
    nameEn: e.nameEn,
    city: e.cityZh,
    cityEn: e.cityEn,
    startDate: e.startDate,
    endDate: e.endDate,
    timezone: e.timezone,
  };
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

export function createReportsService({ db, clock, audit, catalogue }: ReportsDeps) {
  /** Instants are shown in the current edition's timezone when no session says otherwise. */
  async function currentTimezone(): Promise<string> {
    return catalogue.currentEdition().then(
      (e) => e.timezone,
      () => 'UTC',
    );
  }

  async function editionFor(editionId: number | undefined): Promise<Edition> {
    return editionId === undefined ? catalogue.currentEdition() : catalogue.editionById(editionId);
  }

  function dateRange(edition: Edition, query: Pick<WeekReportQuery, 'from' | 'to'>): { from: LocalDate; to: LocalDate } {
    const from = query.from ?? edition.startDate;
    const to = query.to ?? edition.endDate;
    for (const [field, date] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (date < edition.startDate || date > edition.endDate) {
        throw new RuleViolationError(
          'date_outside_edition',
          {
            zh: `日期须在本届活动周（${edition.startDate} 至 ${edition.endDate}）之内`,
            en: `The dates must fall within the edition (${edition.startDate} to ${edition.endDate})`,
          },
          { field, startDate: edition.startDate, endDate: edition.endDate },
        );
      }
    }
    if (from > to) throw new ValidationError([{ field: 'to', message: 'to must not be before from', type: 'date.order' }]);
    return { from, to };
  }

  /** A session's no-shows: what the close-out job wrote; before it ran, the people still missing once check-in has closed. */
  function noShowsOf(row: WeekSessionRow, edition: Edition, now: Date): number {
    if (n(row.closed_out) > 0) return n(row.marked_no_shows);
    if (row.status === 'cancelled') return 0;
    const checkinClosesAt = instant(row.ends_at).getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE;
    return checkinClosesAt <= now.getTime() ? n(row.missing) : 0;
  }

  async function weekReport(query: Omit<WeekReportQuery, 'format'>): Promise<WeekReport> {
    const edition = await editionFor(query.editionId);
    const { from, to } = dateRange(edition, query);
    const now = clock.now();
    const replacements: Record<string, unknown> = { editionId: edition.id, from, to };
    let sql = WEEK_SQL;
    if (query.district !== undefined) {
      sql += ' AND v.district = :district';
      replacements.district = query.district;
    }
    const rows = await db.sequelize.query<WeekSessionRow>(`${sql} ORDER BY s.date, s.starts_at, s.id`, { type: QueryTypes.SELECT, replacements });
    const sessions: SessionFigures[] = rows.map((r) => ({
      sessionId: Number(r.id),
      date: dateOnly(r.date),
      venue: { id: Number(r.venue_id), name: r.name_zh, nameEn: r.name_en, kind: r.kind, level: r.level, district: r.district },
      cancelled: r.status === 'cancelled',
      capacity: n(r.capacity),
      booked: n(r.booked),
      admitted: n(r.admitted),
      noShows: noShowsOf(r, edition, now),
      cancellations: n(r.cancelled_total),
      cancelledByFamily: n(r.cancelled_family),
      cancelledByVenue: n(r.cancelled_venue),
    }));
    return {
      edition: editionSummary(edition),
      filters: { from, to, district: query.district ?? null },
      generatedAt: formatInstant(now, edition.timezone),
      ...weekFigures(sessions, datesBetween(from, to)),
    };
  }

  /** Today's sessions (in the edition's timezone) of the venues the actor serves, with people admitted so far. */
  async function live(actor: Actor, query: LiveQuery): Promise<LiveView> {
    const edition = await catalogue.currentEdition();
    if (query.venueId !== undefined) requireVenue(actor, query.venueId);
    const now = clock.now();
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
    const replacements: Record<string, unknown> = { editionId: edition.id, today };
    if (query.venueId !== undefined) {
      where.push('s.venue_id = :venueId');
      replacements.venueId = query.venueId;
    }
    if (actor.role !== 'organiser') {
      if (actor.venueIds.length === 0) return empty;
      where.push('s.venue_id IN (:venueIds)');
      replacements.venueIds = actor.venueIds;
    }
    const rows = await db.sequelize.query<LiveRow>(
      `SELECT s.id, s.venue_id, s.starts_at, s.ends_at, s.capacity, s.status, v.name_zh, v.name_en, v.district,
              (SELECT COALESCE(SUM(b.party_size), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS booked,
              (SELECT COUNT(*) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS confirmed_bookings,
              (SELECT COALESCE(SUM(c.admitted), 0) FROM checkins c WHERE c.session_id = s.id) AS admitted,
              (SELECT COUNT(*) FROM checkins c WHERE c.session_id = s.id) AS checked_in_bookings
       FROM sessions s JOIN venues v ON v.id = s.venue_id
       WHERE ${where.join(' AND ')}
       ORDER BY v.id, s.starts_at`,
      { type: QueryTypes.SELECT, replacements },
    );

    const venues = new Map<number, LiveVenue>();
    const totals = { ...empty.totals };
    for (const r of rows) {
      const startsAt = instant(r.starts_at);
      const endsAt = instant(r.ends_at);
      const opensAt = startsAt.getTime() - edition.rules.checkinOpensMinutesBefore * MINUTE;
      const closesAt = endsAt.getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE;
      const state: LiveSessionState = now.getTime() < opensAt ? 'upcoming' : now.getTime() > closesAt ? 'ended' : 'checkin_open';
      const session: LiveSession = {
        sessionId: Number(r.id),
        startsAt: formatInstant(startsAt, tz),
        endsAt: formatInstant(endsAt, tz),
        status: r.status,
        state,
        capacity: n(r.capacity),
        booked: n(r.booked),
        admitted: n(r.admitted),
        confirmedBookings: n(r.confirmed_bookings),
        checkedInBookings: n(r.checked_in_bookings),
      };
      const venueId = Number(r.venue_id);
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

  /**
   * Everyone admitted at a venue whose visit overlaps [from, to): a visit runs from the earlier of check-in and the
   * session's start to the later of the session's end and check-in. Audited (with the reason) before anything is returned.
   */
  async function contactTrace(actor: Actor, input: ContactTraceInput, format: 'json' | 'csv'): Promise<ContactTrace> {
    const venue = await db.models.Venue.findByPk(input.venueId);
    if (!venue) throw new NotFoundError(NO_VENUE, { venueId: input.venueId });
    const rows = await db.sequelize.query<TraceRow>(
      `SELECT b.id, b.code, b.party_size, b.contact_name, b.contact_phone,
              s.id AS session_id, s.date, s.starts_at, s.ends_at,
              c.checked_in_at, c.admitted, c.gate, e.timezone
       FROM checkins c
       JOIN bookings b ON b.id = c.booking_id
       JOIN sessions s ON s.id = c.session_id
       JOIN editions e ON e.id = s.edition_id
       WHERE c.venue_id = :venueId
         AND (s.starts_at < :to OR c.checked_in_at < :to)
         AND (s.ends_at > :from OR c.checked_in_at >= :from)
       ORDER BY s.starts_at, c.checked_in_at, b.id`,
      { type: QueryTypes.SELECT, replacements: { venueId: input.venueId, from: input.from, to: input.to } },
    );
    const visitors = new Map<number, VisitorRow[]>();
    if (rows.length > 0) {
      const found = await db.sequelize.query<VisitorRow>(
        'SELECT booking_id, name, id_masked FROM booking_visitors WHERE booking_id IN (:ids) ORDER BY booking_id, position',
        { type: QueryTypes.SELECT, replacements: { ids: rows.map((r) => r.id) } },
      );
      for (const v of found) {
        const list = visitors.get(Number(v.booking_id)) ?? [];
        list.push(v);
        visitors.set(Number(v.booking_id), list);
      }
    }
    const items: TraceItem[] = rows.map((r) => ({
      code: r.code,
      session: {
        id: Number(r.session_id),
        date: dateOnly(r.date),
        startsAt: formatInstant(instant(r.starts_at), r.timezone),
        endsAt: formatInstant(instant(r.ends_at), r.timezone),
      },
      checkedInAt: formatInstant(instant(r.checked_in_at), r.timezone),
      gate: r.gate,
      partySize: n(r.party_size),
      admitted: n(r.admitted),
      contact: { name: r.contact_name, phone: r.contact_phone },
      visitors: (visitors.get(Number(r.id)) ?? []).map((v) => ({ name: v.name, idNumber: v.id_masked })),
    }));
    const people = items.reduce((sum, i) => sum + i.admitted, 0);

    const tz = rows[0]?.timezone ?? (await currentTimezone());
    const from = formatInstant(input.from, tz);
    const to = formatInstant(input.to, tz);
    // Recorded before the data leaves: who asked, why, for which venue and time, and whose bookings they got.
    await audit.record({
      actor,
      action: 'report.contact_trace',
      targetType: 'venue',
      targetId: venue.id,
      venueId: venue.id,
      details: { reason: input.reason, from, to, format, rows: items.length, people, codes: items.map((i) => i.code) },
    });
    return {
      venue: { id: venue.id, name: venue.nameZh, nameEn: venue.nameEn },
      from,
      to,
      reason: input.reason,
      generatedAt: formatInstant(clock.now(), tz),
      count: items.length,
      people,
      items,
    };
  }

  return { weekReport, live, contactTrace };
}

export type ReportsService = ReturnType<typeof createReportsService>;
