// Bringing a snapshot up to date without reading it whole: the rows this instance just changed (by id), and the rows
// any instance changed since the last look (by `updated_at`, from a little before the latest change seen).
import type { Database } from '../../db/database.js';
import type { Row } from '../../db/sql.js';
import { sessionOf, type Session } from './session.js';
import { addVenue, countPlaces, editionsStampOf, inChunks, reindex, SESSIONS_OF_EDITION, type Snapshot } from './snapshot.js';

/**
 * How far before the last look a poll looks again. `updated_at` is the writer's clock when its change began, and a
 * change is only visible at its commit: a transaction that commits more than this after it read its clock, or a writer
 * whose clock runs this much behind this instance's, is caught by the next full read instead (every five minutes).
 */
export const POLL_OVERLAP_MS = 5_000;

export interface Changed {
  /** Read the snapshot whole again: the editions changed (one added, renamed, its rules or dates moved). */
  whole: boolean;
  /** Something families see changed: answers made before are stale. */
  any: boolean;
}

/**
 * Applies session rows; answers whether any changed what families see. `deferReindex`: the caller reindexes once
 * after several batches (true is then answered for a change of order too).
 */
export function applySessions(snapshot: Snapshot, rows: readonly Row[], now: Date, deferReindex = false): boolean | 'reorder' {
  const edition = snapshot.edition;
  if (!edition) return false;
  let reorder = false;
  const recount = new Set<number>();
  for (const row of rows) {
    const s = sessionOf(row);
    const known = snapshot.sessions.get(s.id);
    if (s.editionId !== edition.id) {
      // Moved out of the edition (staff tools do not do this; a hand edit might).
      if (known) {
        snapshot.sessions.delete(s.id);
        reorder = true;
      }
      continue;
    }
    if (!known) {
      snapshot.sessions.set(s.id, s);
      reorder = true;
      continue;
    }
    if (sameSession(known, s)) continue;
    if (known.venueId !== s.venueId || known.date !== s.date || known.startsAt.getTime() !== s.startsAt.getTime()) reorder = true;
    recount.add(known.venueId);
    Object.assign(known, s);
  }
  if (reorder) {
    if (deferReindex) return 'reorder';
    reindex(snapshot, now);
    return true;
  }
  for (const venueId of recount) {
    const entry = snapshot.venues.get(venueId);
    if (entry) countPlaces(entry, now);
  }
  return recount.size > 0;
}

function sameSession(a: Session, b: Session): boolean {
  return (
    a.booked === b.booked &&
    a.capacity === b.capacity &&
    a.status === b.status &&
    a.startsAt.getTime() === b.startsAt.getTime() &&
    a.endsAt.getTime() === b.endsAt.getTime() &&
    a.date === b.date &&
    a.venueId === b.venueId
  );
}

/** Applies venue rows; answers whether any changed what families see. */
export function applyVenues(snapshot: Snapshot, rows: readonly Row[], now: Date): boolean {
  let changed = false;
  let added = false;
  for (const row of rows) {
    const isNew = !snapshot.venues.has(Number(row.id));
    if (addVenue(snapshot, row)) changed = true;
    if (isNew) added = true;
  }
  if (added) reindex(snapshot, now);
  return changed;
}

const inList = (ids: readonly number[]) => ids.map((id) => Number(id)).join(', ');

/** Reads again the sessions and venues this instance just changed (by primary key). */
export async function refreshRows(
  db: Pick<Database, 'sql'>,
  snapshot: Snapshot,
  ids: { sessions: readonly number[]; venues: readonly number[] },
  now: Date,
): Promise<boolean> {
  let changed = false;
  if (ids.sessions.length) {
    // The ids are integers the ledger locked (never text from a request): listed inline, as one statement of any length.
    changed = !!applySessions(snapshot, await db.sql.select(`SELECT * FROM sessions WHERE id IN (${inList(ids.sessions)})`), now) || changed;
  }
  if (ids.venues.length) {
    changed = applyVenues(snapshot, await db.sql.select(`SELECT * FROM venues WHERE id IN (${inList(ids.venues)})`), now) || changed;
  }
  return changed;
}

/**
 * What any instance changed since the last look (less the overlap): three indexed reads. `started`: when this look
 * began (ms, this machine's clock), where the next one will start from.
 */
export async function poll(db: Pick<Database, 'sql'>, snapshot: Snapshot, now: Date, started: number): Promise<Changed> {
  const since = new Date(snapshot.lookedFrom - POLL_OVERLAP_MS);
  const editions = await db.sql.select('SELECT id, updated_at FROM editions ORDER BY start_date, id');
  if (editionsStampOf(editions) !== snapshot.editionsStamp) return { whole: true, any: true };
  if (snapshot.edition && (await takingStamp(db, snapshot.edition.id)) !== snapshot.takingStamp) return { whole: true, any: true };
  let any = false;
  if (snapshot.edition) {
    const rows = await db.sql.select('SELECT * FROM sessions WHERE edition_id = :id AND updated_at >= :since', { id: snapshot.edition.id, since });
    any = !!applySessions(snapshot, rows, now);
  }
  const venues = await db.sql.select('SELECT * FROM venues WHERE updated_at >= :since', { since });
  any = applyVenues(snapshot, venues, now) || any;
  snapshot.lookedFrom = started;
  return { whole: false, any };
}

/**
 * Reads every row again and brings the snapshot in line, in place (so a national snapshot is never held twice): the
 * backstop for changes no poll can see. Answers 'whole' when the editions changed (the caller reads a new snapshot).
 */
export async function reconcile(db: Pick<Database, 'sql'>, snapshot: Snapshot, now: Date, started: number): Promise<Changed> {
  const editions = await db.sql.select('SELECT id, updated_at FROM editions ORDER BY start_date, id');
  if (editionsStampOf(editions) !== snapshot.editionsStamp) return { whole: true, any: true };
  if (snapshot.edition && (await takingStamp(db, snapshot.edition.id)) !== snapshot.takingStamp) return { whole: true, any: true };
  let any = false;
  await inChunks(db, 'SELECT * FROM venues WHERE id > :after ORDER BY id LIMIT :limit', {}, (rows) => {
    any = applyVenues(snapshot, rows, now) || any;
  });
  if (snapshot.edition) {
    const seen = new Set<number>();
    let reorder = false;
    await inChunks(db, SESSIONS_OF_EDITION, { editionId: snapshot.edition.id }, (rows) => {
      for (const row of rows) seen.add(Number(row.id));
      const applied = applySessions(snapshot, rows, now, true);
      if (applied === 'reorder') reorder = true;
      any = !!applied || any;
    });
    for (const id of [...snapshot.sessions.keys()]) {
      if (!seen.has(id)) {
        snapshot.sessions.delete(id);
        reorder = true;
      }
    }
    if (reorder) reindex(snapshot, now);
    any = reorder || any;
  }
  snapshot.lookedFrom = started;
  return { whole: false, any };
}

/** The venues taking part in the edition, summed as takingStampOf does (one read of the primary key). */
async function takingStamp(db: Pick<Database, 'sql'>, editionId: number): Promise<string> {
  const row = await db.sql.first<{ n: unknown; s: unknown; q: unknown }>(
    'SELECT COUNT(*) AS n, SUM(venue_id) AS s, SUM(venue_id * venue_id) AS q FROM edition_venues WHERE edition_id = :editionId',
    { editionId },
  );
  return `${Number(row?.n ?? 0)}:${Number(row?.s ?? 0)}:${Number(row?.q ?? 0)}`;
}
