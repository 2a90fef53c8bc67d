// Editions as organisers set them up: create, change, publish, archive, copy to a new year, enrol venues, preview.
import type { Database } from '../../db/database.js';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Ledger } from '../places/ledger.js';
import { copyEdition } from './copy.js';
import { createEdition } from './create.js';
import type { CopyInput, EditionChanges, EditionInput } from './editions.schemas.js';
import { getEdition, listEditions } from './list.js';
import { addVenues, participatingVenueIds, removeVenue } from './participation.js';
import { previewEdition } from './preview.js';
import { setEditionStatus } from './status.js';
import { updateEdition } from './update.js';

export interface EditionsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  ledger: Ledger;
}

export function createEditionsService(deps: EditionsDeps) {
  return {
    list: () => listEditions(deps),
    get: (id: number) => getEdition(deps, id),
    create: (actor: Actor, input: EditionInput) => createEdition(deps, actor, input),
    update: (actor: Actor, id: number, changes: EditionChanges) => updateEdition(deps, actor, id, changes),
    publish: (actor: Actor, id: number) => setEditionStatus(deps, actor, id, 'published'),
    archive: (actor: Actor, id: number) => setEditionStatus(deps, actor, id, 'archived'),
    copy: (actor: Actor, id: number, input: CopyInput) => copyEdition(deps, actor, id, input),
    venues: async (id: number) => ({ editionId: id, venueIds: await participatingVenueIds(deps, id) }),
    addVenues: (actor: Actor, id: number, venueIds: number[]) => addVenues(deps, actor, id, venueIds),
    removeVenue: (actor: Actor, id: number, venueId: number) => removeVenue(deps, actor, id, venueId),
    preview: (id: number) => previewEdition(deps, id),
  };
}

export type EditionsService = ReturnType<typeof createEditionsService>;
