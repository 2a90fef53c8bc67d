// Holds: places kept for someone for a while (a waiting-list offer). A hold's places count in the session's `booked`
// from the moment it is made, so nobody else can take them; the booking path redeems it (the places stay taken and
// pass to the booking), or it is released or expires and its places go back.
import { asDate, asInt, asText } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import type { Locks } from './lock-order.js';
import { giveBack } from './session-places.js';

export type HoldStatus = 'active' | 'redeemed' | 'released' | 'expired';

export interface Hold {
  id: number;
  editionId: number;
  sessionId: number;
  places: number;
  status: HoldStatus;
  expiresAt: Date;
}

export function holdOf(r: Row): Hold {
  return {
    id: asInt(r.id),
    editionId: asInt(r.edition_id),
    sessionId: asInt(r.session_id),
    places: asInt(r.places),
    status: asText(r.status) as HoldStatus,
    expiresAt: asDate(r.expires_at),
  };
}

/**
 * Holds `places` of a locked session until `expiresAt`: its id, or null when the session has not that many places
 * free (or is not open).
 */
export async function createHold(locks: Locks, session: { id: number; editionId: number }, places: number, expiresAt: Date, now: Date): Promise<number | null> {
  locks.requireHeld('session', session.id);
  const taken = await locks.tx.run(
    "UPDATE sessions SET booked = booked + :places, updated_at = :now WHERE id = :id AND status = 'open' AND booked + :places <= capacity",
    { places, now, id: session.id },
  );
  if (taken.affectedRows !== 1) return null;
  locks.enter('hold');
  const { insertId } = await locks.tx.run(
    `INSERT INTO place_holds (edition_id, session_id, places, status, expires_at, created_at, updated_at)
     VALUES (:editionId, :sessionId, :places, 'active', :expiresAt, :now, :now)`,
    { editionId: session.editionId, sessionId: session.id, places, expiresAt, now },
  );
  locks.took('hold', insertId);
  return insertId;
}

/** Redeems an active, unexpired hold of `places` in a locked session: its places pass to the booking being made. */
export async function redeemHold(locks: Locks, holdId: number, sessionId: number, places: number, now: Date): Promise<boolean> {
  locks.requireHeld('session', sessionId);
  locks.enter('hold');
  const { affectedRows } = await locks.tx.run(
    `UPDATE place_holds SET status = 'redeemed', updated_at = :now
     WHERE id = :id AND session_id = :sessionId AND status = 'active' AND places = :places AND expires_at > :now`,
    { id: holdId, sessionId, places, now },
  );
  if (affectedRows === 1) locks.took('hold', holdId);
  return affectedRows === 1;
}

/** Ends an active hold of a locked session (released by its holder, or expired); its places go back. */
export async function endHold(locks: Locks, hold: Pick<Hold, 'id' | 'sessionId' | 'places'>, to: 'released' | 'expired', now: Date): Promise<boolean> {
  locks.requireHeld('session', hold.sessionId);
  if (!locks.isHeld('hold', hold.id)) locks.enter('hold');
  const { affectedRows } = await locks.tx.run("UPDATE place_holds SET status = :to, updated_at = :now WHERE id = :id AND status = 'active'", {
    to,
    now,
    id: hold.id,
  });
  if (affectedRows !== 1) return false;
  locks.took('hold', hold.id);
  await giveBack(locks, hold.sessionId, hold.places, now);
  return true;
}

/** Ends every active hold of a locked session (the session is cancelled); answers the holds ended. */
export async function endSessionHolds(locks: Locks, sessionId: number, now: Date): Promise<Hold[]> {
  locks.requireHeld('session', sessionId);
  locks.enter('hold');
  const active = (await locks.tx.select(`SELECT * FROM place_holds WHERE session_id = :sessionId AND status = 'active' ORDER BY id`, { sessionId })).map(
    holdOf,
  );
  for (const h of active) await endHold(locks, h, 'released', now);
  return active;
}

/** A hold by id (read without a lock: to learn its session before locking it). */
export async function holdById(locks: Locks, id: number): Promise<Hold | undefined> {
  const row = await locks.tx.first('SELECT * FROM place_holds WHERE id = :id', { id });
  return row && holdOf(row);
}
