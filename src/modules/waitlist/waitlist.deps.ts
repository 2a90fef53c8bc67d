// What the waiting list's use cases are given.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { PlacesFreed } from '../../shared/places-freed.js';
import type { BookingsService } from '../bookings/bookings.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Ledger } from '../places/ledger.js';

export interface WaitlistDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  ledger: Ledger;
  bookings: BookingsService;
  notifications: NotificationsService;
  placesFreed: PlacesFreed;
  /** Whether editions whose rules do not say need a proven phone (VERIFY_PHONE). */
  phoneProofByDefault: boolean;
  /** PUBLIC_BASE_URL: links in text messages are absolute. */
  publicBaseUrl: string;
}
