// The door's routes.
import type { Actor } from '../../shared/actor.js';
import { ROLES } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { checkinErrors } from './checkin.errors.js';
import { checkinBody, findBody, lookupBody, syncBody, undoBody, venueQuery } from './checkin.schemas.js';
import type { CheckinService } from './checkin.service.js';

const route = routesFor<CheckinService>();
const tags = ['checkin'];
const MANAGERS = ['venue_manager', 'organiser'] as const;
const FOUND = [checkinErrors.invalidToken, checkinErrors.noCode, checkinErrors.wrongVenue];

export const checkinRoutes = [
  route({
    method: 'post',
    path: '/api/checkins',
    summary: 'Admit visitors of a party (all still expected, the ticked visitorIds, or a count) by QR token or typed code',
    tags,
    auth: ROLES,
    body: checkinBody,
    responses: { 200: { description: 'admitted: each visitor of the party with their state' } },
    errors: [...FOUND, checkinErrors.alreadyCheckedIn, checkinErrors.bookingCancelled, checkinErrors.notYet],
    handle: ({ body, actor }, checkin) => checkin.scan(body, actor),
  }),
  route({
    method: 'post',
    path: '/api/checkins/lookup',
    summary: 'The party behind a QR token or typed code, each visitor admitted or expected (nothing is written)',
    tags,
    auth: ROLES,
    body: lookupBody,
    responses: { 200: { description: 'the party and its check-in window' } },
    errors: [...FOUND, checkinErrors.bookingCancelled, checkinErrors.notYet],
    handle: ({ body, actor }, checkin) => checkin.lookup(body, actor),
  }),
  route({
    method: 'post',
    path: '/api/checkins/find',
    summary: 'Find today’s bookings without the code: by a visitor’s ID number, or by phone and surname',
    description: 'Only today’s sessions of the venues the account serves; rate-limited per staff account (door.find).',
    tags,
    auth: ROLES,
    body: findBody,
    limits: [{ name: 'door.find', key: (r) => String((r.ctx.state as { actor?: Actor }).actor?.id) }],
    responses: { 200: { description: 'the matching parties' } },
    handle: ({ body, actor }, checkin) => checkin.find(body, actor),
  }),
  route({
    method: 'post',
    path: '/api/checkins/undo',
    summary: 'Undo admissions with a reason: own ones within 10 minutes; a venue manager any of the same day',
    tags,
    auth: ROLES,
    body: undoBody,
    responses: { 200: { description: 'the party after the undo' } },
    errors: [checkinErrors.noAdmission, checkinErrors.undoNotAllowed, checkinErrors.wrongVenue],
    handle: ({ body, actor }, checkin) => checkin.undo(body, actor),
  }),
  route({
    method: 'get',
    path: '/api/checkins/keys',
    summary: 'The public keys (Ed25519, by key id) that verify QR tokens, for scanners working offline',
    tags,
    auth: 'public',
    cache: 'public',
    responses: { 200: { description: 'JWKs' } },
    handle: (_req, checkin) => checkin.keys(),
  }),
  route({
    method: 'get',
    path: '/api/checkins/roster',
    summary: 'Today’s roster of a venue for offline scanning: codes, masked names, ID tails, ages, states; keys',
    tags,
    auth: ROLES,
    query: venueQuery,
    responses: { 200: { description: 'the roster' } },
    errors: [checkinErrors.noVenue],
    handle: ({ query, actor }, checkin) => checkin.roster(query, actor),
  }),
  route({
    method: 'post',
    path: '/api/checkins/sync',
    summary: 'Apply an offline scanner’s queue: idempotent by device id and sequence, answered per entry',
    description: 'Each entry is accepted, duplicate, conflict (the earlier scan stands) or invalid; at most 200 entries (413).',
    tags,
    auth: ROLES,
    body: syncBody,
    responses: { 200: { description: 'one result per entry' } },
    errors: [checkinErrors.batchTooLarge],
    handle: ({ body, actor }, checkin) => checkin.sync(body, actor),
  }),
  route({
    method: 'get',
    path: '/api/checkins/conflicts',
    summary: 'Visitors two offline scanners both admitted: the later scans, for the venue’s manager',
    tags,
    auth: MANAGERS,
    query: venueQuery,
    responses: { 200: { description: 'the conflicts of the day' } },
    errors: [checkinErrors.noVenue],
    handle: ({ query, actor }, checkin) => checkin.conflicts(query, actor),
  }),
];
