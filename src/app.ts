// buildApp(deps): middleware order and routers. It never listens: tests use app.callback().
import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { bookingRoutes } from './modules/bookings/bookings.routes.js';
import { createBookingsService } from './modules/bookings/bookings.service.js';
import { createTokenSigner } from './modules/bookings/qr-token.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { createCatalogueService } from './modules/catalogue/catalogue.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { createHealthService } from './modules/health/health.service.js';
import type { Clock } from './shared/clock.js';
import { errorMiddleware } from './shared/http/error-middleware.js';
import { jsonBody } from './shared/http/json-body.js';
import { notFound } from './shared/http/not-found.js';
import { requestContext } from './shared/http/request-context.js';
import type { Logger } from './shared/logger.js';
import { createPiiHasher } from './shared/pii.js';

export interface AppDeps {
  config: Readonly<Config>;
  db: Database;
  clock: Clock;
  logger: Logger;
}

export function buildServices(deps: AppDeps) {
  const catalogue = createCatalogueService(deps);
  const health = createHealthService(deps.db, deps.logger);
  const signer = createTokenSigner(deps.config.secrets.tokenKeys);
  const pii = createPiiHasher(deps.config.secrets.piiKey);
  const bookings = createBookingsService({ ...deps, signer, pii });
  return { catalogue, health, bookings, signer, pii };
}

export type Services = ReturnType<typeof buildServices>;

export function buildApp(deps: AppDeps, services: Services = buildServices(deps)): Koa {
  const app = new Koa({ proxy: deps.config.env === 'production' });
  app.silent = true; // errors are logged by errorMiddleware, not by Koa's default handler

  const api = new Router({ prefix: '/api' });
  api.use(catalogueRoutes(services.catalogue).routes());
  api.use(bookingRoutes(services.bookings, deps.clock).routes());
  const health = healthRoutes(services.health);

  app.use(requestContext(deps.logger));
  app.use(errorMiddleware(deps.logger));
  app.use(notFound);
  app.use(jsonBody());
  app.use(health.routes());
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: true }));
  return app;
}
