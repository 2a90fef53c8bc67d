// The public catalogue: the current edition, its venues with places left, and their sessions.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { ListSessionsQuery, ListVenuesQuery } from './catalogue.schemas.js';
import { alternatives } from './alternatives.js';
import { editionView } from './catalogue.views.js';
import { currentEdition } from './editions.js';
import { listVenues } from './list-venues.js';
import { listSessions, sessionDetail } from './sessions.js';
import { venueDetail } from './venue-detail.js';

export interface CatalogueDeps {
  db: Database;
  clock: Clock;
}

export function createCatalogueService(deps: CatalogueDeps) {
  return {
    getEdition: async () => editionView(await currentEdition(deps)),
    listVenues: (query: ListVenuesQuery) => listVenues(deps, query),
    getVenue: (id: number) => venueDetail(deps, id),
    listSessions: (query: ListSessionsQuery) => listSessions(deps, query),
    getSession: (id: number) => sessionDetail(deps, id),
    alternatives: (id: number, partySize: number) => alternatives(deps, id, partySize),
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
