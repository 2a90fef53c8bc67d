// Staff capacity management under /api/manage. Thin: who may act, validate, call the service, answer.
import Router from '@koa/router';
import { parse } from '../../shared/http/validate.js';
import { requireRole } from '../accounts/actor.js';
import { idParams } from '../catalogue/catalogue.schemas.js';
import { cancelSessionBody, createSessionBody, manageSessionsQuery, rosterQuery, updateSessionBody, updateVenueBody } from './manage.schemas.js';
import type { ManageService } from './manage.service.js';
import { rosterCsv, rosterFilename } from './roster-csv.js';

export function manageRoutes(manage: ManageService): Router {
  const router = new Router();

  // Door staff see the sessions of their venues; only managers and organisers change them.
  router.get('/manage/sessions', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager', 'door_staff');
    ctx.body = await manage.listSessions(actor, parse(manageSessionsQuery, ctx.query));
  });

  router.post('/manage/sessions', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager');
    ctx.status = 201;
    ctx.body = await manage.createSession(actor, parse(createSessionBody, ctx.request.body));
  });

  router.patch('/manage/sessions/:id', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager');
    ctx.body = await manage.updateSession(actor, parse(idParams, ctx.params).id, parse(updateSessionBody, ctx.request.body));
  });

  router.post('/manage/sessions/:id/cancel', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager');
    const { id } = parse(idParams, ctx.params);
    ctx.body = await manage.cancelSession(actor, id, parse(cancelSessionBody, ctx.request.body).reason);
  });

  router.get('/manage/sessions/:id/roster', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager');
    const { id } = parse(idParams, ctx.params);
    const { format } = parse(rosterQuery, ctx.query);
    const roster = await manage.roster(actor, id);
    ctx.set('Cache-Control', 'private, no-store');
    if (format === 'csv') {
      ctx.set('Content-Disposition', `attachment; filename="${rosterFilename(roster)}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = rosterCsv(roster);
      return;
    }
    ctx.body = roster;
  });

  router.patch('/manage/venues/:id', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager');
    ctx.body = await manage.updateVenue(actor, parse(idParams, ctx.params).id, parse(updateVenueBody, ctx.request.body));
  });

  return router;
}
