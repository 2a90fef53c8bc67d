// An organiser adds a venue to the registry.
import type { Actor } from '../../shared/actor.js';
import { duplicateKeys } from '../../db/sql.js';
import { currentEditionOrNull } from '../catalogue/editions.js';
import { venuesErrors } from './venues.errors.js';
import type { NewVenueInput } from './venues.schemas.js';
import type { VenuesDeps } from './venues.deps.js';
import { registryVenueView, type RegistryVenueView } from './venues.views.js';
import { insertVenue } from './write-venue.js';

export async function createVenue(deps: VenuesDeps, actor: Actor, input: NewVenueInput): Promise<RegistryVenueView> {
  const now = deps.clock.now();
  try {
    const venue = await deps.db.transaction(async (tx) => {
      const created = await insertVenue(tx, input, now);
      await deps.audit.record({ actor, action: 'venue.create', targetType: 'venue', targetId: created.id, venueId: created.id, after: input }, tx);
      return created;
    });
    deps.logger.info('venue created', { venueId: venue.id, by: actor.id });
    return registryVenueView(venue, await currentEditionOrNull(deps));
  } catch (err) {
    if ((duplicateKeys(err) ?? []).length > 0) throw venuesErrors.venueExists(input.code);
    throw err;
  }
}
