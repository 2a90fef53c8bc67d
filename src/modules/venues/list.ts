// The registry as staff browse it: every venue (or those of an edition), searched by name, host, field or tag.
import { asInt } from '../../db/rows.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { commonErrors } from '../../shared/errors.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { currentEditionOrNull } from '../catalogue/editions.js';
import type { Page } from '../catalogue/answers.js';
import { likePattern, SEARCHED_COLUMNS } from '../catalogue/participation.js';
import { venueOf } from '../catalogue/venue.js';
import type { RegistryQuery } from './venues.schemas.js';
import type { VenuesDeps } from './venues.deps.js';
import { registryVenueView, type RegistryVenueView } from './venues.views.js';

export async function listRegistry(deps: VenuesDeps, actor: Actor, query: RegistryQuery): Promise<Page<RegistryVenueView>> {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  // Organisers see the whole registry; district officers their districts' venues; others the venues they serve.
  if (actor.role === 'district_officer') {
    where.push('v.district IN (:districts)');
    params.districts = actor.districts?.length ? actor.districts : [''];
  } else if (actor.role !== 'organiser') {
    if (actor.venueIds.length === 0) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    where.push('v.id IN (:mine)');
    params.mine = actor.venueIds;
  }
  for (const key of ['district', 'kind', 'level'] as const) {
    if (query[key] !== undefined) {
      where.push(`v.${key} = :${key}`);
      params[key] = query[key];
    }
  }
  if (query.editionId !== undefined) {
    where.push('EXISTS (SELECT 1 FROM edition_venues ev WHERE ev.edition_id = :editionId AND ev.venue_id = v.id)');
    params.editionId = query.editionId;
  }
  if (query.q) {
    where.push(`(v.code LIKE :q ESCAPE '!' OR ${SEARCHED_COLUMNS.map((c) => `v.${c} LIKE :q ESCAPE '!'`).join(' OR ')})`);
    params.q = likePattern(query.q);
  }
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const count = await deps.db.sql.first<{ n: unknown }>(`SELECT COUNT(*) AS n FROM venues v ${clause}`, params);
  const rows = await deps.db.sql.select(`SELECT v.* FROM venues v ${clause} ORDER BY v.id LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const edition = await currentEditionOrNull(deps);
  return { items: rows.map((r) => registryVenueView(venueOf(r), edition)), total: asInt(count?.n), page: query.page, pageSize: query.pageSize };
}

export async function getRegistryVenue(deps: VenuesDeps, actor: Actor, id: number): Promise<RegistryVenueView> {
  if (actor.role !== 'district_officer') requireVenue(actor, id);
  const row = await deps.db.sql.first('SELECT * FROM venues WHERE id = :id', { id });
  if (!row) throw catalogueErrors.noVenue(id);
  if (actor.role === 'district_officer' && !(actor.districts ?? []).includes(String(row.district))) throw commonErrors.forbidden();
  return registryVenueView(venueOf(row), await currentEditionOrNull(deps));
}
