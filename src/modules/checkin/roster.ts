// The day's roster a scanner downloads to admit with no network ("prepare for offline"): the venue's sessions of
// today with their check-in windows, each booking's code and visitors (masked names, ID-number tails, ages, who is in)
// and the public keys that verify QR tokens. No full ID number and no phone number ever leaves the server here.
import { requireVenue, type Actor } from '../../shared/actor.js';
import { formatInstant, localDateOf } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import { bookingOf } from '../bookings/booking.js';
import type { PublicTokenKey } from '../bookings/qr-token.js';
import { sessionOf, type Session } from '../catalogue/session.js';
import { currentEdition } from '../catalogue/editions.js';
import { checkinErrors } from './checkin.errors.js';
import { checkinWindow } from './checkin-window.js';
import type { DoorDeps } from './door-booking.js';
import { partiesOf } from './party.js';

export interface RosterDeps extends DoorDeps {
  audit: AuditService;
}

export interface Roster {
  venueId: number;
  date: string;
  generatedAt: string;
  keys: PublicTokenKey[];
  sessions: { id: number; startsAt: string; endsAt: string; opensAt: string; closesAt: string; status: string }[];
  bookings: {
    bookingId: number;
    code: string;
    sessionId: number;
    status: string;
    partySize: number;
    visitors: { id: number | null; position: number; name: string | null; idTail: string | null; age: number | null; state: string }[];
  }[];
}

export async function roster(deps: RosterDeps, query: { venueId?: number }, actor: Actor): Promise<Roster> {
  const venueId = query.venueId ?? (actor.venueIds.length === 1 ? actor.venueIds[0] : undefined);
  if (venueId === undefined) throw checkinErrors.noVenue();
  requireVenue(actor, venueId);
  const edition = await currentEdition(deps);
  const tz = edition.timezone;
  const now = deps.clock.now();
  const date = localDateOf(now, tz);
  const sessions = (
    await deps.db.sql.select('SELECT * FROM sessions WHERE venue_id = :venueId AND edition_id = :editionId AND date = :date ORDER BY starts_at, id', {
      venueId,
      editionId: edition.id,
      date,
    })
  ).map(sessionOf);
  const byId = new Map<number, Session>(sessions.map((s) => [s.id, s]));
  const bookings = sessions.length
    ? (await deps.db.sql.select('SELECT * FROM bookings WHERE session_id IN (:ids) ORDER BY id', { ids: sessions.map((s) => s.id) })).map(bookingOf)
    : [];
  const parties = await partiesOf(deps.db, bookings, (b) => byId.get(b.sessionId)!, tz);
  await deps.audit.record({ actor, action: 'checkin.roster', venueId, details: { date, bookings: bookings.length } });
  return {
    venueId,
    date,
    generatedAt: formatInstant(now, tz),
    keys: deps.signer.publicKeys(),
    sessions: sessions.map((s) => {
      const w = checkinWindow(s, edition);
      return {
        id: s.id,
        startsAt: formatInstant(s.startsAt, tz),
        endsAt: formatInstant(s.endsAt, tz),
        opensAt: formatInstant(w.opensAt, tz),
        closesAt: formatInstant(w.closesAt, tz),
        status: s.status,
      };
    }),
    bookings: parties.map((p) => ({
      bookingId: p.bookingId,
      code: p.code,
      sessionId: p.session.id,
      status: p.status,
      partySize: p.partySize,
      visitors: p.visitors.map((v) => ({ id: v.id, position: v.position, name: v.name, idTail: v.idTail, age: v.age, state: v.state })),
    })),
  };
}
