// What the group visits' use cases are given.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { Ledger } from '../places/ledger.js';

export interface GroupsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  ledger: Ledger;
  audit: AuditService;
  notifications: NotificationsService;
  publicBaseUrl: string;
}
