// What the venue's manager sees of offline scanning: visitors two scanners both let in while offline. The earlier
// scan's admission stands (counted once); the later scan is listed here, with its device, gate, staff and time.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { maskName } from '../../shared/masking.js';
import { formatInstant, localDateOf, startOfLocalDay, addDays } from '../../shared/time.js';
import { currentEdition } from '../catalogue/editions.js';
import { checkinErrors } from './checkin.errors.js';

export interface ConflictView {
  id: number;
  code: string;
  sessionId: number;
  visitor: string | null;
  standing: { admissionId: number; at: string; gate: string | null; by: string | null; deviceId: string | null };
  later: { at: string; gate: string | null; by: string | null; deviceId: string | null; seq: number | null };
  recordedAt: string;
}

export async function conflicts(
  deps: { db: Database; clock: Clock },
  query: { venueId?: number; date?: string },
  actor: Actor,
): Promise<{ items: ConflictView[] }> {
  const venueId = query.venueId ?? (actor.venueIds.length === 1 ? actor.venueIds[0] : undefined);
  if (venueId === undefined) throw checkinErrors.noVenue();
  requireVenue(actor, venueId);
  const edition = await currentEdition(deps);
  const tz = edition.timezone;
  const date = query.date ?? localDateOf(deps.clock.now(), tz);
  const rows = await deps.db.sql.select<Record<string, unknown>>(
    `SELECT c.id, c.session_id, c.device_id, c.device_seq, c.gate, c.scanned_at, c.recorded_at, b.code, v.name,
            a.id AS admission_id, a.scanned_at AS a_at, a.gate AS a_gate, a.device_id AS a_device,
            lu.username AS l_user, lu.display_name AS l_name, au.username AS a_user, au.display_name AS a_name
     FROM door_conflicts c JOIN bookings b ON b.id = c.booking_id JOIN admissions a ON a.id = c.admission_id
     LEFT JOIN booking_visitors v ON v.id = c.visitor_id
     LEFT JOIN users lu ON lu.id = c.user_id LEFT JOIN users au ON au.id = a.user_id
     WHERE c.venue_id = :venueId AND c.scanned_at >= :from AND c.scanned_at < :to
     ORDER BY c.scanned_at, c.id`,
    { venueId, from: startOfLocalDay(date, tz), to: startOfLocalDay(addDays(date, 1), tz) },
  );
  const at = (v: unknown) => formatInstant(new Date(v as string), tz);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      code: String(r.code),
      sessionId: Number(r.session_id),
      visitor: r.name ? maskName(String(r.name)) : null,
      standing: {
        admissionId: Number(r.admission_id),
        at: at(r.a_at),
        gate: (r.a_gate as string | null) ?? null,
        by: (r.a_name as string | null) ?? (r.a_user as string | null) ?? null,
        deviceId: (r.a_device as string | null) ?? null,
      },
      later: {
        at: at(r.scanned_at),
        gate: (r.gate as string | null) ?? null,
        by: (r.l_name as string | null) ?? (r.l_user as string | null) ?? null,
        deviceId: (r.device_id as string | null) ?? null,
        seq: r.device_seq === null ? null : Number(r.device_seq),
      },
      recordedAt: at(r.recorded_at),
    })),
  };
}
