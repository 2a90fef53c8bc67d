// Organisers' routes for an edition's retention rule.
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { retentionErrors } from './retention.errors.js';
import { retentionRuleBody } from './retention.schemas.js';
import type { RetentionService } from './retention.service.js';

const route = routesFor<RetentionService>();

const tags = ['retention'];

const ORGANISER: readonly Role[] = ['organiser'];

export const retentionRoutes = [
  route({
    method: 'get',
    path: '/api/manage/editions/:id/retention',
    summary: 'The edition’s retention rule: summary deadline, days kept after it, when personal data is erased',
    tags,
    auth: ORGANISER,
    params: idParams,
    responses: { 200: { description: '{ editionId, summaryDeadline, summaryDeadlineIsDefault, retentionDays, keptUntil, erasesFrom, erasedAt }' } },
    handle: ({ params }, retention) => retention.rule(params.id),
  }),
  route({
    method: 'put',
    path: '/api/manage/editions/:id/retention',
    summary: 'Set the edition’s retention rule (audited); refused once its data is erased',
    tags,
    auth: ORGANISER,
    params: idParams,
    body: retentionRuleBody,
    responses: { 200: { description: 'the rule, as GET answers it' } },
    errors: [retentionErrors.alreadyErased, retentionErrors.deadlineBeforeEnd],
    handle: ({ params, body, actor }, retention) => retention.setRule(actor, params.id, body),
  }),
];
