// Which venues take part in an edition: only they appear in it. Setting a schedule also enrols a venue.
import type { Actor } from '../../shared/actor.js';
import { asInt } from '../../db/rows.js';
import { editionById } from '../catalogue/editions.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { joinEdition } from '../schedules/apply.js';
import { schedulesErrors } from '../schedules/schedules.errors.js';
import type { EditionsDeps } from './editions.deps.js';
import { editionsErrors } from './editions.errors.js';

export interface ParticipationResult {
  editionId: number;
  venueIds: number[];
}

export async function participatingVenueIds(deps: Pick<EditionsDeps, 'db'>, editionId: number): Promise<number[]> {
  const rows = await deps.db.sql.select<{ venue_id: unknown }>('SELECT venue_id FROM edition_venues WHERE edition_id = :editionId ORDER BY venue_id', {
    editionId,
  });
  return rows.map((r) => asInt(r.venue_id));
}

export async function addVenues(deps: EditionsDeps, actor: Actor, editionId: number, venueIds: number[]): Promise<ParticipationResult> {
  const edition = await editionById(deps, editionId);
  if (edition.status === 'archived') throw schedulesErrors.editionArchived();
  const known = await deps.db.sql.select<{ id: unknown }>('SELECT id FROM venues WHERE id IN (:ids)', { ids: venueIds });
  const missing = venueIds.filter((id) => !known.some((k) => asInt(k.id) === id));
  if (missing.length > 0) throw catalogueErrors.noVenue(missing[0]);
  const now = deps.clock.now();
  await deps.ledger.transaction(async (p) => {
    for (const id of [...venueIds].sort((a, b) => a - b)) await joinEdition(p, editionId, id, now);
    await deps.audit.record({ actor, action: 'edition.venues.add', targetType: 'edition', targetId: editionId, details: { venueIds } }, p.tx);
  });
  return { editionId, venueIds: await participatingVenueIds(deps, editionId) };
}

/** A venue leaves an edition: only while none of its sessions there holds places; its empty sessions go with it. */
export async function removeVenue(deps: EditionsDeps, actor: Actor, editionId: number, venueId: number): Promise<ParticipationResult> {
  const edition = await editionById(deps, editionId);
  if (edition.status === 'archived') throw schedulesErrors.editionArchived();
  const now = deps.clock.now();
  await deps.ledger.transaction(async (p) => {
    const ids = (
      await p.tx.select<{ id: unknown }>("SELECT id FROM sessions WHERE edition_id = :editionId AND venue_id = :venueId AND status <> 'cancelled'", {
        editionId,
        venueId,
      })
    ).map((r) => asInt(r.id));
    if (ids.length > 0) await p.lockSessions(ids);
    for (const id of ids) if ((await p.removeEmptySession(id, now)) === false) throw editionsErrors.venueHasBookings(venueId);
    await p.tx.run('DELETE FROM venue_schedules WHERE edition_id = :editionId AND venue_id = :venueId', { editionId, venueId });
    await p.tx.run('DELETE FROM edition_venues WHERE edition_id = :editionId AND venue_id = :venueId', { editionId, venueId });
    await deps.audit.record({ actor, action: 'edition.venues.remove', targetType: 'edition', targetId: editionId, venueId }, p.tx);
  });
  return { editionId, venueIds: await participatingVenueIds(deps, editionId) };
}
