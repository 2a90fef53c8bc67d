import Router from '@koa/router';
import type { HealthService } from './health.service.js';

export function healthRoutes(health: HealthService): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    ctx.body = await health.readiness();
  });
  return router;
}
