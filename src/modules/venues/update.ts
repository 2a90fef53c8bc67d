// Changes a venue: organisers any field; a venue's own manager its public profile, not what it is (ORGANISER_ONLY). Every change is audited with the fields it named.
import { forUpdate } from '../../db/sql.js';
import { duplicateKeys } from '../../db/sql.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { ValidationError } from '../../shared/errors.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { currentEditionOrNull } from '../catalogue/editions.js';
import { venueOf, type Venue } from '../catalogue/venue.js';
import { ORGANISER_ONLY } from './venue-fields.js';
import { venuesErrors } from './venues.errors.js';
import type { VenueUpdate } from './venues.schemas.js';
import type { VenuesDeps } from './venues.deps.js';
import { registryVenueView, type RegistryVenueView } from './venues.views.js';
import { updateVenueRow } from './write-venue.js';

export async function updateVenue(deps: VenuesDeps, actor: Actor, venueId: number, changes: VenueUpdate): Promise<RegistryVenueView> {
  requireVenue(actor, venueId);
  const named = Object.keys(changes).filter((k) => changes[k as keyof VenueUpdate] !== undefined);
  const reserved = named.filter((k) => (ORGANISER_ONLY as readonly string[]).includes(k));
  // As for any field a request may not send: 400, and nothing of the request applied.
  if (actor.role !== 'organiser' && reserved.length > 0) {
    throw new ValidationError([{ field: '(body)', message: `only organisers change ${reserved.join(', ')}`, type: 'object.organiserOnly' }]);
  }
  const now = deps.clock.now();
  try {
    const venue = await deps.db.transaction(async (tx) => {
      const row = await tx.first(`SELECT * FROM venues WHERE id = :id${forUpdate(tx)}`, { id: venueId });
      if (!row) throw catalogueErrors.noVenue(venueId);
      const before = venueOf(row);
      const after = await updateVenueRow(tx, before, changes, now);
      // Only the fields this request names: descriptions are long, and the rest did not change.
      const pick = (v: Venue) => Object.fromEntries(named.map((k) => [k, v[k as keyof Venue]]));
      await deps.audit.record({ actor, action: 'venue.update', targetType: 'venue', targetId: venueId, venueId, before: pick(before), after: pick(after) }, tx);
      return after;
    });
    deps.logger.info('venue updated', { venueId, by: actor.id, fields: named });
    return registryVenueView(venue, await currentEditionOrNull(deps));
  } catch (err) {
    if ((duplicateKeys(err) ?? []).length > 0) throw venuesErrors.venueExists(changes.code ?? '');
    throw err;
  }
}
