// Sessions of the current edition at the venues an actor serves, with their door counts.
import { requireVenue, type Actor } from '../../../shared/actor.js';
import { districtVenues } from '../../../shared/districts.js';
import { currentEdition } from '../../catalogue/editions.js';
import { sessionOf } from '../../catalogue/session.js';
import type { ManageSessionsQuery } from '../manage.schemas.js';
import type { ManageSessionView } from '../manage.views.js';
import { countsOf, manageView, type ManageDeps } from '../managed-session.js';

export async function listManagedSessions(deps: ManageDeps, actor: Actor, query: ManageSessionsQuery): Promise<{ items: ManageSessionView[] }> {
  // District officers read their districts' sessions and door counts (names stay on the rosters they cannot open).
  const districts = actor.role === 'district_officer' ? (actor.districts ?? []) : undefined;
  if (query.venueId !== undefined && !districts) requireVenue(actor, query.venueId);
  if (districts?.length === 0) return { items: [] };
  const edition = await currentEdition(deps);
  const where = ['edition_id = :editionId'];
  const params: Record<string, unknown> = { editionId: edition.id };
  if (query.venueId !== undefined) {
    where.push('venue_id = :venueId');
    params.venueId = query.venueId;
  }
  if (districts) {
    where.push(`venue_id IN (SELECT id FROM venues v WHERE ${districtVenues('v')})`);
    params.districts = districts;
  } else if (query.venueId === undefined && actor.role !== 'organiser') {
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
