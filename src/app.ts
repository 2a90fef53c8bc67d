// buildServices(deps): every module, wired once. buildApp(deps): middleware order and the routes. It never listens:
// tests use app.callback().
import zlib from 'node:zlib';
import Router from '@koa/router';
import compress from 'koa-compress';
import Koa from 'koa';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { createAccountsService } from './modules/accounts/accounts.service.js';
import { createAuthTokens } from './modules/accounts/auth-token.js';
import { createDeviceTrust, DEVICE_COOKIE } from './modules/accounts/device-trust.js';
import { createAuditService } from './modules/audit/audit.service.js';
import { createBookingsService } from './modules/bookings/bookings.service.js';
import { createQrLinks } from './modules/bookings/qr-links.js';
import { createTokenSigner } from './modules/bookings/qr-token.js';
import { createCatalogueService } from './modules/catalogue/catalogue.service.js';
import { createCheckinService, createNoShowsService } from './modules/checkin/checkin.service.js';
import { createHealthService } from './modules/health/health.service.js';
import { createManageService } from './modules/manage/manage.service.js';
import { createEditionsService } from './modules/editions/editions.service.js';
import { createSchedulesService } from './modules/schedules/schedules.service.js';
import { createVenuesService } from './modules/venues/venues.service.js';
import { createImportsService } from './modules/imports/imports.service.js';
import { createDistrictsService } from './modules/districts/districts.service.js';
import { createNotificationsService } from './modules/notifications/notifications.service.js';
import { createRemindersService } from './modules/notifications/reminders.service.js';
import { httpSmsSender, logSender } from './modules/notifications/senders.js';
import { createLimiter } from './modules/limits/limiter.js';
import { createHousekeepingService } from './modules/housekeeping/housekeeping.service.js';
import { createLedger } from './modules/places/ledger.js';
import { createDailyStatsService } from './modules/reports/daily-stats.service.js';
import { createReportsService } from './modules/reports/reports.service.js';
import { createWaitlistService } from './modules/waitlist/waitlist.service.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bookingRoutes } from './modules/bookings/bookings.routes.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { checkinRoutes } from './modules/checkin/checkin.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { manageRoutes } from './modules/manage/manage.routes.js';
import { editionRoutes } from './modules/editions/editions.routes.js';
import { scheduleRoutes } from './modules/schedules/schedules.routes.js';
import { venueRoutes } from './modules/venues/venues.routes.js';
import { IMPORT_PATH, importRoutes } from './modules/imports/imports.routes.js';
import { districtRoutes } from './modules/districts/districts.routes.js';
import { apiDescription, openApiRoutes } from './modules/openapi/openapi.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.js';
import { ALL_ROUTES } from './routes.js';
import { mountRoutes } from './shared/http/route-table.js';
import type { Clock } from './shared/clock.js';
import type { Lifecycle } from './shared/lifecycle.js';
import { authentication, SESSION_COOKIE } from './shared/http/auth.js';
import { crossSiteGuard } from './shared/http/cross-site.js';
import { errorMiddleware } from './shared/http/error-middleware.js';
import { forwardedHeaders } from './shared/http/forwarded.js';
import { jsonBody } from './shared/http/json-body.js';
import { allowedMethods } from './shared/http/methods.js';
import { securityHeaders } from './shared/http/security-headers.js';
import { notFound } from './shared/http/not-found.js';
import { requestContext } from './shared/http/request-context.js';
import type { Logger } from './shared/logger.js';
import { createPiiHasher } from './shared/pii.js';
import { createPlacesFreed } from './shared/places-freed.js';
import { webApp } from './web/web-app.js';

export interface AppDeps {
  config: Readonly<Config>;
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The process's, when it serves HTTP: readiness answers 503 once it is stopping. */
  lifecycle?: Lifecycle;
}

export function buildServices(deps: AppDeps) {
  const { config, db, logger } = deps;
  const ledger = createLedger(db);
  const signer = createTokenSigner(config.secrets.tokenKeys);
  const pii = createPiiHasher(config.secrets.piiKey);
  const links = createQrLinks(signer, pii);
  const placesFreed = createPlacesFreed(logger);
  const sms = config.sms;
  const sender = sms.gatewayUrl ? httpSmsSender(sms.gatewayUrl, sms.gatewayToken) : logSender(logger);
  const notifications = createNotificationsService({ ...deps, sender });
  const audit = createAuditService(deps);
  const catalogue = createCatalogueService(deps);
  const bookings = createBookingsService({ ...deps, signer, pii, links, ledger, notifications, placesFreed });
  const waitlist = createWaitlistService({ ...deps, pii, ledger, bookings, notifications, placesFreed });
  const limiter = createLimiter(deps);
  const accounts = createAccountsService({
    ...deps,
    audit,
    limiter,
    devices: createDeviceTrust(config.secrets.authSecret),
    tokens: createAuthTokens(config.secrets.authSecret),
  });
  return {
    health: createHealthService(db, logger, deps.lifecycle),
    catalogue,
    bookings,
    waitlist,
    accounts,
    audit,
    notifications,
    placesFreed,
    checkin: createCheckinService({ ...deps, audit, signer, ledger, pii }),
    noShows: createNoShowsService({ ...deps, ledger }),
    manage: createManageService({ ...deps, audit, ledger, notifications, placesFreed }),
    editions: createEditionsService({ ...deps, audit, ledger }),
    schedules: createSchedulesService({ ...deps, audit, ledger }),
    venues: createVenuesService({ ...deps, audit }),
    imports: createImportsService({ ...deps, audit }),
    districts: createDistrictsService({ ...deps, audit }),
    reports: createReportsService({ ...deps, audit }),
    reminders: createRemindersService({ ...deps, notifications }),
    dailyStats: createDailyStatsService(deps),
    housekeeping: createHousekeepingService({ ...deps, limiter, audit }),
    pii,
    signer,
    limiter,
  };
}

export type Services = ReturnType<typeof buildServices>;

export function buildApp(deps: AppDeps, services: Services = buildServices(deps)): Koa {
  // Forwarded headers are believed only from the trusted proxies (forwardedHeaders removes them from anyone else).
  const app = new Koa({ proxy: true });
  app.silent = true; // errors are logged by errorMiddleware, not by Koa's default handler

  // Each table with the module its handlers call (src/routes.ts lists the same tables for the API description).
  const router = new Router();
  mountRoutes(router, healthRoutes, services.health, services.limiter);
  mountRoutes(router, catalogueRoutes, services.catalogue, services.limiter);
  mountRoutes(router, bookingRoutes, services.bookings, services.limiter);
  mountRoutes(router, waitlistRoutes, services.waitlist, services.limiter);
  mountRoutes(router, accountRoutes, services.accounts, services.limiter);
  mountRoutes(router, auditRoutes, services.audit, services.limiter);
  mountRoutes(router, checkinRoutes, services.checkin, services.limiter);
  mountRoutes(router, manageRoutes, services.manage, services.limiter);
  mountRoutes(router, editionRoutes, services.editions, services.limiter);
  mountRoutes(router, scheduleRoutes, services.schedules, services.limiter);
  // Before the venue routes: /api/manage/venues/import-template.csv is not a venue id.
  mountRoutes(router, importRoutes, services.imports, services.limiter);
  mountRoutes(router, venueRoutes, services.venues, services.limiter);
  mountRoutes(router, reportRoutes, services.reports, services.limiter);
  mountRoutes(router, districtRoutes, services.districts, services.limiter);
  mountRoutes(
    router,
    openApiRoutes,
    apiDescription(() => ALL_ROUTES),
    services.limiter,
  );

  app.use(forwardedHeaders(deps.config.http.trustedProxies));
  app.use(securityHeaders({ production: deps.config.env === 'production' }));
  app.use(requestContext(deps.logger));
  // JSON and text answers over 2 KB (the catalogue's) go out compressed; a booking's answer is smaller and is not.
  app.use(compress({ threshold: 2048, br: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }, deflate: false, zstd: false }));
  app.use(errorMiddleware(deps.logger));
  app.use(webApp(deps));
  app.use(notFound);
  app.use(crossSiteGuard([SESSION_COOKIE, DEVICE_COOKIE]));
  app.use(jsonBody(undefined, [IMPORT_PATH]));
  app.use(authentication(services.accounts));
  app.use(router.routes());
  app.use(allowedMethods(router));
  return app;
}
