// Erasing the personal data the ledger keeps for an edition whose retention date has passed: the phone counters and
// person locks go (nothing needs them once the week is over), bookings keep their party, status and times but lose
// the contact, and visitors lose names, ID hashes and masked ID numbers. Counts stay exact: nothing that the reports
// read (party sizes, statuses, check-ins, no-shows' people) changes.
import type { Locks } from './lock-order.js';

export interface LedgerErasure {
  phoneCounters: number;
  personLocks: number;
  bookings: number;
  visitors: number;
  noShows: number;
}

/** Idempotent: a second run finds nothing left and answers zeros. */
export async function erasePeople(locks: Locks, editionId: number, now: Date): Promise<LedgerErasure> {
  const { tx } = locks;
  // Whole kinds in the one order (docs/locking.md); the edition is long over, so nobody else waits on these rows.
  locks.enter('phone');
  const phoneCounters = (await tx.run('DELETE FROM phone_counters WHERE edition_id = :editionId', { editionId })).affectedRows;
  locks.enter('person');
  const personLocks = (await tx.run('DELETE FROM person_locks WHERE edition_id = :editionId', { editionId })).affectedRows;
  locks.enter('booking');
  const bookings = (
    await tx.run(
      `UPDATE bookings SET contact_name = '', contact_phone = '', updated_at = :now
       WHERE edition_id = :editionId AND (contact_name <> '' OR contact_phone <> '')`,
      { editionId, now },
    )
  ).affectedRows;
  const visitors = (
    await tx.run(
      `UPDATE booking_visitors SET name = '', id_hash = NULL, id_masked = NULL, active_id_hash = NULL, born_on = NULL
       WHERE booking_id IN (SELECT id FROM bookings WHERE edition_id = :editionId)
         AND (name <> '' OR id_hash IS NOT NULL OR id_masked IS NOT NULL OR active_id_hash IS NOT NULL OR born_on IS NOT NULL)`,
      { editionId },
    )
  ).affectedRows;
  const noShows = (await tx.run("UPDATE no_shows SET phone = '' WHERE edition_id = :editionId AND phone <> ''", { editionId })).affectedRows;
  return { phoneCounters, personLocks, bookings, visitors, noShows };
}
