// What the imports use cases are given.
import type { Database } from '../../db/database.js';
import type { CatalogueChanged } from '../../shared/catalogue-changed.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';

export interface ImportsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  /** Raised after a change the public catalogue shows, so this instance's read model has it at once. */
  catalogueChanged: CatalogueChanged;
}
