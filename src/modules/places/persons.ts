// One person (keyed hash of an ID number) holds at most one place in any set of overlapping sessions of an edition.
// Each person's lock row is taken first (in hash order), so concurrent bookings of one person into different
// overlapping sessions are checked one after the other; the overlap read that follows the locks sees what their
// previous holder committed because MySQL connections run READ COMMITTED (see src/db/connection.ts). A unique index on
// (session, active_id_hash) backs it within a session.
import type { Sql } from '../../db/sql.js';
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
 * The same check as a read, without locks: for a draw application, refused early when a person already holds an
 * overlapping place (the booking made from a win is checked again, under the locks).
 */
export async function refuseBusy(sql: Sql, visit: PersonVisit, masked: ReadonlyMap<string, string>): Promise<void> {
  const hashes = [...masked.keys()];
  if (hashes.length === 0) return;
  const rows = await sql.select<{ id_hash: string }>(
    `SELECT DISTINCT bv.id_hash
     FROM booking_visitors bv
     JOIN bookings b ON b.id = bv.booking_id AND b.status = 'confirmed'
     JOIN sessions s ON s.id = b.session_id
     WHERE bv.id_hash IN (:hashes) AND bv.active_id_hash IS NOT NULL AND s.starts_at < :endsAt AND s.ends_at > :startsAt`,
    { hashes, endsAt: visit.endsAt, startsAt: visit.startsAt },
  );
  if (rows.length > 0) throw placesErrors.duplicateVisitor(rows.map((r) => masked.get(r.id_hash) ?? ''));
}
