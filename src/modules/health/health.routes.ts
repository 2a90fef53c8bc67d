// Health checks for load balancers and orchestrators.
import { routesFor } from '../../shared/http/route-table.js';
import { healthErrors, type HealthService } from './health.service.js';

const route = routesFor<HealthService>();

const tags = ['health'];

export const healthRoutes = [
  route({
    method: 'get',
    path: '/healthz',
    summary: 'The process is up',
    tags,
    auth: 'public',
    responses: { 200: { description: '{ status: "ok" }' } },
    handle: () => ({ status: 'ok' }),
  }),
  route({
    method: 'get',
    path: '/readyz',
    summary: 'The database is reachable and fully migrated',
    tags,
    auth: 'public',
    responses: { 200: { description: 'ready' } },
    errors: [healthErrors.databaseUnreachable, healthErrors.migrationsPending, healthErrors.shuttingDown],
    handle: (_, health) => health.readiness(),
  }),
];
