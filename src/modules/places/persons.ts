// One person (keyed hash of an ID number) holds at most one place in any set of overlapping sessions of an edition.
// Each person's lock row is taken first (in hash order), so concurrent bookings of one person into different
// overlapping sessions are checked one after the other; the overlap read that follows the locks sees what their
// previous holder committed because MySQL connections run READ COMMITTED (see src/db/connection.ts). A unique index on
// (session, active_id_hash) backs it within a session.
import { asDate } from '../../db/rows.js';
import type { Sql } from '../../db/sql.js';
import { formatLocal } from '../../shared/time.js';
import type { Locks } from './lock-order.js';
import { placesErrors } from './places.errors.js';

export interface PersonVisit {
  editionId: number;
  startsAt: Date;
  endsAt: Date;
}

/** Locks the people and refuses any who already hold a place overlapping this visit. `masked`: hash → masked ID number. */
export async function checkPersons(locks: Locks, visit: PersonVisit, masked: ReadonlyMap<string, string>): Promise<void> {
  const hashes = [...masked.keys()];
  if (hashes.length === 0) return;
  await locks.persons(visit.editionId, hashes);
  await refuseBusy(locks.tx, visit, masked);
}

/**
 * The overlap check itself. Under the person locks when booking; as a plain read for a draw application, refused
 * early when a person already holds an overlapping place (the booking made from a win is checked again, under the locks).
 */
export async function refuseBusy(sql: Sql, visit: PersonVisit, masked: ReadonlyMap<string, string>): Promise<void> {
  const hashes = [...masked.keys()];
  if (hashes.length === 0) return;
  const rows = await sql.select<{ id_hash: string; name_zh: string; name_en: string; starts_at: unknown; timezone: string }>(
    `SELECT bv.id_hash, v.name_zh, v.name_en, s.starts_at, e.timezone
     FROM booking_visitors bv
     JOIN bookings b ON b.id = bv.booking_id AND b.status = 'confirmed'
     JOIN sessions s ON s.id = b.session_id
     JOIN venues v ON v.id = s.venue_id
     JOIN editions e ON e.id = s.edition_id
     WHERE bv.id_hash IN (:hashes) AND bv.active_id_hash IS NOT NULL AND s.starts_at < :endsAt AND s.ends_at > :startsAt
     ORDER BY s.starts_at`,
    { hashes, endsAt: visit.endsAt, startsAt: visit.startsAt },
  );
  if (rows.length === 0) return;
  // Which visitor, and where they are booked already (the family's own knowledge: they typed the number).
  const where = rows.map((r) => ({
    idNumber: masked.get(r.id_hash) ?? '',
    venue: r.name_zh,
    venueEn: r.name_en,
    startsAt: formatLocal(asDate(r.starts_at), r.timezone),
  }));
  throw placesErrors.duplicateVisitor([...new Set(where.map((w) => w.idNumber))], where);
}
