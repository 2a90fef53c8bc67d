// The one lock order (docs/locking.md says why): a transaction that changes places takes its row locks in this order,
// each kind in ascending key order, through this helper. A transaction that would take a kind after a later kind is
// a bug, refused at once with a LockOrderError rather than left to deadlock under load. Writing to a row already
// locked by this transaction is always allowed.
import { insertIfMissing } from '../../db/insert-if-missing.js';
import { forUpdate, type Sql } from '../../db/sql.js';

export const LOCK_ORDER = ['session', 'draw', 'hold', 'waitlist_entry', 'phone', 'person', 'booking'] as const;
export type LockKind = (typeof LOCK_ORDER)[number];

export class LockOrderError extends Error {}

const ascending = <T extends string | number>(keys: readonly T[]): T[] => [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export class Locks {
  private rank = -1;
  private readonly held = new Map<LockKind, Set<string | number>>();

  constructor(readonly tx: Sql) {}

  /** This transaction now takes locks of `kind`: refused after a later kind. */
  enter(kind: LockKind): void {
    const rank = LOCK_ORDER.indexOf(kind);
    if (rank < this.rank) throw new LockOrderError(`lock order: ${kind} taken after ${LOCK_ORDER[this.rank]} (see docs/locking.md)`);
    this.rank = rank;
  }

  /** Records keys locked by a statement that locks as it writes (a conditional UPDATE, an INSERT). */
  took(kind: LockKind, ...keys: (string | number)[]): void {
    this.enter(kind);
    const set = this.held.get(kind) ?? new Set();
    for (const k of keys) set.add(k);
    this.held.set(kind, set);
  }

  /** The keys of `kind` this transaction holds (after commit: the sessions it may have changed). */
  heldKeys(kind: LockKind): (string | number)[] {
    return [...(this.held.get(kind) ?? [])];
  }

  isHeld(kind: LockKind, key: string | number): boolean {
    return this.held.get(kind)?.has(key) ?? false;
  }

  /** A write to a row of `kind` that this transaction must already hold. */
  requireHeld(kind: LockKind, key: string | number): void {
    if (!this.isHeld(kind, key)) throw new LockOrderError(`lock order: ${kind} ${key} written without its lock (see docs/locking.md)`);
  }

  async sessions(ids: readonly number[]): Promise<void> {
    await this.rows('session', 'sessions', ids);
  }

  /** Draws (their status and applications): after the session they draw for, before the holds a draw makes. */
  async draws(ids: readonly number[]): Promise<void> {
    await this.rows('draw', 'draws', ids);
  }

  async holds(ids: readonly number[]): Promise<void> {
    await this.rows('hold', 'place_holds', ids);
  }

  async waitlistEntries(ids: readonly number[]): Promise<void> {
    await this.rows('waitlist_entry', 'waitlist_entries', ids);
  }

  async bookings(ids: readonly number[]): Promise<void> {
    await this.rows('booking', 'bookings', ids);
  }

  /** Each phone's counter row of the edition, created when missing (on MySQL the upsert locks it). */
  async phones(editionId: number, phones: readonly string[], now: Date): Promise<void> {
    this.enter('phone');
    for (const phone of ascending(phones)) {
      if (this.isHeld('phone', `${editionId}:${phone}`)) continue;
      await insertIfMissing(this.tx, 'phone_counters', { edition_id: editionId, phone, confirmed_bookings: 0, no_shows: 0, created_at: now, updated_at: now }, [
        'edition_id',
        'phone',
      ]);
      this.took('phone', `${editionId}:${phone}`);
    }
  }

  /** Each person's lock row of the edition (keyed hash of the ID number), created when missing. */
  async persons(editionId: number, idHashes: readonly string[]): Promise<void> {
    this.enter('person');
    for (const idHash of ascending(idHashes)) {
      await insertIfMissing(this.tx, 'person_locks', { edition_id: editionId, id_hash: idHash }, ['edition_id', 'id_hash']);
      this.took('person', `${editionId}:${idHash}`);
    }
  }

  private async rows(kind: LockKind, table: string, ids: readonly number[]): Promise<void> {
    this.enter(kind);
    const fresh = ascending(ids).filter((id) => !this.isHeld(kind, id));
    if (fresh.length === 0) return;
    await this.tx.select(`SELECT id FROM ${table} WHERE id IN (:ids) ORDER BY id${forUpdate(this.tx)}`, { ids: fresh });
    this.took(kind, ...fresh);
  }
}
