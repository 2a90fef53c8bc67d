// Public catalogue: the edition, venues and sessions. Thin: validate, call the service, answer.
import Router from '@koa/router';
import { parse } from '../../shared/http/validate.js';
import { idParams, listSessionsQuery, listVenuesQuery } from './catalogue.schemas.js';
import type { CatalogueService } from './catalogue.service.js';

export function catalogueRoutes(catalogue: CatalogueService): Router {
  const router = new Router();

  router.get('/edition', async (ctx) => {
    ctx.body = await catalogue.getEdition();
  });

  router.get('/venues', async (ctx) => {
    ctx.body = await catalogue.listVenues(parse(listVenuesQuery, ctx.query));
  });

  router.get('/venues/:id', async (ctx) => {
    ctx.body = await catalogue.getVenue(parse(idParams, ctx.params).id);
  });

  router.get('/sessions', async (ctx) => {
    ctx.body = await catalogue.listSessions(parse(listSessionsQuery, ctx.query));
  });

  router.get('/sessions/:id', async (ctx) => {
    ctx.body = await catalogue.getSession(parse(idParams, ctx.params).id);
  });

  return router;
}
