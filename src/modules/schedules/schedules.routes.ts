// Staff routes for a venue's slot schedule in an edition.
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { manageErrors } from '../manage/manage.errors.js';
import { scheduleBody, scheduleQuery } from './schedules.schemas.js';
import { schedulesErrors } from './schedules.errors.js';
import type { SchedulesService } from './schedules.service.js';

const route = routesFor<SchedulesService>();
const tags = ['schedules'];
const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];

export const scheduleRoutes = [
  route({
    method: 'get',
    path: '/api/manage/venues/:id/schedule',
    summary: 'A venue’s slot schedule for an edition, with its sessions',
    tags,
    auth: MANAGERS,
    params: idParams,
    query: scheduleQuery,
    responses: { 200: { description: '{ editionId, venueId, pattern, sessions }' } },
    handle: ({ params, query, actor }, schedules) => schedules.getSchedule(actor, params.id, query.editionId),
  }),
  route({
    method: 'put',
    path: '/api/manage/venues/:id/schedule',
    summary: 'Set a venue’s slot schedule for an edition and make its sessions',
    description:
      'Slots per weekday (1 Monday … 7 Sunday) or per date (these replace the weekday’s slots that day), and closed dates. ' +
      'Idempotent. A session that would be removed or shrunk below its bookings is a conflict: the whole change is refused (409 schedule_conflict, details.conflicts).',
    tags,
    auth: MANAGERS,
    params: idParams,
    query: scheduleQuery,
    body: scheduleBody,
    responses: { 200: { description: '{ created, updated, removed, unchanged, sessions }' } },
    errors: [
      schedulesErrors.scheduleConflict,
      schedulesErrors.scheduleOverlap,
      schedulesErrors.editionArchived,
      manageErrors.dateOutsideEdition,
      manageErrors.sessionExists,
    ],
    handle: ({ params, query, body, actor }, schedules) => schedules.setSchedule(actor, params.id, query.editionId, body),
  }),
];
