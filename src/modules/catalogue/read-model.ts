// The catalogue's read model: a snapshot of the current edition in memory (snapshot.ts) and the answers made from it,
// kept as prepared JSON (bytes, tag, compressed forms) until the data under them changes.
//
// Freshness. This instance's own writes are heard at once (catalogueChanged, raised by the ledger and the staff
// tools after commit): the next read first reads those rows again by id, so a family sees its own booking. Writes of
// other instances are found by a poll every quarter of `refreshMs` (and, should the poll timer fall behind, by a read
// that finds the last look older than `refreshMs`), and every row is read again every five minutes. The booking
// decision never reads the snapshot: it stays the ledger's conditional UPDATE, so a stale list may show a place that is
// gone but never books one. With `refreshMs` 0 every request reads the database (the tests' default: they write rows
// directly).
import type { Database } from '../../db/database.js';
import type { CatalogueChange } from '../../shared/catalogue-changed.js';
import type { Clock } from '../../shared/clock.js';
import { JsonAnswer } from '../../shared/json-answer.js';
import type { Logger } from '../../shared/logger.js';
import { poll, reconcile, refreshRows } from './refresh.js';
import { loadSnapshot, nextChangeAfter, recount, type Snapshot } from './snapshot.js';

/** Every row is read again this often, the backstop for changes no poll can see. */
export const FULL_RELOAD_MS = 300_000;
/** Prepared answers kept at most (searches can ask for any number of distinct pages). */
const ANSWER_LIMIT = 5_000;

export interface ReadModelDeps {
  db: Pick<Database, 'sql'>;
  clock: Clock;
  logger: Logger;
  /** How late other instances' writes may show (CATALOGUE_REFRESH_MS); 0: read the database for every request. */
  refreshMs: number;
}

export interface ReadModel {
  /** The snapshot, fresh enough, with `now`. */
  read(): Promise<{ snapshot: Snapshot; now: Date }>;
  /** A prepared answer for `key`, made by `make` from the snapshot when there is none that is still true. */
  answer(key: string, make: (snapshot: Snapshot, now: Date) => unknown): Promise<JsonAnswer>;
  /** Notes what this instance just changed: read again before the next answer. */
  changed(change: CatalogueChange): void;
  stop(): void;
}

export function createReadModel({ db, clock, logger, refreshMs }: ReadModelDeps): ReadModel {
  let snapshot: Snapshot | undefined;
  /** Answers made from the snapshot as it is, valid until `validUntil` (ms, the business clock). */
  let answers = new Map<string, JsonAnswer>();
  let validUntil = -Infinity;
  const pending = { whole: false, sessions: new Set<number>(), venues: new Set<number>() };
  /** Real time (ms) when the last look at the database began, and when the last full read began. */
  let lookedAt = -Infinity;
  let loadedAt = -Infinity;
  let failedAt = -Infinity;
  let running: Promise<void> | undefined;
  /** Changes heard from this instance, and how many of them the last completed look had taken in. */
  let requested = 0;
  let applied = 0;
  let timer: NodeJS.Timeout | undefined;

  /** Answers made now would be the same: nothing to read again, the last look recent enough, the clock not past a change. */
  const current = () => !hasPending() && Date.now() - lookedAt <= refreshMs && clock.now().getTime() < validUntil;
  const hasPending = () => pending.whole || pending.sessions.size > 0 || pending.venues.size > 0;
  const needsLook = () => !snapshot || hasPending() || Date.now() - lookedAt > refreshMs;

  function invalidate(): void {
    answers = new Map();
    validUntil = -Infinity;
  }

  /** One look at the database: a full read, the rows this instance changed, or a poll. Never two at once. */
  async function look(): Promise<void> {
    const started = Date.now();
    const covers = requested;
    const whole = !snapshot || pending.whole;
    const full = started - loadedAt >= FULL_RELOAD_MS;
    const sessions = [...pending.sessions];
    const venues = [...pending.venues];
    pending.whole = false;
    pending.sessions.clear();
    pending.venues.clear();
    try {
      const now = clock.now();
      if (whole) {
        snapshot = await loadSnapshot(db, now);
        loadedAt = started;
        invalidate();
      } else {
        const current = snapshot!;
        let any = await refreshRows(db, current, { sessions, venues }, now);
        const polled = full ? await reconcile(db, current, now, started) : await poll(db, current, now, started);
        if (full) loadedAt = started;
        if (polled.whole) {
          snapshot = await loadSnapshot(db, now);
          loadedAt = started;
          any = true;
        }
        if (any || polled.any) invalidate();
      }
      lookedAt = started;
      applied = Math.max(applied, covers);
    } catch (err) {
      failedAt = Date.now();
      if (whole) pending.whole = true;
      for (const id of sessions) pending.sessions.add(id);
      for (const id of venues) pending.venues.add(id);
      throw err;
    }
  }

  function lookOnce(): Promise<void> {
    running ??= look().finally(() => (running = undefined));
    return running;
  }

  function startTimer(): void {
    if (timer || refreshMs === 0) return;
    timer = setInterval(
      () => {
        if (running || Date.now() - failedAt < refreshMs) return;
        lookOnce().catch((err: unknown) => logger.warn('catalogue refresh failed: serving the last snapshot', { err }));
      },
      Math.max(50, Math.floor(refreshMs / 4)),
    );
    timer.unref();
  }

  async function fresh(): Promise<Snapshot> {
    startTimer();
    // A look already running may have taken this instance's latest change without having applied it yet: wait for one
    // that has (three looks at most).
    const want = requested;
    for (let i = 0; i < 3 && (needsLook() || applied < want); i++) {
      if (snapshot && Date.now() - failedAt < refreshMs && !hasPending() && applied >= want) break;
      try {
        await lookOnce();
      } catch (err) {
        if (!snapshot) throw err;
        logger.warn('catalogue refresh failed: serving the last snapshot', { err });
        break;
      }
    }
    return snapshot!;
  }

  /** Answers are true until the clock passes the next instant of the timeline (a start, a booking cutoff …). */
  function atNow(s: Snapshot): Date {
    const now = clock.now();
    if (now.getTime() >= validUntil) {
      recount(s, now);
      answers = new Map();
      validUntil = nextChangeAfter(s, now);
    }
    return now;
  }

  async function read(): Promise<{ snapshot: Snapshot; now: Date }> {
    if (refreshMs === 0) {
      const now = clock.now();
      return { snapshot: await loadSnapshot(db, now), now };
    }
    let s = await fresh();
    if (s.endsAt <= clock.now().getTime() && s.chosenAt < s.endsAt) {
      pending.whole = true; // the edition has ended since it was chosen: the next may be current now
      s = await fresh();
    }
    return { snapshot: s, now: atNow(s) };
  }

  return {
    read,
    async answer(key, make) {
      const { snapshot: s, now } = await read();
      if (refreshMs === 0) return new JsonAnswer(make(s, now));
      let prepared = answers.get(key);
      if (!prepared) {
        const made: JsonAnswer = new JsonAnswer(make(s, now), () => answers.get(key) === made && current());
        prepared = made;
        if (answers.size >= ANSWER_LIMIT) answers = new Map();
        answers.set(key, prepared);
      }
      return prepared;
    },
    changed(change) {
      if (refreshMs === 0) return;
      requested++;
      if (change.editionId !== undefined) pending.whole = true;
      for (const id of change.sessionIds ?? []) pending.sessions.add(id);
      for (const id of change.venueIds ?? []) pending.venues.add(id);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
