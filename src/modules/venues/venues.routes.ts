// Staff routes of the venue registry under /api/manage/venues.
import type { Role } from '../../shared/actor.js';
import { ROLES } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { venuesErrors } from './venues.errors.js';
import { createVenueBody, registryQuery, updateVenueBody } from './venues.schemas.js';
import type { VenuesService } from './venues.service.js';

const route = routesFor<VenuesService>();
const tags = ['venues'];
const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];
const ORGANISERS: readonly Role[] = ['organiser'];

export const venueRoutes = [
  route({
    method: 'get',
    path: '/api/manage/venues',
    summary: 'The venue registry (organisers: every venue; others: their own), searched by name, host, field or tag',
    tags,
    auth: ROLES,
    query: registryQuery,
    responses: { 200: { description: '{ items, total, page, pageSize }' } },
    handle: ({ query, actor }, venues) => venues.list(actor, query),
  }),
  route({
    method: 'post',
    path: '/api/manage/venues',
    summary: 'Add a venue to the registry',
    tags,
    auth: ORGANISERS,
    body: createVenueBody,
    status: 201,
    responses: { 201: { description: 'the venue' } },
    errors: [venuesErrors.venueExists],
    handle: ({ body, actor }, venues) => venues.create(actor, body),
  }),
  route({
    method: 'get',
    path: '/api/manage/venues/:id',
    summary: 'One venue with every field',
    tags,
    auth: ROLES,
    params: idParams,
    responses: { 200: { description: 'the venue' } },
    handle: ({ params, actor }, venues) => venues.get(actor, params.id),
  }),
  route({
    method: 'patch',
    path: '/api/manage/venues/:id',
    summary: 'Change a venue (managers: their venue’s public profile, not its code, kind, level, designation, name or host)',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: updateVenueBody,
    responses: { 200: { description: 'the venue' } },
    errors: [venuesErrors.venueExists],
    handle: ({ params, body, actor }, venues) => venues.update(actor, params.id, body),
  }),
];
