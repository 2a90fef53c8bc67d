// Makes a venue's sessions in an edition match its schedule, inside the caller's ledger transaction. Idempotent: what
// already matches is left alone. A session the schedule drops or shrinks below its places taken is a conflict: all
// conflicts are gathered and the whole change refused, so a schedule applies whole or not at all.
import { insertIfMissing } from '../../db/insert-if-missing.js';
import { asInt } from '../../db/rows.js';
import { formatInstant, zonedInstant } from '../../shared/time.js';
import type { Edition } from '../catalogue/edition.js';
import { sessionOf } from '../catalogue/session.js';
import type { Places } from '../places/ledger.js';
import { expandPattern, type SchedulePattern } from './schedule.js';
import { schedulesErrors, type ScheduleConflict } from './schedules.errors.js';

export interface ApplyResult {
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
  /** Sessions of the venue in the edition afterwards, cancelled ones left out. */
  sessions: number;
}

export async function applyPattern(p: Places, edition: Edition, venueId: number, pattern: SchedulePattern, now: Date): Promise<ApplyResult> {
  const tz = edition.timezone;
  const ids = (
    await p.tx.select<{ id: unknown }>('SELECT id FROM sessions WHERE edition_id = :editionId AND venue_id = :venueId', { editionId: edition.id, venueId })
  ).map((r) => asInt(r.id));
  if (ids.length > 0) await p.lockSessions(ids);
  const existing = ids.length === 0 ? [] : (await p.tx.select('SELECT * FROM sessions WHERE id IN (:ids)', { ids })).map(sessionOf);
  const byStart = new Map(existing.map((s) => [s.startsAt.getTime(), s]));

  const wanted = expandPattern(pattern, edition.startDate, edition.endDate).map((slot) => ({
    ...slot,
    startsAt: zonedInstant(slot.date, slot.start, tz),
    endsAt: zonedInstant(slot.date, slot.end, tz),
  }));
  const wantedStarts = new Set(wanted.map((w) => w.startsAt.getTime()));

  const conflicts: ScheduleConflict[] = [];
  const conflict = (s: (typeof existing)[number], reason: ScheduleConflict['reason'], capacity?: number) =>
    conflicts.push({
      sessionId: s.id,
      date: s.date,
      startTime: formatInstant(s.startsAt, tz).slice(11, 16),
      booked: s.booked,
      reason,
      ...(capacity ? { capacity } : {}),
    });

  const toRemove = existing.filter((s) => s.status !== 'cancelled' && !wantedStarts.has(s.startsAt.getTime()));
  for (const s of toRemove) if (s.booked > 0) conflict(s, 'removed');
  const toCreate: typeof wanted = [];
  const toChange: { id: number; capacity?: number; endsAt?: Date }[] = [];
  let unchanged = 0;
  for (const w of wanted) {
    const s = byStart.get(w.startsAt.getTime());
    if (!s) toCreate.push(w);
    else if (s.status === 'cancelled')
      unchanged++; // a cancelled session keeps its time slot and its history
    else {
      const change = {
        id: s.id,
        ...(s.capacity !== w.capacity && { capacity: w.capacity }),
        ...(s.endsAt.getTime() !== w.endsAt.getTime() && { endsAt: w.endsAt }),
      };
      if (change.capacity !== undefined && s.booked > change.capacity) conflict(s, 'shrunk', change.capacity);
      if (change.capacity !== undefined || change.endsAt !== undefined) toChange.push(change);
      else unchanged++;
    }
  }
  if (conflicts.length > 0) throw schedulesErrors.scheduleConflict(conflicts);

  for (const s of toRemove) await p.removeEmptySession(s.id, now);
  for (const c of toChange) {
    if (c.capacity !== undefined) await p.setCapacity(c.id, c.capacity, now);
    if (c.endsAt) await p.tx.run('UPDATE sessions SET ends_at = :endsAt, updated_at = :now WHERE id = :id', { endsAt: c.endsAt, now, id: c.id });
  }
  for (const w of toCreate) {
    await p.tx.run(
      `INSERT INTO sessions (edition_id, venue_id, date, starts_at, ends_at, capacity, booked, status, created_at, updated_at)
       VALUES (:editionId, :venueId, :date, :startsAt, :endsAt, :capacity, 0, 'open', :now, :now)`,
      { editionId: edition.id, venueId, date: w.date, startsAt: w.startsAt, endsAt: w.endsAt, capacity: w.capacity, now },
    );
  }
  await joinEdition(p, edition.id, venueId, now);
  const count = await p.tx.first<{ n: unknown }>(
    "SELECT COUNT(*) AS n FROM sessions WHERE edition_id = :editionId AND venue_id = :venueId AND status <> 'cancelled'",
    { editionId: edition.id, venueId },
  );
  return { created: toCreate.length, updated: toChange.length, removed: toRemove.length, unchanged, sessions: asInt(count?.n) };
}

/** The venue takes part in the edition (a participation row; already there is fine). */
export async function joinEdition(p: Pick<Places, 'tx'>, editionId: number, venueId: number, now: Date): Promise<void> {
  await insertIfMissing(p.tx, 'edition_venues', { edition_id: editionId, venue_id: venueId, created_at: now }, ['edition_id', 'venue_id']);
}

/** Keeps the pattern as the venue's schedule for the edition (one row per venue and edition). */
export async function storePattern(p: Pick<Places, 'tx'>, editionId: number, venueId: number, pattern: SchedulePattern, now: Date): Promise<void> {
  const params = { editionId, venueId, pattern: JSON.stringify(pattern), now };
  const { affectedRows } = await p.tx.run(
    'UPDATE venue_schedules SET pattern = :pattern, updated_at = :now WHERE edition_id = :editionId AND venue_id = :venueId',
    params,
  );
  if (affectedRows === 0) {
    await insertIfMissing(p.tx, 'venue_schedules', { edition_id: editionId, venue_id: venueId, pattern: params.pattern, updated_at: now }, [
      'edition_id',
      'venue_id',
    ]);
    await p.tx.run('UPDATE venue_schedules SET pattern = :pattern, updated_at = :now WHERE edition_id = :editionId AND venue_id = :venueId', params);
  }
}
