// Every route table of the service. buildApp mounts each with the module its handlers call; the OpenAPI document and
// the authorization test read ALL_ROUTES, so a route exists exactly when a table defines it.
import { accountRoutes } from './modules/accounts/accounts.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { bookingRoutes } from './modules/bookings/bookings.routes.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { checkinRoutes } from './modules/checkin/checkin.routes.js';
import { healthRoutes } from './modules/health/health.routes.js';
import { manageRoutes } from './modules/manage/manage.routes.js';
import { myBookingRoutes } from './modules/my-bookings/my-bookings.routes.js';
import { phoneRoutes } from './modules/phones/phones.routes.js';
import { editionRoutes } from './modules/editions/editions.routes.js';
import { scheduleRoutes } from './modules/schedules/schedules.routes.js';
import { venueRoutes } from './modules/venues/venues.routes.js';
import { importRoutes } from './modules/imports/imports.routes.js';
import { districtRoutes } from './modules/districts/districts.routes.js';
import { openApiRoutes } from './modules/openapi/openapi.routes.js';
import { groupRoutes } from './modules/groups/groups.routes.js';
import { drawRoutes } from './modules/draws/draws.routes.js';
import { retentionRoutes } from './modules/retention/retention.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { waitlistRoutes } from './modules/waitlist/waitlist.routes.js';
import type { AnyRoute } from './shared/http/route-table.js';

export const ALL_ROUTES: readonly AnyRoute[] = [
  ...healthRoutes,
  ...catalogueRoutes,
  ...phoneRoutes,
  ...bookingRoutes,
  ...waitlistRoutes,
  ...myBookingRoutes,
  ...accountRoutes,
  ...auditRoutes,
  ...checkinRoutes,
  ...manageRoutes,
  ...editionRoutes,
  ...scheduleRoutes,
  ...importRoutes,
  ...venueRoutes,
  ...reportRoutes,
  ...retentionRoutes,
  ...drawRoutes,
  ...groupRoutes,
  ...districtRoutes,
  ...openApiRoutes,
];
