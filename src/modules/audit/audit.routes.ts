import Router from '@koa/router';
import Joi from 'joi';
import { parse } from '../../shared/http/validate.js';
import { requireRole } from '../accounts/actor.js';
import { id } from '../catalogue/catalogue.schemas.js';
import type { AuditFilter, AuditService } from './audit.service.js';

export const auditQuery = Joi.object<AuditFilter>({
  action: Joi.string().max(64),
  actorId: id(),
  venueId: id(),
  targetType: Joi.string().max(32),
  targetId: Joi.string().max(64),
  from: Joi.date().iso(),
  to: Joi.date().iso(),
  page: Joi.number().integer().min(1).max(100_000).default(1),
  pageSize: Joi.number().integer().min(1).max(200).default(50),
});

export function auditRoutes(audit: AuditService): Router {
  const router = new Router();
  router.get('/manage/audit', async (ctx) => {
    requireRole(ctx.state.actor, 'organiser');
    ctx.body = await audit.list(parse(auditQuery, ctx.query));
  });
  return router;
}
