// One venue of the current edition with its rules and sessions.
import { remainingPlaces } from './booking-window.js';
import { catalogueErrors } from './catalogue.errors.js';
import { sessionView, venueDetailView, type VenueDetailView } from './catalogue.views.js';
import { currentEdition, type EditionsDeps } from './editions.js';
import { sessionOf, type Session } from './session.js';
import { venueOf } from './venue.js';

function placesLeft(sessions: Session[], now: Date): number {
  return sessions.filter((s) => s.status === 'open' && s.startsAt > now).reduce((sum, s) => sum + remainingPlaces(s), 0);
}

export async function venueDetail(deps: EditionsDeps, id: number): Promise<VenueDetailView> {
  const row = await deps.db.sql.first('SELECT * FROM venues WHERE id = :id', { id });
  if (!row) throw catalogueErrors.noVenue(id);
  const edition = await currentEdition(deps);
  const sessions = (
    await deps.db.sql.select('SELECT * FROM sessions WHERE venue_id = :id AND edition_id = :editionId ORDER BY starts_at', { id, editionId: edition.id })
  ).map(sessionOf);
  const now = deps.clock.now();
  return venueDetailView(
    venueOf(row),
    edition,
    sessions.map((s) => sessionView(s, edition, now)),
    placesLeft(sessions, now),
  );
}
