// The organisers' view of the audit log.
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { auditQuery } from './audit.schemas.js';
import type { AuditService } from './audit.service.js';

const route = routesFor<AuditService>();

const ORGANISER: readonly Role[] = ['organiser'];

export const auditRoutes = [
  route({
    method: 'get',
    path: '/api/manage/audit',
    summary: 'The audit log',
    tags: ['accounts'],
    auth: ORGANISER,
    query: auditQuery,
    responses: { 200: { description: '{ items, total, page, pageSize }' } },
    handle: ({ query }, audit) => audit.list(query),
  }),
];
