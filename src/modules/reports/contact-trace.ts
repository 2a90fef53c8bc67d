// Everyone admitted at a venue in a time range, with full phone numbers, for contact tracing. Audited (with the
// reason) before anything is returned.
import { asDate, asInt, asLocalDate } from '../../db/rows.js';
import type { Actor } from '../../shared/actor.js';
import { formatInstant, type LocalDate } from '../../shared/time.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { currentEditionOrNull } from '../catalogue/editions.js';
import { refuseErasedRange } from '../retention/erased-editions.js';
import type { ReportsDeps } from './reports.deps.js';
import type { ContactTraceInput } from './reports.schemas.js';

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

interface TraceRow {
  id: unknown;
  code: string;
  party_size: unknown;
  contact_name: string;
  contact_phone: string;
  session_id: unknown;
  date: unknown;
  starts_at: unknown;
  ends_at: unknown;
  checked_in_at: unknown;
  admitted: unknown;
  gate: string | null;
  timezone: string;
}

/**
 * A visit runs from the earlier of check-in and the session's start to the later of the session's end and check-in;
 * every admitted booking whose visit overlaps [from, to) is listed.
 */
export async function contactTrace(deps: ReportsDeps, actor: Actor, input: ContactTraceInput, format: 'json' | 'csv'): Promise<ContactTrace> {
  const venue = await deps.db.sql.first<{ id: unknown; name_zh: string; name_en: string }>('SELECT id, name_zh, name_en FROM venues WHERE id = :id', {
    id: input.venueId,
  });
  if (!venue) throw catalogueErrors.noVenue(input.venueId);
  await refuseErasedRange(deps.db.sql, input.from, input.to);
  const rows = await deps.db.sql.select<TraceRow>(
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
    { venueId: input.venueId, from: input.from, to: input.to },
  );
  const visitors = new Map<number, { name: string; id_masked: string | null }[]>();
  if (rows.length > 0) {
    const found = await deps.db.sql.select<{ booking_id: unknown; name: string; id_masked: string | null }>(
      'SELECT booking_id, name, id_masked FROM booking_visitors WHERE booking_id IN (:ids) ORDER BY booking_id, position',
      { ids: rows.map((r) => asInt(r.id)) },
    );
    for (const v of found) {
      const list = visitors.get(asInt(v.booking_id)) ?? [];
      list.push(v);
      visitors.set(asInt(v.booking_id), list);
    }
  }
  const items: TraceItem[] = rows.map((r) => ({
    code: r.code,
    session: {
      id: asInt(r.session_id),
      date: asLocalDate(r.date),
      startsAt: formatInstant(asDate(r.starts_at), r.timezone),
      endsAt: formatInstant(asDate(r.ends_at), r.timezone),
    },
    checkedInAt: formatInstant(asDate(r.checked_in_at), r.timezone),
    gate: r.gate,
    partySize: asInt(r.party_size),
    admitted: asInt(r.admitted),
    contact: { name: r.contact_name, phone: r.contact_phone },
    visitors: (visitors.get(asInt(r.id)) ?? []).map((v) => ({ name: v.name, idNumber: v.id_masked })),
  }));
  const people = items.reduce((sum, i) => sum + i.admitted, 0);

  const tz = rows[0]?.timezone ?? (await currentEditionOrNull(deps))?.timezone ?? 'UTC';
  const from = formatInstant(input.from, tz);
  const to = formatInstant(input.to, tz);
  // Recorded before the data leaves: who asked, why, for which venue and time, and whose bookings they got.
  await deps.audit.record({
    actor,
    action: 'report.contact_trace',
    targetType: 'venue',
    targetId: asInt(venue.id),
    venueId: asInt(venue.id),
    details: { reason: input.reason, from, to, format, rows: items.length, people, codes: items.map((i) => i.code) },
  });
  return {
    venue: { id: asInt(venue.id), name: venue.name_zh, nameEn: venue.name_en },
    from,
    to,
    reason: input.reason,
    generatedAt: formatInstant(deps.clock.now(), tz),
    count: items.length,
    people,
    items,
  };
}
