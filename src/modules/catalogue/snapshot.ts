// The catalogue as families see it, held in memory: the current edition, its venues and its sessions with places
// left, indexed for the public reads (src/modules/catalogue/answers.ts). loadSnapshot() reads it whole;
// refresh.ts applies the rows that changed since.
import type { Database } from '../../db/database.js';
import { asDate } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import { bookingWindow, remainingPlaces } from './booking-window.js';
import { editionOf, type Edition } from './edition.js';
import { editionEndsAt, pickCurrent } from './editions.js';
import { sessionOf, type Session } from './session.js';
import { venueOf, type Venue } from './venue.js';

/** A venue's sessions counted as the venue list shows them: not cancelled, and places left in open ones to come. */
export interface VenuePlaces {
  sessionCount: number;
  remaining: number;
}

export interface VenueEntry {
  venue: Venue;
  /** The searched fields, lower-cased, one per line (so a search never matches across two fields). */
  search: string;
  /** The edition's sessions at this venue, by start. */
  sessions: Session[];
  places: VenuePlaces;
  placesByDate: Map<string, VenuePlaces>;
}

export interface Snapshot {
  /** null: no edition is scheduled (the catalogue answers not_found). */
  edition: Edition | null;
  /** The business clock's instant (ms) the edition was chosen at, and the edition's end (ms): once that has passed, another may be current. */
  chosenAt: number;
  endsAt: number;
  /** Every edition's id and last change: when it differs, the snapshot is read whole again. */
  editionsStamp: string;
  /** The venues taking part in the edition (`edition_venues`), and their count, sum and sum of squares of ids. */
  taking: Set<number>;
  takingStamp: string;
  /** Every venue, by id (a venue's page answers even when it has no session in the edition). */
  venues: Map<number, VenueEntry>;
  /** Venues taking part with at least one session in the edition, by id: the venue list's order. */
  listed: VenueEntry[];
  sessions: Map<number, Session>;
  /** The edition's sessions by start, venue, id: the session list's order. */
  ordered: Session[];
  byDate: Map<string, Session[]>;
  /** Instants (ms) at which an answer changes by itself: a session starts or closes for booking, booking opens, the edition ends. */
  timeline: number[];
  /**
   * When (ms, this machine's clock) the last look at the database began: the next poll asks for rows changed since
   * then, less an overlap (refresh.ts).
   */
  lookedFrom: number;
}

const SEARCHED: (keyof Venue)[] = ['nameZh', 'nameEn', 'hostZh', 'hostEn', 'fieldZh', 'fieldEn'];

/** What `q` is looked for in (SEARCHED_COLUMNS of participation.ts): names, host, field and tags. */
export function searchText(v: Venue): string {
  return [...SEARCHED.map((k) => String(v[k] ?? '')), ...v.tags].map((t) => t.toLowerCase()).join('\n');
}

/** Changes when a venue joins or leaves the edition (compared by the poll with the same sums in SQL). */
export function takingStampOf(ids: Iterable<number>): string {
  let n = 0;
  let sum = 0;
  let squares = 0;
  for (const id of ids) {
    n++;
    sum += id;
    squares += id * id;
  }
  return `${n}:${sum}:${squares}`;
}

export const editionsStampOf = (rows: readonly Row[]): string => rows.map((r) => `${String(r.id)}@${asDate(r.updated_at).getTime()}`).join(',');

/** Reads the whole catalogue of the edition current at `now`. The one place that decides what is public. */
export async function loadSnapshot(db: Pick<Database, 'sql'>, now: Date): Promise<Snapshot> {
  const started = Date.now();
  const editionRows = await db.sql.select('SELECT * FROM editions ORDER BY start_date, id');
  // Families see published editions only, and in the venue list only the venues taking part (edition setup).
  const edition = pickCurrent(editionRows.filter((r) => r.status === 'published').map(editionOf), now) ?? null;
  const snapshot: Snapshot = {
    edition,
    chosenAt: now.getTime(),
    endsAt: edition ? editionEndsAt(edition).getTime() : Infinity,
    editionsStamp: editionsStampOf(editionRows),
    taking: new Set(),
    takingStamp: '',
    venues: new Map(),
    listed: [],
    sessions: new Map(),
    ordered: [],
    byDate: new Map(),
    timeline: [],
    lookedFrom: started,
  };
  await inChunks(db, 'SELECT * FROM venues WHERE id > :after ORDER BY id LIMIT :limit', {}, (rows) => rows.forEach((row) => addVenue(snapshot, row)));
  if (edition) {
    const taking = await db.sql.select<{ venue_id: unknown }>('SELECT venue_id FROM edition_venues WHERE edition_id = :editionId', { editionId: edition.id });
    snapshot.taking = new Set(taking.map((r) => Number(r.venue_id)));
    snapshot.takingStamp = takingStampOf(snapshot.taking);
    await inChunks(db, SESSIONS_OF_EDITION, { editionId: edition.id }, (rows) => {
      for (const row of rows) {
        const s = sessionOf(row);
        snapshot.sessions.set(s.id, s);
      }
    });
  }
  reindex(snapshot, now);
  return snapshot;
}

/** The columns a session's view needs (sessionOf), a chunk at a time by id. */
export const SESSIONS_OF_EDITION = `SELECT id, edition_id, venue_id, date, starts_at, ends_at, capacity, booked, status FROM sessions
  WHERE edition_id = :editionId AND id > :after ORDER BY id LIMIT :limit`;

const CHUNK = 10_000;

/**
 * Runs `sql` (with `:after` and `:limit`, ordered by id) a chunk at a time: a national edition's 140,000 sessions never
 * sit in memory as rows all at once, and the event loop serves requests between chunks.
 */
export async function inChunks(db: Pick<Database, 'sql'>, sql: string, params: Record<string, unknown>, fn: (rows: Row[]) => void): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await db.sql.select(sql, { ...params, after, limit: CHUNK });
    if (rows.length === 0) return;
    fn(rows);
    if (rows.length < CHUNK) return;
    after = Number(rows.at(-1)!.id);
  }
}

/** Adds or replaces a venue from its row; answers whether what families see of it changed. */
export function addVenue(snapshot: Snapshot, row: Row): boolean {
  const venue = venueOf(row);
  const entry = snapshot.venues.get(venue.id);
  if (!entry) {
    snapshot.venues.set(venue.id, { venue, search: searchText(venue), sessions: [], places: { sessionCount: 0, remaining: 0 }, placesByDate: new Map() });
    return true;
  }
  if (JSON.stringify(entry.venue) === JSON.stringify(venue)) return false;
  entry.venue = venue;
  entry.search = searchText(venue);
  return true;
}

const byStart = (a: Session, b: Session) => a.startsAt.getTime() - b.startsAt.getTime() || a.venueId - b.venueId || a.id - b.id;

/** Rebuilds the orders, the per-venue lists, the places and the timeline from `snapshot.sessions`. */
export function reindex(snapshot: Snapshot, now: Date): void {
  const ordered = [...snapshot.sessions.values()].sort(byStart);
  snapshot.ordered = ordered;
  snapshot.byDate = new Map();
  for (const entry of snapshot.venues.values()) entry.sessions = [];
  for (const s of ordered) {
    let day = snapshot.byDate.get(s.date);
    if (!day) snapshot.byDate.set(s.date, (day = []));
    day.push(s);
    snapshot.venues.get(s.venueId)?.sessions.push(s);
  }
  snapshot.listed = [...snapshot.venues.values()]
    .filter((e) => e.sessions.length > 0 && snapshot.taking.has(e.venue.id))
    .sort((a, b) => a.venue.id - b.venue.id);
  recount(snapshot, now);
  snapshot.timeline = timelineOf(snapshot);
}

/** Places left of every venue as of `now`. */
export function recount(snapshot: Snapshot, now: Date): void {
  for (const entry of snapshot.listed) countPlaces(entry, now);
}

export function countPlaces(entry: VenueEntry, now: Date): void {
  const t = now.getTime();
  const total: VenuePlaces = { sessionCount: 0, remaining: 0 };
  const byDate = new Map<string, VenuePlaces>();
  for (const s of entry.sessions) {
    if (s.status === 'cancelled') continue;
    let day = byDate.get(s.date);
    if (!day) byDate.set(s.date, (day = { sessionCount: 0, remaining: 0 }));
    const left = s.status === 'open' && s.startsAt.getTime() > t ? remainingPlaces(s) : 0;
    total.sessionCount++;
    total.remaining += left;
    day.sessionCount++;
    day.remaining += left;
  }
  entry.places = total;
  entry.placesByDate = byDate;
}

function timelineOf(snapshot: Snapshot): number[] {
  const { edition } = snapshot;
  if (!edition) return [];
  const instants = new Set<number>([edition.bookingOpensAt.getTime(), editionEndsAt(edition).getTime()]);
  for (const s of snapshot.ordered) {
    instants.add(s.startsAt.getTime());
    instants.add(bookingWindow(s, edition).closesAt.getTime());
  }
  return [...instants].sort((a, b) => a - b);
}

/** The first instant of the timeline after `now` (Infinity when none): answers made at `now` hold until then. */
export function nextChangeAfter(snapshot: Snapshot, now: Date): number {
  const t = now.getTime();
  const tl = snapshot.timeline;
  let lo = 0;
  let hi = tl.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tl[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < tl.length ? tl[lo]! : Infinity;
}
