// The venue import: a file of venues checked row by row, previewed, then applied whole; and its templates.
import type { ImportsDeps } from './imports.deps.js';
import type { Actor } from '../../shared/actor.js';
import type { CatalogueChange } from '../../shared/catalogue-changed.js';
import { importVenues, type ImportOptions } from './import-venues.js';
import { templateCsv, templateXlsx } from './template.js';

export type { ImportsDeps } from './imports.deps.js';

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
