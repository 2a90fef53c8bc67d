// Staff routes for sessions and venues under /api/manage.
import { ROLES, type Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { placesErrors } from '../places/places.errors.js';
import { manageErrors } from './manage.errors.js';
import { cancelSessionBody, createSessionBody, manageSessionsQuery, rosterQuery, updateSessionBody } from './manage.schemas.js';
import type { ManageService } from './manage.service.js';
import { rosterCsv, rosterFilename } from './roster-csv.js';

const route = routesFor<ManageService>();

const tags = ['manage'];
const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];

export const manageRoutes = [
  route({
    method: 'get',
    path: '/api/manage/sessions',
    summary: 'Sessions at the caller’s venues, with check-in counts',
    description: 'Door staff see the sessions of their venues; only managers and organisers change them.',
    tags,
    auth: ROLES,
    query: manageSessionsQuery,
    responses: { 200: { description: '{ items }' } },
    handle: ({ query, actor }, manage) => manage.listSessions(actor, query),
  }),
  route({
    method: 'post',
    path: '/api/manage/sessions',
    summary: 'Create a session',
    tags,
    auth: MANAGERS,
    body: createSessionBody,
    status: 201,
    responses: { 201: { description: 'the session' } },
    errors: [manageErrors.sessionExists, manageErrors.dateOutsideEdition],
    handle: ({ body, actor }, manage) => manage.createSession(actor, body),
  }),
  route({
    method: 'patch',
    path: '/api/manage/sessions/:id',
    summary: 'Change a session’s capacity, times or status',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: updateSessionBody,
    responses: { 200: { description: 'the session' } },
    errors: [placesErrors.capacityBelowBooked, manageErrors.sessionCancelled, manageErrors.sessionExists],
    handle: ({ params, body, actor }, manage) => manage.updateSession(actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/api/manage/sessions/:id/cancel',
    summary: 'Cancel a session and all its bookings',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: cancelSessionBody,
    responses: { 200: { description: '{ session, cancelledBookings, notificationsQueued }' } },
    errors: [manageErrors.sessionHasCheckins],
    handle: ({ params, body, actor }, manage) => manage.cancelSession(actor, params.id, body.reason),
  }),
  route({
    method: 'get',
    path: '/api/manage/sessions/:id/roster',
    summary: 'A session’s bookings with masked contacts (JSON or CSV)',
    tags,
    auth: MANAGERS,
    params: idParams,
    query: rosterQuery,
    responses: { 200: { description: 'the roster; a UTF-8 CSV with BOM when format=csv', content: ['json', 'csv'] } },
    handle: async ({ params, query, actor, ctx }, manage) => {
      const roster = await manage.roster(actor, params.id);
      ctx.set('Cache-Control', 'private, no-store');
      if (query.format !== 'csv') return roster;
      ctx.set('Content-Disposition', `attachment; filename="${rosterFilename(roster)}"`);
      ctx.type = 'text/csv; charset=utf-8';
      return rosterCsv(roster);
    },
  }),
];
