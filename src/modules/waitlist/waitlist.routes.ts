// Families' waiting-list endpoints.
import Router from '@koa/router';
import Joi from 'joi';
import { parse } from '../../shared/http/validate.js';
import { contactSchema, phone, visitorsSchema, type CreateBookingInput } from '../bookings/bookings.schemas.js';
import { idParams } from '../catalogue/catalogue.schemas.js';
import type { WaitlistService } from './waitlist.service.js';

export const joinWaitlistBody = Joi.object<Omit<CreateBookingInput, 'sessionId'>>({
  contact: contactSchema().required(),
  visitors: visitorsSchema().required(),
  language: Joi.string().valid('zh', 'en').default('zh'),
}).required();

export const phoneBody = Joi.object<{ phone: string }>({ phone: phone().required() }).required();
export const phoneQuery = Joi.object<{ phone: string }>({ phone: phone().required() });

export function waitlistRoutes(waitlist: WaitlistService): Router {
  const router = new Router();

  router.post('/sessions/:id/waitlist', async (ctx) => {
    const { id } = parse(idParams, ctx.params);
    const body = parse(joinWaitlistBody, ctx.request.body);
    ctx.status = 201;
    ctx.body = await waitlist.join({ ...body, sessionId: id });
  });

  router.get('/waitlist/:id', async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await waitlist.get(parse(idParams, ctx.params).id, parse(phoneQuery, ctx.query).phone);
  });

  router.post('/waitlist/:id/confirm', async (ctx) => {
    ctx.body = await waitlist.confirm(parse(idParams, ctx.params).id, parse(phoneBody, ctx.request.body).phone);
  });

  router.post('/waitlist/:id/leave', async (ctx) => {
    ctx.body = await waitlist.leave(parse(idParams, ctx.params).id, parse(phoneBody, ctx.request.body).phone);
  });

  return router;
}
