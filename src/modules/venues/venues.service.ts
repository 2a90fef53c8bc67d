// The venue registry: list and search, add, change (organisers any field, managers their venue's public profile).
import type { VenuesDeps } from './venues.deps.js';
import type { Actor } from '../../shared/actor.js';
import type { CatalogueChange } from '../../shared/catalogue-changed.js';
import { createVenue } from './create.js';
import { getRegistryVenue, listRegistry } from './list.js';
import { updateVenue } from './update.js';
import type { NewVenueInput, RegistryQuery, VenueUpdate } from './venues.schemas.js';

export type { VenuesDeps } from './venues.deps.js';

export function createVenuesService(deps: VenuesDeps) {
  /** The use case's result, once the catalogue has heard of `change`. */
  const told = async <T>(result: Promise<T>, change: CatalogueChange): Promise<T> => {
    const r = await result;
    deps.catalogueChanged.emit(change);
    return r;
  };
  return {
    list: (actor: Actor, query: RegistryQuery) => listRegistry(deps, actor, query),
    get: (actor: Actor, id: number) => getRegistryVenue(deps, actor, id),
    create: (actor: Actor, input: NewVenueInput) => createVenue(deps, actor, input),
    update: (actor: Actor, id: number, changes: VenueUpdate) => told(updateVenue(deps, actor, id, changes), { venueIds: [id] }),
  };
}

export type VenuesService = ReturnType<typeof createVenuesService>;
