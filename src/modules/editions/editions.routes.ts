// Organisers' routes for editions under /api/manage/editions.
import Joi from 'joi';
import { ROLES, type Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { id, idParams } from '../../shared/http/schemas.js';
import { schedulesErrors } from '../schedules/schedules.errors.js';
import { editionsErrors } from './editions.errors.js';
import { copyEditionBody, createEditionBody, editionParticipationBody, updateEditionBody } from './editions.schemas.js';
import type { EditionsService } from './editions.service.js';

const route = routesFor<EditionsService>();
const tags = ['editions'];
const ORGANISERS: readonly Role[] = ['organiser'];
const venueParams = Joi.object<{ id: number; venueId: number }>({ id: id().required(), venueId: id().required() });

export const editionRoutes = [
  route({
    method: 'get',
    path: '/api/manage/editions',
    summary: 'Every edition, drafts included, with its counts',
    tags,
    auth: ROLES,
    responses: { 200: { description: '{ items }' } },
    handle: (_req, editions) => editions.list(),
  }),
  route({
    method: 'post',
    path: '/api/manage/editions',
    summary: 'Create an edition (a draft)',
    tags,
    auth: ORGANISERS,
    body: createEditionBody,
    status: 201,
    responses: { 201: { description: 'the edition' } },
    errors: [editionsErrors.editionExists],
    handle: ({ body, actor }, editions) => editions.create(actor, body),
  }),
  route({
    method: 'get',
    path: '/api/manage/editions/:id',
    summary: 'One edition with its status and counts',
    tags,
    auth: ROLES,
    params: idParams,
    responses: { 200: { description: 'the edition' } },
    handle: ({ params }, editions) => editions.get(params.id),
  }),
  route({
    method: 'patch',
    path: '/api/manage/editions/:id',
    summary: 'Change an edition (names, dates, timezone, booking opening, rules)',
    description: 'New dates re-apply every venue’s schedule. A published edition with bookings keeps its dates (409 edition_has_bookings).',
    tags,
    auth: ORGANISERS,
    params: idParams,
    body: updateEditionBody,
    responses: { 200: { description: 'the edition' } },
    errors: [editionsErrors.editionHasBookings, editionsErrors.editionExists, schedulesErrors.editionArchived, schedulesErrors.scheduleConflict],
    handle: ({ params, body, actor }, editions) => editions.update(actor, params.id, body),
  }),
  route({
    method: 'post',
    path: '/api/manage/editions/:id/publish',
    summary: 'Publish a draft: families see it',
    tags,
    auth: ORGANISERS,
    params: idParams,
    responses: { 200: { description: 'the edition' } },
    errors: [editionsErrors.editionStatus],
    handle: ({ params, actor }, editions) => editions.publish(actor, params.id),
  }),
  route({
    method: 'post',
    path: '/api/manage/editions/:id/archive',
    summary: 'Archive an edition: kept for the reports, changed no more',
    tags,
    auth: ORGANISERS,
    params: idParams,
    responses: { 200: { description: 'the edition' } },
    errors: [editionsErrors.editionStatus],
    handle: ({ params, actor }, editions) => editions.archive(actor, params.id),
  }),
  route({
    method: 'post',
    path: '/api/manage/editions/:id/copy',
    summary: 'Roll an edition over to new dates: a draft with the same venues, rules and schedules, no bookings',
    tags,
    auth: ORGANISERS,
    params: idParams,
    body: copyEditionBody,
    status: 201,
    responses: { 201: { description: 'the new edition' } },
    errors: [editionsErrors.editionExists],
    handle: ({ params, body, actor }, editions) => editions.copy(actor, params.id, body),
  }),
  route({
    method: 'get',
    path: '/api/manage/editions/:id/preview',
    summary: 'Preview an edition (a draft included) as families will see it',
    tags,
    auth: ROLES,
    params: idParams,
    responses: { 200: { description: '{ edition, venues }' } },
    handle: ({ params }, editions) => editions.preview(params.id),
  }),
  route({
    method: 'get',
    path: '/api/manage/editions/:id/venues',
    summary: 'The venues taking part in an edition',
    tags,
    auth: ROLES,
    params: idParams,
    responses: { 200: { description: '{ editionId, venueIds }' } },
    handle: ({ params }, editions) => editions.venues(params.id),
  }),
  route({
    method: 'post',
    path: '/api/manage/editions/:id/venues',
    summary: 'Enrol venues in an edition',
    tags,
    auth: ORGANISERS,
    params: idParams,
    body: editionParticipationBody,
    responses: { 200: { description: '{ editionId, venueIds }' } },
    errors: [schedulesErrors.editionArchived],
    handle: ({ params, body, actor }, editions) => editions.addVenues(actor, params.id, body.venueIds),
  }),
  route({
    method: 'delete',
    path: '/api/manage/editions/:id/venues/:venueId',
    summary: 'Take a venue out of an edition (its empty sessions go with it)',
    tags,
    auth: ORGANISERS,
    params: venueParams,
    responses: { 200: { description: '{ editionId, venueIds }' } },
    errors: [editionsErrors.venueHasBookings, schedulesErrors.editionArchived],
    handle: ({ params, actor }, editions) => editions.removeVenue(actor, params.id, params.venueId),
  }),
];
