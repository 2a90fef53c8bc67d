// A manager adds a session to a venue they serve, on a day of the current edition.
import { duplicateKeys } from '../../../db/sql.js';
import { requireVenue, type Actor } from '../../../shared/actor.js';
import { ValidationError } from '../../../shared/errors.js';
import { zonedInstant } from '../../../shared/time.js';
import { catalogueErrors } from '../../catalogue/catalogue.errors.js';
import { currentEdition } from '../../catalogue/editions.js';
import { sessionOf } from '../../catalogue/session.js';
import { manageErrors } from '../manage.errors.js';
import { joinEdition } from '../../schedules/apply.js';
import { timesInOrder, type NewSessionInput } from '../manage.schemas.js';
import type { ManageSessionView } from '../manage.views.js';
import { manageView, NO_COUNTS, sessionState, venueById, type ManageDeps } from '../managed-session.js';

/** The one unique key a session edit can hit: a venue runs one session per start time (columns on SQLite, index on MySQL). */
export function isSessionStartConflict(err: unknown): boolean {
  const keys = duplicateKeys(err) ?? [];
  return keys.includes('starts_at') || keys.includes('sessions_venue_starts');
}

export async function createSession(deps: ManageDeps, actor: Actor, input: NewSessionInput): Promise<ManageSessionView> {
  requireVenue(actor, input.venueId);
  const venue = await venueById(deps.db, input.venueId);
  if (!venue) throw catalogueErrors.noVenue(input.venueId);
  const edition = await currentEdition(deps);
  if (input.date < edition.startDate || input.date > edition.endDate) throw manageErrors.dateOutsideEdition(edition.startDate, edition.endDate);
  if (!timesInOrder(input.startTime, input.endTime)) {
    throw new ValidationError([{ field: 'endTime', message: 'endTime must be later than startTime', type: 'time.order' }]);
  }
  const tz = edition.timezone;
  const startsAt = zonedInstant(input.date, input.startTime, tz);
  const endsAt = zonedInstant(input.date, input.endTime, tz);
  const now = deps.clock.now();
  try {
    const session = await deps.db.transaction(async (tx) => {
      const existing = await tx.first<{ id: unknown }>('SELECT id FROM sessions WHERE venue_id = :venueId AND starts_at = :startsAt', {
        venueId: venue.id,
        startsAt,
      });
      if (existing) throw manageErrors.sessionExists(Number(existing.id));
      const { insertId } = await tx.run(
        `INSERT INTO sessions (edition_id, venue_id, date, starts_at, ends_at, capacity, status, created_at, updated_at)
         VALUES (:editionId, :venueId, :date, :startsAt, :endsAt, :capacity, 'open', :now, :now)`,
        { editionId: edition.id, venueId: venue.id, date: input.date, startsAt, endsAt, capacity: input.capacity, now },
      );
      await joinEdition({ tx }, edition.id, venue.id, now);
      const created = sessionOf((await tx.first('SELECT * FROM sessions WHERE id = :id', { id: insertId }))!);
      await deps.audit.record(
        { actor, action: 'session.create', targetType: 'session', targetId: created.id, venueId: venue.id, after: sessionState(created, tz) },
        tx,
      );
      return created;
    });
    deps.logger.info('session created', { sessionId: session.id, venueId: venue.id, by: actor.id });
    return manageView(session, edition, NO_COUNTS, now);
  } catch (err) {
    if (isSessionStartConflict(err)) throw manageErrors.sessionExists();
    throw err;
  }
}
