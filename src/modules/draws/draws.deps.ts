// What the draws' use cases are given.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Ledger } from '../places/ledger.js';
import type { WaitlistService } from '../waitlist/waitlist.service.js';

export interface DrawsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  ledger: Ledger;
  audit: AuditService;
  waitlist: WaitlistService;
}
