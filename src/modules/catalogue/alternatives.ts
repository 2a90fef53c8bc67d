// Where a party can go instead when a slot cannot take it: sessions with room for the whole party, bookable now, on
// other days or times of the same venue, then at similar venues (same kind, and same field or district; same district
// first). Families see this when a slot is full or has fewer places left than their party.
import { MINUTE } from '../../shared/time.js';
import { sessionView, type SessionView } from './catalogue.views.js';
import { editionById, type EditionsDeps } from './editions.js';
import { sessionById } from './sessions.js';
import { sessionOf } from './session.js';

/** At most this many of each kind. */
const EACH = 6;

export interface Alternative {
  session: SessionView;
  venue: { id: number; name: string; nameEn: string; district: string | null };
}

export interface Alternatives {
  partySize: number;
  sameVenue: Alternative[];
  similar: Alternative[];
}

interface Row extends Record<string, unknown> {
  v_name_zh: string;
  v_name_en: string;
  v_district: string | null;
}

export async function alternatives(deps: EditionsDeps, sessionId: number, partySize: number): Promise<Alternatives> {
  const session = await sessionById(deps, sessionId);
  const edition = await editionById(deps, session.editionId);
  const venue = (await deps.db.sql.first<{ kind: string; field_zh: string; district: string | null }>(
    'SELECT kind, field_zh, district FROM venues WHERE id = :id',
    { id: session.venueId },
  ))!;
  const now = deps.clock.now();
  // Bookable now: open, room for the party, starting after the booking cutoff.
  const rows = await deps.db.sql.select<Row>(
    `SELECT s.*, v.name_zh AS v_name_zh, v.name_en AS v_name_en, v.district AS v_district
     FROM sessions s JOIN venues v ON v.id = s.venue_id
     WHERE s.edition_id = :editionId AND s.id <> :id AND s.status = 'open' AND s.capacity - s.booked >= :party
       AND s.starts_at > :earliest AND (v.max_party_size IS NULL OR v.max_party_size >= :party)
       AND (s.venue_id = :venueId OR (v.kind = :kind AND (v.field_zh = :field OR v.district = :district)))
     ORDER BY CASE WHEN s.venue_id = :venueId THEN 0 WHEN v.district = :district THEN 1 ELSE 2 END, s.starts_at, s.id
     LIMIT 60`,
    {
      editionId: edition.id,
      id: session.id,
      party: partySize,
      earliest: new Date(now.getTime() + edition.rules.bookingCutoffMinutes * MINUTE),
      venueId: session.venueId,
      kind: venue.kind,
      field: venue.field_zh,
      district: venue.district ?? '',
    },
  );
  const open = now >= edition.bookingOpensAt;
  const all = rows.map((r) => ({
    session: sessionView(sessionOf(r), edition, now),
    venue: { id: Number(r.venue_id), name: r.v_name_zh, nameEn: r.v_name_en, district: r.v_district },
  }));
  const bookable = open ? all : [];
  return {
    partySize,
    sameVenue: bookable.filter((a) => a.venue.id === session.venueId).slice(0, EACH),
    similar: bookable.filter((a) => a.venue.id !== session.venueId).slice(0, EACH),
  };
}
