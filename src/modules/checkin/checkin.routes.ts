import Router from '@koa/router';
import { parse } from '../../shared/http/validate.js';
import { requireRole } from '../accounts/actor.js';
import { checkinBody } from './checkin.schemas.js';
import type { CheckinService } from './checkin.service.js';

export function checkinRoutes(checkin: CheckinService): Router {
  const router = new Router();
  router.post('/checkins', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'door_staff', 'venue_manager', 'organiser');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await checkin.scan(parse(checkinBody, ctx.request.body), actor);
  });
  return router;
}
