// Draw routes: a manager puts a session in draw mode; families apply and follow their application; anyone reads the
// draw (hash before, seed and order after).
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { bookingErrors } from '../bookings/bookings.errors.js';
import { placesErrors } from '../places/places.errors.js';
import { phoneQuery } from '../waitlist/waitlist.schemas.js';
import { drawErrors } from './draws.errors.js';
import { applyBody, createDrawBody } from './draws.schemas.js';
import type { DrawsService } from './draws.service.js';

const route = routesFor<DrawsService>();

const tags = ['draws'];

const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];

export const drawRoutes = [
  route({
    method: 'post',
    path: '/api/manage/sessions/:id/draw',
    summary: 'Give a session’s places by draw: applications between two instants, then a verifiable draw',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: createDrawBody,
    status: 201,
    responses: { 201: { description: 'the draw, with the SHA-256 of its seed (the seed stays secret until the draw)' } },
    errors: [drawErrors.exists, drawErrors.sessionTaken, drawErrors.badWindow],
    handle: ({ params, body, actor }, draws) => draws.create(actor, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/sessions/:id/draw',
    summary: 'A session’s draw: times, seed hash and when it was published; after the draw the seed, the order and how to verify',
    tags,
    auth: 'public',
    params: idParams,
    responses: { 200: { description: '{ status, opensAt, closesAt, seedHash, hashPublishedAt, seed, drawnAt, places, applications, verify }' } },
    errors: [drawErrors.noDraw],
    handle: ({ params }, draws) => draws.ofSession(params.id),
  }),
  route({
    method: 'post',
    path: '/api/sessions/:id/draw/applications',
    summary: 'Apply to a session’s draw with a party (the rules of a booking apply)',
    tags,
    auth: 'public',
    params: idParams,
    body: applyBody,
    limits: [
      { name: 'booking.ip', key: 'ip' },
      { name: 'booking.phone', key: (r) => r.body.contact.phone },
    ],
    status: 201,
    responses: { 201: { description: 'the application: { id, drawId, status: "applied", partySize }' } },
    errors: [
      drawErrors.noDraw,
      drawErrors.notOpen,
      drawErrors.closed,
      drawErrors.alreadyApplied,
      drawErrors.personApplied,
      bookingErrors.partyTooLarge,
      bookingErrors.underMinAge,
      placesErrors.phoneLimitReached,
      placesErrors.tooManyNoShows,
      placesErrors.duplicateVisitor,
    ],
    handle: ({ params, body }, draws) => draws.apply({ ...body, sessionId: params.id }),
  }),
  route({
    method: 'get',
    path: '/api/draw-applications/:id',
    summary: 'A draw application, for its phone: status, rank, and the waiting-list entry to confirm a win with',
    tags,
    auth: 'public',
    params: idParams,
    query: phoneQuery,
    limits: [
      { name: 'lookup.ip', key: 'ip', failuresOnly: true },
      { name: 'lookup.phone', key: (r) => r.query.phone, failuresOnly: true },
    ],
    responses: { 200: { description: '{ id, drawId, status, partySize, rank, waitlistEntryId }' } },
    errors: [drawErrors.noApplication],
    handle: ({ params, query, ctx }, draws) => {
      ctx.set('Cache-Control', 'no-store');
      return draws.application(params.id, query.phone);
    },
  }),
];
