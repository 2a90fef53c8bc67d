// The venue import: a file of venues checked row by row, previewed, then applied whole; and its templates.
import type { Database } from '../../db/database.js';
import type { Actor } from '../../shared/actor.js';
import type { CatalogueChange, CatalogueChanged } from '../../shared/catalogue-changed.js';
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
  /** Raised after a change the public catalogue shows, so this instance's read model has it at once. */
  catalogueChanged: CatalogueChanged;
}

export function createImportsService(deps: ImportsDeps) {
  /** The use case's result, once the catalogue has heard of `change`. */
  const told = async <T>(result: Promise<T>, change: CatalogueChange): Promise<T> => {
    const r = await result;
    deps.catalogueChanged.emit(change);
    return r;
  };
  return {
    importVenues: (actor: Actor, bytes: Buffer, opts: ImportOptions) => told(importVenues(deps, actor, bytes, opts), { editionId: opts.editionId ?? 0 }),
    templateCsv,
    templateXlsx,
  };
}

export type ImportsService = ReturnType<typeof createImportsService>;
