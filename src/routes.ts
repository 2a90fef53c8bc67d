// Every route table of the service, mounted on one router with the module each table's handlers call. The OpenAPI
// document and the authorization test read ALL_ROUTES, so a route exists exactly when a table defines it.
import type Router from '@koa/router';
import type { Services } from './app.js';
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bookingRoutes } from './modules/bookings/bookings.routes.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { checkinRoutes } from './modules/checkin/checkin.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { manageRoutes } from './modules/manage/manage.routes.js';
import { apiDescription, openApiRoutes } from './modules/openapi/openapi.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.js';
import { mountRoutes, type AnyRoute } from './shared/http/route-table.js';

export const ALL_ROUTES: readonly AnyRoute[] = [
  ...healthRoutes,
  ...catalogueRoutes,
  ...bookingRoutes,
  ...waitlistRoutes,
  ...accountRoutes,
  ...auditRoutes,
  ...checkinRoutes,
  ...manageRoutes,
  ...reportRoutes,
  ...openApiRoutes,
];

export function mountAll(router: Router, s: Services): void {
  mountRoutes(router, healthRoutes, s.health);
  mountRoutes(router, catalogueRoutes, s.catalogue);
  mountRoutes(router, bookingRoutes, s.bookings);
  mountRoutes(router, waitlistRoutes, s.waitlist);
  mountRoutes(router, accountRoutes, s.accounts);
  mountRoutes(router, auditRoutes, s.audit);
  mountRoutes(router, checkinRoutes, s.checkin);
  mountRoutes(router, manageRoutes, s.manage);
  mountRoutes(router, reportRoutes, s.reports);
  mountRoutes(
    router,
    openApiRoutes,
    apiDescription(() => ALL_ROUTES),
  );
}
