// Public catalogue routes: the edition, venues and sessions.
import { idParams } from '../../shared/http/schemas.js';
import { routesFor } from '../../shared/http/route-table.js';
import { catalogueErrors } from './catalogue.errors.js';
import { alternativesQuery, listSessionsQuery, listVenuesQuery } from './catalogue.schemas.js';
import type { CatalogueService } from './catalogue.service.js';

const route = routesFor<CatalogueService>();

const tags = ['catalogue'];

export const catalogueRoutes = [
  route({
    method: 'get',
    path: '/api/edition',
    summary: 'The running (or next, or last) edition',
    tags,
    auth: 'public',
    cache: 'public',
    responses: { 200: { description: 'names, city, dates, timezone, bookingOpensAt, rules' } },
    errors: [catalogueErrors.noEdition],
    handle: (_, catalogue) => catalogue.getEdition(),
  }),
  route({
    method: 'get',
    path: '/api/venues',
    summary: 'Venues taking part in the edition, with places left',
    tags,
    auth: 'public',
    cache: 'public',
    query: listVenuesQuery,
    responses: { 200: { description: '{ items, total, page, pageSize }' } },
    handle: ({ query }, catalogue) => catalogue.listVenues(query),
  }),
  route({
    method: 'get',
    path: '/api/venues/:id',
    summary: 'One venue: details, rules, accessibility and its sessions',
    tags,
    auth: 'public',
    cache: 'public',
    params: idParams,
    responses: { 200: { description: 'the venue' } },
    handle: ({ params }, catalogue) => catalogue.getVenue(params.id),
  }),
  route({
    method: 'get',
    path: '/api/sessions',
    summary: 'Sessions of the edition',
    tags,
    auth: 'public',
    cache: 'public',
    query: listSessionsQuery,
    responses: { 200: { description: '{ items, total, page, pageSize } (a page of at most 200)' } },
    handle: ({ query }, catalogue) => catalogue.listSessions(query),
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id',
    summary: 'One session, with places left and whether it is bookable',
    tags,
    auth: 'public',
    cache: 'public',
    params: idParams,
    responses: { 200: { description: 'the session' } },
    handle: ({ params }, catalogue) => catalogue.getSession(params.id),
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/alternatives',
    summary: 'Sessions with room for a party: other days of the same venue, then similar venues',
    tags,
    auth: 'public',
    cache: 'public',
    params: idParams,
    query: alternativesQuery,
    responses: { 200: { description: '{ partySize, sameVenue, similar }: each { session, venue }' } },
    handle: ({ params, query }, catalogue) => catalogue.alternatives(params.id, query.party),
  }),
];
