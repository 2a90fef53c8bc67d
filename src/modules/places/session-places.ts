// The session row's counters: places taken (`booked`: confirmed bookings and holds), capacity and status.
import type { SessionStatus } from '../catalogue/session.js';
import type { Locks } from './lock-order.js';
import { placesErrors } from './places.errors.js';

/**
 * Takes `n` places: the conditional UPDATE is the transaction's first statement and its lock on the session row.
 * Answers whether they were taken (false: full, not open, or no such session; the row is then not locked).
 */
export async function takePlaces(locks: Locks, sessionId: number, n: number, now: Date): Promise<boolean> {
  locks.enter('session');
  const { affectedRows } = await locks.tx.run(
    `UPDATE sessions SET booked = booked + :n, updated_at = :now
     WHERE id = :id AND status = 'open' AND booked + :n <= capacity`,
    { n, now, id: sessionId },
  );
  if (affectedRows === 1) locks.took('session', sessionId);
  return affectedRows === 1;
}

/** Gives `n` places of a locked session back. */
export async function giveBack(locks: Locks, sessionId: number, n: number, now: Date): Promise<void> {
  locks.requireHeld('session', sessionId);
  if (n === 0) return;
  await locks.tx.run('UPDATE sessions SET booked = booked - :n, updated_at = :now WHERE id = :id', { n, now, id: sessionId });
}

/** The places of a locked session: capacity, taken, status. */
export async function placesOf(locks: Locks, sessionId: number): Promise<{ capacity: number; booked: number; status: SessionStatus } | undefined> {
  locks.requireHeld('session', sessionId);
  const row = await locks.tx.first<{ capacity: unknown; booked: unknown; status: SessionStatus }>(
    'SELECT capacity, booked, status FROM sessions WHERE id = :id',
    {
      id: sessionId,
    },
  );
  return row && { capacity: Number(row.capacity), booked: Number(row.booked), status: row.status };
}

/** A new capacity for a locked session, never below the places taken. */
export async function setCapacity(locks: Locks, sessionId: number, capacity: number, now: Date): Promise<void> {
  locks.requireHeld('session', sessionId);
  const { affectedRows } = await locks.tx.run('UPDATE sessions SET capacity = :capacity, updated_at = :now WHERE id = :id AND booked <= :capacity', {
    capacity,
    now,
    id: sessionId,
  });
  if (affectedRows === 1) return;
  // MySQL counts changed rows only: 0 may also mean "already so". The row is locked, so it tells which.
  const places = await placesOf(locks, sessionId);
  if (places && places.booked > capacity) throw placesErrors.capacityBelowBooked(places.booked);
}

/**
 * Opens or closes a locked session to new bookings, or puts it in draw mode (cancelling is cancelSession). A session in
 * draw mode leaves it only through its draw (`endDraw`): a manager's open or close does not bypass the draw.
 */
export async function setStatus(locks: Locks, sessionId: number, status: 'open' | 'closed' | 'draw', now: Date, endDraw = false): Promise<void> {
  locks.requireHeld('session', sessionId);
  await locks.tx.run("UPDATE sessions SET status = :status, updated_at = :now WHERE id = :id AND status <> 'cancelled' AND (status <> 'draw' OR :endDraw)", {
    status,
    now,
    id: sessionId,
    endDraw,
  });
}

/** Marks a session cancelled, as its lock: false when it already was (or does not exist). */
export async function markCancelled(locks: Locks, sessionId: number, now: Date): Promise<boolean> {
  locks.enter('session');
  const { affectedRows } = await locks.tx.run("UPDATE sessions SET status = 'cancelled', updated_at = :now WHERE id = :id AND status <> 'cancelled'", {
    now,
    id: sessionId,
  });
  if (affectedRows === 1) locks.took('session', sessionId);
  return affectedRows === 1;
}

/**
 * Takes a locked session out of a schedule: deleted when nothing ever referred to it, else cancelled (its history —
 * cancelled bookings, a waiting list, holds — stays readable). Refused (false) while it holds places.
 */
export async function removeEmptySession(locks: Locks, sessionId: number, now: Date): Promise<'deleted' | 'cancelled' | false> {
  locks.requireHeld('session', sessionId);
  const places = await placesOf(locks, sessionId);
  if (!places || places.booked > 0) return false;
  const history = await locks.tx.first(
    `SELECT 1 AS x FROM bookings WHERE session_id = :id
     UNION ALL SELECT 1 FROM waitlist_entries WHERE session_id = :id
     UNION ALL SELECT 1 FROM place_holds WHERE session_id = :id
     UNION ALL SELECT 1 FROM checkins WHERE session_id = :id
     UNION ALL SELECT 1 FROM no_shows WHERE session_id = :id
     UNION ALL SELECT 1 FROM session_closeouts WHERE session_id = :id
     UNION ALL SELECT 1 FROM draws WHERE session_id = :id
     UNION ALL SELECT 1 FROM group_requests WHERE session_id = :id`,
    { id: sessionId },
  );
  if (history) {
    await locks.tx.run("UPDATE sessions SET status = 'cancelled', updated_at = :now WHERE id = :id", { now, id: sessionId });
    return 'cancelled';
  }
  await locks.tx.run('DELETE FROM sessions WHERE id = :id AND booked = 0', { id: sessionId });
  return 'deleted';
}
