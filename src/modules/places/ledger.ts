// The places ledger: the one owner of everything that counts places. It alone writes a session's `booked`, capacity
// and status, holds, a booking's status and party, its visitors' active ID hashes, the phone counters, the person
// locks and the admissions; every change runs in a transaction it opens, with its row locks taken in the one order of
// lock-order.ts (docs/locking.md). Use cases (book, cancel, offer, confirm, scan, close out, cancel a session) open
// `ledger.transaction` and call the operations below; their own rows (audit, outbox, waiting-list entries) go through
// `p.tx` in the same transaction.
import type { Database } from '../../db/database.js';
import type { Sql } from '../../db/sql.js';
import type { EditionRules } from '../catalogue/edition.js';
import { mergeSynced, undoAdmissions, type SyncedAdmission, type UndoInput } from './admission-changes.js';
import { admit, closeOut, type AdmitInput } from './admissions.js';
import { cancelBookings, insertBooking, type BookingToCancel, type CancelledBy, type NewBookingRow } from './booking-rows.js';
import { createHold, endHold, endSessionHolds, holdById, redeemHold, type Hold } from './holds.js';
import { Locks } from './lock-order.js';
import { checkPersons, type PersonVisit } from './persons.js';
import { countBooking } from './phone-limits.js';
import { markCancelled, placesOf, removeEmptySession, setCapacity, setStatus, takePlaces } from './session-places.js';

export type { Admission, StandingAdmission } from './admissions.js';
export type { LostScan, SyncOutcome } from './admission-changes.js';
export type { BookingToCancel, CancelledBy, Language, NewBookingRow, VisitorRow } from './booking-rows.js';
export type { Hold, HoldStatus } from './holds.js';
export { checkNoShows } from './phone-limits.js';

/** The ledger's operations inside one transaction. */
export function placesIn(tx: Sql) {
  const locks = new Locks(tx);
  return {
    /** The transaction's executor, for the caller's own rows. */
    tx,
    locks,
    lockSessions: (ids: readonly number[]) => locks.sessions(ids),
    lockWaitlistEntries: (ids: readonly number[]) => locks.waitlistEntries(ids),
    takePlaces: (sessionId: number, n: number, now: Date) => takePlaces(locks, sessionId, n, now),
    placesOf: (sessionId: number) => placesOf(locks, sessionId),
    setCapacity: (sessionId: number, capacity: number, now: Date) => setCapacity(locks, sessionId, capacity, now),
    setStatus: (sessionId: number, status: 'open' | 'closed', now: Date) => setStatus(locks, sessionId, status, now),
    markCancelled: (sessionId: number, now: Date) => markCancelled(locks, sessionId, now),
    removeEmptySession: (sessionId: number, now: Date) => removeEmptySession(locks, sessionId, now),
    createHold: (session: { id: number; editionId: number }, places: number, expiresAt: Date, now: Date) => createHold(locks, session, places, expiresAt, now),
    redeemHold: (holdId: number, sessionId: number, places: number, now: Date) => redeemHold(locks, holdId, sessionId, places, now),
    endHold: (hold: Pick<Hold, 'id' | 'sessionId' | 'places'>, to: 'released' | 'expired', now: Date) => endHold(locks, hold, to, now),
    endSessionHolds: (sessionId: number, now: Date) => endSessionHolds(locks, sessionId, now),
    holdById: (id: number) => holdById(locks, id),
    countBooking: (edition: { id: number; rules: EditionRules }, phone: string, now: Date) => countBooking(locks, edition, phone, now),
    checkPersons: (visit: PersonVisit, masked: ReadonlyMap<string, string>) => checkPersons(locks, visit, masked),
    insertBooking: (b: NewBookingRow) => insertBooking(locks, b),
    cancelBookings: (session: { id: number; editionId: number }, bookings: readonly BookingToCancel[], by: CancelledBy, now: Date) =>
      cancelBookings(locks, session, bookings, by, now),
    admit: (a: AdmitInput) => admit(locks, a),
    undoAdmissions: (u: UndoInput) => undoAdmissions(locks, u),
    mergeSynced: (s: SyncedAdmission) => mergeSynced(locks, s),
    closeOut: (session: { id: number; editionId: number }, now: Date) => closeOut(locks, session, now),
  };
}

export type Places = ReturnType<typeof placesIn>;

export interface Ledger {
  /** Runs `fn` in one transaction with the ledger's operations: the only way to change places. */
  transaction<T>(fn: (p: Places) => Promise<T>): Promise<T>;
}

export function createLedger(db: Pick<Database, 'transaction'>): Ledger {
  return { transaction: (fn) => db.transaction((tx) => fn(placesIn(tx))) };
}
