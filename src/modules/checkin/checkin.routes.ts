// The door's route.
import { ROLES } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { checkinErrors } from './checkin.errors.js';
import { checkinBody } from './checkin.schemas.js';
import type { CheckinService } from './checkin.service.js';

const route = routesFor<CheckinService>();

export const checkinRoutes = [
  route({
    method: 'post',
    path: '/api/checkins',
    summary: 'Scan a QR token or type a booking code at the door',
    tags: ['checkin'],
    auth: ROLES,
    body: checkinBody,
    responses: { 200: { description: 'admitted' } },
    errors: [checkinErrors.invalidToken, checkinErrors.wrongVenue, checkinErrors.alreadyCheckedIn, checkinErrors.bookingCancelled, checkinErrors.notYet],
    handle: ({ body, actor, ctx }, checkin) => {
      ctx.set('Cache-Control', 'no-store');
      return checkin.scan(body, actor);
    },
  }),
];
