// Changes to admissions after the fact: undoing a wrong tap (the place is expected again), and merging an offline
// scanner's queued admission, where the earlier scan of a visitor stands and the later one is kept as a conflict for
// the venue's manager (never silently dropped).
import { addToCheckin, insertAdmissions, lockParty, selectedSlots, type AdmitInput, type StandingAdmission } from './admissions.js';
import type { Locks } from './lock-order.js';

export interface UndoInput {
  booking: { id: number; sessionId: number; venueId: number };
  admissionIds: readonly number[];
  userId: number;
  reason: string;
  now: Date;
}

/** Undoes standing admissions of one booking; answers the ones undone (others were undone already or are not its). */
export async function undoAdmissions(locks: Locks, u: UndoInput): Promise<StandingAdmission[]> {
  const party = await lockParty(locks, u.booking);
  if (!party) return [];
  const wanted = new Set(u.admissionIds);
  const undone = party.standing.filter((a) => wanted.has(a.id));
  if (undone.length === 0) return [];
  await locks.tx.run(
    `UPDATE admissions SET active_slot = NULL, undone_at = :now, undone_by = :userId, undo_reason = :reason
     WHERE id IN (:ids) AND booking_id = :bookingId AND active_slot IS NOT NULL`,
    { now: u.now, userId: u.userId, reason: u.reason, ids: undone.map((a) => a.id), bookingId: u.booking.id },
  );
  await addToCheckin(locks, { booking: u.booking, userId: u.userId, gate: null, now: u.now }, -undone.length);
  return undone;
}

export interface SyncedAdmission extends AdmitInput {
  scannedAt: Date;
  device: { id: string; seq: number };
}

export interface LostScan {
  /** The visitor (null for a place admitted by count) the two scans both let in. */
  visitorId: number | null;
  /** The admission that stands. */
  admissionId: number;
  /** Whether the synced scan was the earlier and took the admission over from the other scan. */
  tookOver: boolean;
}

export type SyncOutcome =
  { status: 'cancelled' } | { status: 'unknown_visitors'; visitorIds: number[] } | { status: 'ok'; admitted: number[]; conflicts: LostScan[] };

/**
 * Merges one queued offline admission. A place still free is admitted with the scan's own time. A place another scan
 * admitted already is a conflict: the earlier scan stands (a synced scan earlier than the standing one takes the
 * admission over), and the later one is written to door_conflicts. Counts never change for a conflict.
 */
export async function mergeSynced(locks: Locks, s: SyncedAdmission): Promise<SyncOutcome> {
  const party = await lockParty(locks, s.booking);
  if (party?.status !== 'confirmed') return { status: 'cancelled' };
  // A count asks for that many places of the party: those it cannot get free are its conflicts.
  const sel = selectedSlots(party, s.count === undefined ? s : {});
  if ('unknown' in sel) return { status: 'unknown_visitors', visitorIds: sel.unknown };
  const bySlot = new Map(party.standing.map((a) => [a.slot, a]));
  let fresh = sel.slots.filter((slot) => !bySlot.has(slot));
  const clashing: StandingAdmission[] = sel.slots.filter((slot) => bySlot.has(slot)).map((slot) => bySlot.get(slot)!);
  if (s.count !== undefined) {
    const overflow = s.count - Math.min(s.count, fresh.length);
    fresh = fresh.slice(0, s.count);
    // The places a count could not get: matched against the latest standing admissions, which the count may predate.
    clashing.length = 0;
    clashing.push(...[...party.standing].sort((a, b) => b.scannedAt.getTime() - a.scannedAt.getTime()).slice(0, overflow));
  }
  await insertAdmissions(locks, party, fresh, s);
  const conflicts: LostScan[] = [];
  for (const standing of clashing) {
    const tookOver = s.scannedAt < standing.scannedAt;
    const loser = tookOver
      ? { deviceId: standing.deviceId, deviceSeq: standing.deviceSeq, userId: standing.userId, gate: standing.gate, scannedAt: standing.scannedAt }
      : { deviceId: s.device.id, deviceSeq: s.device.seq, userId: s.userId, gate: s.gate, scannedAt: s.scannedAt };
    if (tookOver) {
      await locks.tx.run(
        `UPDATE admissions SET user_id = :userId, gate = :gate, device_id = :deviceId, device_seq = :deviceSeq, scanned_at = :scannedAt
         WHERE id = :id`,
        { userId: s.userId, gate: s.gate, deviceId: s.device.id, deviceSeq: s.device.seq, scannedAt: s.scannedAt, id: standing.id },
      );
    }
    await locks.tx.run(
      `INSERT INTO door_conflicts (venue_id, session_id, booking_id, visitor_id, admission_id, device_id, device_seq, user_id, gate, scanned_at, recorded_at)
       VALUES (:venueId, :sessionId, :bookingId, :visitorId, :admissionId, :deviceId, :deviceSeq, :userId, :gate, :scannedAt, :now)`,
      {
        venueId: s.booking.venueId,
        sessionId: s.booking.sessionId,
        bookingId: s.booking.id,
        visitorId: standing.visitorId,
        admissionId: standing.id,
        ...loser,
        now: s.now,
      },
    );
    conflicts.push({ visitorId: standing.visitorId, admissionId: standing.id, tookOver });
  }
  return { status: 'ok', admitted: fresh, conflicts };
}
