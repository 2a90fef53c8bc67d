// Joi schema of the audit log's filters.
import Joi from 'joi';
import { id, page, pageSize } from '../../shared/http/schemas.js';
import type { AuditFilter } from './audit.service.js';

export const auditQuery = Joi.object<AuditFilter>({
  action: Joi.string().max(64),
  actorId: id(),
  venueId: id(),
  targetType: Joi.string().max(32),
  targetId: Joi.string().max(64),
  from: Joi.date().iso(),
  to: Joi.date().iso(),
  page: page(),
  pageSize: pageSize(200, 50),
});
