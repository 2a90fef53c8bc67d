// The venue import: a file of venues checked row by row, previewed, then applied whole; and its templates.
import type { Database } from '../../db/database.js';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import { importVenues, type ImportOptions } from './import-venues.js';
import { templateCsv, templateXlsx } from './template.js';

export interface ImportsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
}

export function createImportsService(deps: ImportsDeps) {
  return {
    importVenues: (actor: Actor, bytes: Buffer, opts: ImportOptions) => importVenues(deps, actor, bytes, opts),
    templateCsv,
    templateXlsx,
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
