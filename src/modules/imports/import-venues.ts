// An organiser imports the venue list the districts sent. A dry run answers the plan (rows to create, to update, and
// every row's errors); a real run with any error is refused whole (422 import_invalid) and writes nothing; a clean file
// is applied in one transaction, audited, and (with an edition) its venues take part in that edition.
import type { Actor } from '../../shared/actor.js';
import { editionById } from '../catalogue/editions.js';
import { venueOf } from '../catalogue/venue.js';
import { joinEdition } from '../schedules/apply.js';
import { schedulesErrors } from '../schedules/schedules.errors.js';
import { insertVenue, updateVenueRow } from '../venues/write-venue.js';
import { checkRows, type ImportPlan } from './check-rows.js';
import { importsErrors } from './imports.errors.js';
import type { ImportsDeps } from './imports.deps.js';
import { fileKind, readRows } from './read-file.js';

export interface ImportOptions {
  dryRun: boolean;
  editionId?: number;
}

export interface ImportPreview {
  dryRun: boolean;
  fileType: 'csv' | 'xlsx';
  rows: number;
  toCreate: { row: number; code: string; nameZh: string }[];
  toUpdate: { row: number; code: string; nameZh: string; venueId: number }[];
  errors: ImportPlan['errors'];
  /** Set once applied: the edition its venues now take part in. */
  editionId?: number;
}

export async function importVenues(deps: ImportsDeps, actor: Actor, bytes: Buffer, opts: ImportOptions): Promise<ImportPreview> {
  const fileType = fileKind(bytes);
  const table = await readRows(bytes);
  if (opts.editionId !== undefined) {
    const edition = await editionById(deps, opts.editionId);
    if (edition.status === 'archived') throw schedulesErrors.editionArchived();
  }
  const plan = await checkRows(deps.db.sql, table);
  const preview: ImportPreview = {
    dryRun: opts.dryRun,
    fileType,
    rows: plan.rows,
    toCreate: plan.toCreate.map(({ row, code, nameZh }) => ({ row, code, nameZh })),
    toUpdate: plan.toUpdate.map(({ row, code, nameZh, venueId }) => ({ row, code, nameZh, venueId: venueId! })),
    errors: plan.errors,
  };
  if (opts.dryRun) return preview;
  if (plan.errors.length > 0) throw importsErrors.importInvalid(plan.errors, plan.rows);

  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const ids: number[] = [];
    for (const r of plan.toCreate) ids.push((await insertVenue(tx, r.fields as Parameters<typeof insertVenue>[1], now)).id);
    for (const r of plan.toUpdate) {
      const before = venueOf((await tx.first('SELECT * FROM venues WHERE id = :id', { id: r.venueId }))!);
      ids.push((await updateVenueRow(tx, before, r.fields, now)).id);
    }
    if (opts.editionId !== undefined) for (const id of ids.sort((a, b) => a - b)) await joinEdition({ tx }, opts.editionId, id, now);
    await deps.audit.record(
      {
        actor,
        action: 'venue.import',
        targetType: 'venue',
        details: { fileType, rows: plan.rows, created: plan.toCreate.length, updated: plan.toUpdate.length, editionId: opts.editionId ?? null },
      },
      tx,
    );
  });
  deps.logger.info('venues imported', { by: actor.id, rows: plan.rows, created: plan.toCreate.length, updated: plan.toUpdate.length });
  return { ...preview, ...(opts.editionId !== undefined && { editionId: opts.editionId }) };
}
