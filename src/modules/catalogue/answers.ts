// The public catalogue's answers, computed from a snapshot in memory: the edition, the venue list (filtered, searched,
// paged), a venue with its sessions, the session list (paged) and one session.
import { catalogueErrors } from './catalogue.errors.js';
import type { ListSessionsQuery, ListVenuesQuery } from './catalogue.schemas.js';
import {
  editionView,
  sessionView,
  venueDetailView,
  type EditionView,
  type SessionView,
  type VenueDetailView,
  type VenueSummaryView,
} from './catalogue.views.js';
import type { Edition } from './edition.js';
import type { Session } from './session.js';
import type { Snapshot, VenueEntry, VenuePlaces } from './snapshot.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

function editionOf(snapshot: Snapshot): Edition {
  if (!snapshot.edition) throw catalogueErrors.noEdition();
  return snapshot.edition;
}

export function editionAnswer(snapshot: Snapshot): EditionView {
  return editionView(editionOf(snapshot));
}

function summaryOf(e: VenueEntry, places: VenuePlaces): VenueSummaryView {
  const v = e.venue;
  return {
    id: v.id,
    code: v.code,
    name: v.nameZh,
    nameEn: v.nameEn,
    kind: v.kind,
    level: v.level,
    designation: v.designationZh,
    designationEn: v.designationEn,
    district: v.district,
    host: v.hostZh,
    hostEn: v.hostEn,
    field: v.fieldZh,
    fieldEn: v.fieldEn,
    minAge: v.minAge,
    ageRange: v.ageRange,
    tags: v.tags,
    sessionCount: places.sessionCount,
    remaining: places.remaining,
  };
}

const NONE: VenuePlaces = { sessionCount: 0, remaining: 0 };

/** Venues with sessions (on `date`, if given) that pass the filters, by id, a page at a time. */
export function venuesAnswer(snapshot: Snapshot, query: ListVenuesQuery): Page<VenueSummaryView> {
  editionOf(snapshot);
  const q = query.q?.toLowerCase();
  const start = (query.page - 1) * query.pageSize;
  const items: VenueSummaryView[] = [];
  let total = 0;
  for (const e of snapshot.listed) {
    const places = query.date === undefined ? e.places : (e.placesByDate.get(query.date) ?? NONE);
    if (places.sessionCount === 0) continue;
    const v = e.venue;
    if (query.kind !== undefined && v.kind !== query.kind) continue;
    if (query.level !== undefined && v.level !== query.level) continue;
    if (query.district !== undefined && v.district !== query.district) continue;
    if (query.available === true && places.remaining <= 0) continue;
    if (query.available === false && places.remaining !== 0) continue;
    if (q !== undefined && !e.search.includes(q)) continue;
    if (total >= start && items.length < query.pageSize) items.push(summaryOf(e, places));
    total++;
  }
  return { items, total, page: query.page, pageSize: query.pageSize };
}

export function venueAnswer(snapshot: Snapshot, id: number, now: Date): VenueDetailView {
  const entry = snapshot.venues.get(id);
  if (!entry) throw catalogueErrors.noVenue(id);
  const edition = editionOf(snapshot);
  const t = now.getTime();
  let remaining = 0;
  for (const s of entry.sessions) if (s.status === 'open' && s.startsAt.getTime() > t) remaining += Math.max(0, s.capacity - s.booked);
  return venueDetailView(
    entry.venue,
    edition,
    entry.sessions.map((s) => sessionView(s, edition, now)),
    remaining,
  );
}

export function sessionsAnswer(snapshot: Snapshot, query: ListSessionsQuery, now: Date): Page<SessionView> {
  const edition = editionOf(snapshot);
  let list: readonly Session[];
  if (query.venueId !== undefined) {
    const all = snapshot.venues.get(query.venueId)?.sessions ?? [];
    list = query.date === undefined ? all : all.filter((s) => s.date === query.date);
  } else {
    list = query.date === undefined ? snapshot.ordered : (snapshot.byDate.get(query.date) ?? []);
  }
  const start = (query.page - 1) * query.pageSize;
  return {
    items: list.slice(start, start + query.pageSize).map((s) => sessionView(s, edition, now)),
    total: list.length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A session of the snapshot's edition (the caller reads another edition's from the database). */
export function sessionAnswer(snapshot: Snapshot, id: number, now: Date): SessionView {
  const s = snapshot.sessions.get(id);
  if (!s || !snapshot.edition) throw catalogueErrors.noSession(id);
  return sessionView(s, snapshot.edition, now);
}
