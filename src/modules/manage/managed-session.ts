// A session as staff manage it: found only if the actor serves its venue, shown with its door counts.
import type { Database } from '../../db/database.js';
import { asInt } from '../../db/rows.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { CatalogueChanged } from '../../shared/catalogue-changed.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import { formatInstant } from '../../shared/time.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { sessionView } from '../catalogue/catalogue.views.js';
import { editionById } from '../catalogue/editions.js';
import type { Edition } from '../catalogue/edition.js';
import type { Session } from '../catalogue/session.js';
import { sessionById } from '../catalogue/sessions.js';
import { venueOf, type Venue } from '../catalogue/venue.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Ledger } from '../places/ledger.js';
import type { ManageSessionView } from './manage.views.js';

export interface ManageDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  ledger: Ledger;
  notifications: NotificationsService;
  /** Raised after a change that frees places (capacity up, reopened) so the waiting list offers them at once. */
  placesFreed: PlacesFreed;
  /** Raised after a change the public catalogue shows that the ledger does not make (a new session, a venue's details). */
  catalogueChanged: CatalogueChanged;
}

export interface Counts {
  checkedIn: number;
  confirmedBookings: number;
}

export const NO_COUNTS: Counts = { checkedIn: 0, confirmedBookings: 0 };

export async function countsOf(db: Database, sessionIds: number[]): Promise<Map<number, Counts>> {
  const map = new Map<number, Counts>(sessionIds.map((id) => [id, { ...NO_COUNTS }]));
  if (sessionIds.length === 0) return map;
  const bookings = await db.sql.select<{ session_id: unknown; n: unknown }>(
    `SELECT session_id, COUNT(*) AS n FROM bookings WHERE session_id IN (:ids) AND status = 'confirmed' GROUP BY session_id`,
    { ids: sessionIds },
  );
  for (const r of bookings) map.get(asInt(r.session_id))!.confirmedBookings = asInt(r.n);
  const checkins = await db.sql.select<{ session_id: unknown; n: unknown }>(
    'SELECT session_id, COALESCE(SUM(admitted), 0) AS n FROM checkins WHERE session_id IN (:ids) GROUP BY session_id',
    { ids: sessionIds },
  );
  for (const r of checkins) map.get(asInt(r.session_id))!.checkedIn = asInt(r.n);
  return map;
}

export function manageView(s: Session, edition: Edition, counts: Counts, now: Date): ManageSessionView {
  return { ...sessionView(s, edition, now), ...counts };
}

export async function viewOfSession(deps: Pick<ManageDeps, 'db' | 'clock'>, sessionId: number, edition: Edition): Promise<ManageSessionView> {
  const session = await sessionById(deps, sessionId);
  return manageView(session, edition, (await countsOf(deps.db, [sessionId])).get(sessionId)!, deps.clock.now());
}

export async function venueById(db: Database, id: number): Promise<Venue | undefined> {
  const row = await db.sql.first('SELECT * FROM venues WHERE id = :id', { id });
  return row && venueOf(row);
}

/** The session, if the actor serves its venue: 404 for an unknown id, 403 for another venue's. */
export async function managedSession(
  deps: Pick<ManageDeps, 'db'>,
  actor: Actor,
  sessionId: number,
): Promise<{ session: Session; edition: Edition; venue: Venue }> {
  const session = await sessionById(deps, sessionId);
  requireVenue(actor, session.venueId);
  const [edition, venue] = await Promise.all([editionById(deps, session.editionId), venueById(deps.db, session.venueId)]);
  if (!venue) throw catalogueErrors.noSession(sessionId);
  return { session, edition, venue };
}

/** What the audit log keeps of a session: its schedule and counters, in the edition's timezone. */
export function sessionState(s: Pick<Session, 'venueId' | 'date' | 'startsAt' | 'endsAt' | 'capacity' | 'booked' | 'status'>, tz: string) {
  return {
    venueId: s.venueId,
    date: s.date,
    startsAt: formatInstant(s.startsAt, tz),
    endsAt: formatInstant(s.endsAt, tz),
    capacity: s.capacity,
    booked: s.booked,
    status: s.status,
  };
}
