// Group visits: teachers act for the phone they have proven (Phone-Token header or cookie); venue staff answer the
// requests of the venues they serve.
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { PHONE_PROOF_ERRORS, requireVerifiedPhone } from '../phones/phone-auth.js';
import { placesErrors } from '../places/places.errors.js';
import { groupErrors } from './groups.errors.js';
import { declineBody, groupListQuery, groupReportQuery, groupRequestBody, offerBody } from './groups.schemas.js';
import type { GroupsService } from './groups.service.js';

const route = routesFor<GroupsService>();
const tags = ['groups'];
const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];
const ORGANISERS: readonly Role[] = ['organiser'];

export const groupRoutes = [
  route({
    method: 'post',
    path: '/api/groups',
    summary: 'A teacher asks to bring a class (verified phone): school, class, pupils counted, adults named, up to three sessions',
    tags,
    auth: 'public',
    body: groupRequestBody,
    limits: [{ name: 'booking.ip', key: 'ip' }],
    status: 201,
    responses: { 201: { description: 'the request, status requested' } },
    errors: [...PHONE_PROOF_ERRORS, groupErrors.tooLarge, groupErrors.tooYoung, groupErrors.sessionNotOffered],
    handle: ({ ctx, body }, groups) => groups.request(requireVerifiedPhone(ctx), body),
  }),
  route({
    method: 'get',
    path: '/api/groups',
    summary: "The proven phone's group requests",
    tags,
    auth: 'public',
    responses: { 200: { description: 'the requests, newest first' } },
    errors: PHONE_PROOF_ERRORS,
    handle: ({ ctx }, groups) => groups.mine(requireVerifiedPhone(ctx)),
  }),
  route({
    method: 'get',
    path: '/api/groups/:id',
    summary: 'One of my group requests: status, session offered, deadline, booking code',
    tags,
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the request' } },
    errors: [...PHONE_PROOF_ERRORS, groupErrors.noRequest],
    handle: ({ ctx, params }, groups) => groups.get(requireVerifiedPhone(ctx), params.id),
  }),
  route({
    method: 'post',
    path: '/api/groups/:id/confirm',
    summary: 'The teacher takes the places held: one booking and one QR code for the group',
    tags,
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the request, confirmed, with its booking code' } },
    errors: [...PHONE_PROOF_ERRORS, groupErrors.noRequest, groupErrors.wrongState, placesErrors.holdExpired, placesErrors.duplicateVisitor],
    handle: ({ ctx, params }, groups) => groups.confirm(requireVerifiedPhone(ctx), params.id),
  }),
  route({
    method: 'get',
    path: '/api/manage/groups',
    summary: 'Group requests of the venues served (filter by venue and status)',
    tags,
    auth: MANAGERS,
    query: groupListQuery,
    responses: { 200: { description: 'the requests, oldest first' } },
    handle: ({ actor, query }, groups) => groups.queue(actor, query),
  }),
  route({
    method: 'post',
    path: '/api/manage/groups/:id/approve',
    summary: "Approve one of the teacher's sessions: the group's places are held until the teacher confirms",
    tags,
    auth: MANAGERS,
    params: idParams,
    body: offerBody,
    responses: { 200: { description: 'the request, offered' } },
    errors: [groupErrors.noRequest, groupErrors.wrongState, groupErrors.notPreferred, groupErrors.sessionNotOffered, placesErrors.sessionFull],
    handle: ({ actor, params, body }, groups) => groups.approve(actor, params.id, body.sessionId, body.note),
  }),
  route({
    method: 'post',
    path: '/api/manage/groups/:id/propose',
    summary: 'Propose another session of the venue: places held until the teacher confirms',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: offerBody,
    responses: { 200: { description: 'the request, offered (proposed)' } },
    errors: [groupErrors.noRequest, groupErrors.wrongState, groupErrors.sessionNotOffered, placesErrors.sessionFull],
    handle: ({ actor, params, body }, groups) => groups.propose(actor, params.id, body.sessionId, body.note),
  }),
  route({
    method: 'post',
    path: '/api/manage/groups/:id/decline',
    summary: 'Decline a request with a reason',
    tags,
    auth: MANAGERS,
    params: idParams,
    body: declineBody,
    responses: { 200: { description: 'the request, declined' } },
    errors: [groupErrors.noRequest, groupErrors.wrongState],
    handle: ({ actor, params, body }, groups) => groups.decline(actor, params.id, body.reason),
  }),
  route({
    method: 'get',
    path: '/api/reports/groups',
    summary: 'Group visits counted apart: groups, pupils, adults and people admitted, per venue (current edition or ?editionId=)',
    tags,
    auth: ORGANISERS,
    query: groupReportQuery,
    responses: { 200: { description: '{ editionId, totals: { groups, pupils, adults, admitted, requests, declined, expired }, byVenue }' } },
    handle: ({ query }, groups) => groups.report(query.editionId),
  }),
];
