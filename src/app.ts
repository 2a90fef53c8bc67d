// buildApp(deps): middleware order and routers. It never listens: tests use app.callback().
import Router from '@koa/router';
import Koa from 'koa';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createLoginThrottle } from './modules/accounts/login-throttle.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { bookingRoutes } from './modules/bookings/bookings.routes.js';
import { createBookingsService } from './modules/bookings/bookings.service.js';
import { createTokenSigner } from './modules/bookings/qr-token.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { checkinRoutes } from './modules/checkin/checkin.routes.js';
import { createCheckinService } from './modules/checkin/checkin.service.js';
import { createCatalogueService } from './modules/catalogue/catalogue.service.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { createHealthService } from './modules/health/health.service.js';
import { manageRoutes } from './modules/manage/manage.routes.js';
import { createManageService } from './modules/manage/manage.service.js';
import type { Clock } from './shared/clock.js';
import { authentication } from './shared/http/auth.js';
import { errorMiddleware } from './shared/http/error-middleware.js';
import { jsonBody } from './shared/http/json-body.js';
import { notFound } from './shared/http/not-found.js';
import { requestContext } from './shared/http/request-context.js';
import type { Logger } from './shared/logger.js';
import { createPiiHasher } from './shared/pii.js';
import { createPlacesFreed } from './shared/places-freed.js';
import { createNotificationsService } from './modules/notifications/notifications.service.js';
import { httpSmsSender, logSender } from './modules/notifications/senders.js';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.js';
import { createRemindersService } from './modules/notifications/reminders.service.js';
import { createNoShowsService } from './modules/checkin/no-shows.service.js';
import { createDailyStatsService } from './modules/reports/daily-stats.service.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { openApiRoutes } from './modules/openapi/openapi.routes.js';
import { createWaitlistService } from './modules/waitlist/waitlist.service.js';
import { webApp } from './web/web-app.js';

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
  const placesFreed = createPlacesFreed(deps.logger);
  const sms = deps.config.sms;
  const sender = sms.gatewayUrl ? httpSmsSender(sms.gatewayUrl, sms.gatewayToken) : logSender(deps.logger);
  const notifications = createNotificationsService({ ...deps, sender });
  const bookings = createBookingsService({ ...deps, signer, pii, notifications, placesFreed });
  const waitlist = createWaitlistService({ ...deps, bookings, notifications, placesFreed });
  const reminders = createRemindersService({ ...deps, notifications });
  const noShows = createNoShowsService(deps);
  const dailyStats = createDailyStatsService(deps);
  const audit = createAuditService(deps);
  const accounts = createAccountsService({ ...deps, audit, throttle: createLoginThrottle(deps) });
  const manage = createManageService({ ...deps, audit, catalogue, notifications, placesFreed });
  const checkin = createCheckinService({ ...deps, audit, signer });
  const reports = createReportsService({ ...deps, audit, catalogue });
  return {
    catalogue,
    health,
    bookings,
    signer,
    pii,
    audit,
    accounts,
    checkin,
    manage,
    notifications,
    waitlist,
    placesFreed,
    reminders,
    noShows,
    dailyStats,
    reports,
  };
}

export type Services = ReturnType<typeof buildServices>;

export function buildApp(deps: AppDeps, services: Services = buildServices(deps)): Koa {
  const app = new Koa({ proxy: deps.config.env === 'production' });
  app.silent = true; // errors are logged by errorMiddleware, not by Koa's default handler

  const api = new Router({ prefix: '/api' });
  api.use(catalogueRoutes(services.catalogue).routes());
  api.use(bookingRoutes(services.bookings, deps.clock).routes());
  api.use(waitlistRoutes(services.waitlist).routes());
  api.use(accountRoutes(services.accounts).routes());
  api.use(auditRoutes(services.audit).routes());
  api.use(checkinRoutes(services.checkin).routes());
  api.use(manageRoutes(services.manage).routes());
  api.use(reportRoutes(services.reports).routes());
  api.use(openApiRoutes().routes());
  const health = healthRoutes(services.health);

  app.use(requestContext(deps.logger));
  app.use(errorMiddleware(deps.logger));
  app.use(webApp(deps));
  app.use(notFound);
  app.use(jsonBody());
  app.use(authentication(services.accounts));
  app.use(health.routes());
  app.use(api.routes());
  app.use(api.allowedMethods({ throw: true }));
  return app;
}
