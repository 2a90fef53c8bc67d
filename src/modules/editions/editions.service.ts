// Editions as organisers set them up: create, change, publish, archive, copy to a new year, enrol venues, preview.
import type { EditionsDeps } from './editions.deps.js';
import type { Actor } from '../../shared/actor.js';
import type { CatalogueChange } from '../../shared/catalogue-changed.js';
import { copyEdition } from './copy.js';
import { createEdition } from './create.js';
import type { CopyInput, EditionChanges, EditionInput } from './editions.schemas.js';
import { getEdition, listEditions } from './list.js';
import { addVenues, participatingVenueIds, removeVenue } from './participation.js';
import { previewEdition } from './preview.js';
import { setEditionStatus } from './status.js';
import { updateEdition } from './update.js';

export type { EditionsDeps } from './editions.deps.js';

export function createEditionsService(deps: EditionsDeps) {
  /** The use case's result, once the catalogue has heard of `change`. */
  const told = async <T>(result: Promise<T>, change: CatalogueChange): Promise<T> => {
    const r = await result;
    deps.catalogueChanged.emit(change);
    return r;
  };
  return {
    list: () => listEditions(deps),
    get: (id: number) => getEdition(deps, id),
    create: (actor: Actor, input: EditionInput) => createEdition(deps, actor, input),
    update: (actor: Actor, id: number, changes: EditionChanges) => told(updateEdition(deps, actor, id, changes), { editionId: id }),
    publish: (actor: Actor, id: number) => told(setEditionStatus(deps, actor, id, 'published'), { editionId: id }),
    archive: (actor: Actor, id: number) => told(setEditionStatus(deps, actor, id, 'archived'), { editionId: id }),
    copy: (actor: Actor, id: number, input: CopyInput) => copyEdition(deps, actor, id, input),
    venues: async (id: number) => ({ editionId: id, venueIds: await participatingVenueIds(deps, id) }),
    addVenues: (actor: Actor, id: number, venueIds: number[]) => told(addVenues(deps, actor, id, venueIds), { editionId: id }),
    removeVenue: (actor: Actor, id: number, venueId: number) => told(removeVenue(deps, actor, id, venueId), { editionId: id }),
    preview: (id: number) => previewEdition(deps, id),
  };
}

export type EditionsService = ReturnType<typeof createEditionsService>;
