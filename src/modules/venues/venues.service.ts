// The venue registry: list and search, add, change (organisers any field, managers their venue's public profile).
import type { Database } from '../../db/database.js';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import { createVenue } from './create.js';
import { getRegistryVenue, listRegistry } from './list.js';
import { updateVenue } from './update.js';
import type { NewVenueInput, RegistryQuery, VenueUpdate } from './venues.schemas.js';

export interface VenuesDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
}

export function createVenuesService(deps: VenuesDeps) {
  return {
    list: (actor: Actor, query: RegistryQuery) => listRegistry(deps, actor, query),
    get: (actor: Actor, id: number) => getRegistryVenue(deps, actor, id),
    create: (actor: Actor, input: NewVenueInput) => createVenue(deps, actor, input),
    update: (actor: Actor, id: number, changes: VenueUpdate) => updateVenue(deps, actor, id, changes),
  };
}

export type VenuesService = ReturnType<typeof createVenuesService>;
