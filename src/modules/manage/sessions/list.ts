// Sessions of the current edition at the venues an actor serves, with their door counts.
import { requireVenue, type Actor } from '../../../shared/actor.js';
import { currentEdition } from '../../catalogue/editions.js';
import { sessionOf } from '../../catalogue/session.js';
import type { ManageSessionsQuery } from '../manage.schemas.js';
import type { ManageSessionView } from '../manage.views.js';
import { countsOf, manageView, type ManageDeps } from '../managed-session.js';

export async function listManagedSessions(deps: ManageDeps, actor: Actor, query: ManageSessionsQuery): Promise<{ items: ManageSessionView[] }> {
  if (query.venueId !== undefined) requireVenue(actor, query.venueId);
  const edition = await currentEdition(deps);
  const where = ['edition_id = :editionId'];
  const params: Record<string, unknown> = { editionId: edition.id };
  if (query.venueId !== undefined) {
    where.push('venue_id = :venueId');
    params.venueId = query.venueId;
  } else if (actor.role !== 'organiser') {
    if (actor.venueIds.length === 0) return { items: [] };
    where.push('venue_id IN (:venueIds)');
    params.venueIds = actor.venueIds;
  }
  if (query.date !== undefined) {
    where.push('date = :date');
    params.date = query.date;
  }
  const sessions = (await deps.db.sql.select(`SELECT * FROM sessions WHERE ${where.join(' AND ')} ORDER BY starts_at, venue_id`, params)).map(sessionOf);
  const counts = await countsOf(
    deps.db,
    sessions.map((s) => s.id),
  );
  const now = deps.clock.now();
  return { items: sessions.map((s) => manageView(s, edition, counts.get(s.id)!, now)) };
}
