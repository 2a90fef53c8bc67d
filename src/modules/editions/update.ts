// An organiser changes an edition. New dates of a published edition with bookings are refused; otherwise each venue's
// stored schedule is applied again over the new dates (sessions on dropped days go, new days get theirs).
import type { Actor } from '../../shared/actor.js';
import { editionOf, type Edition } from '../catalogue/edition.js';
import { editionById } from '../catalogue/editions.js';
import { forUpdate } from '../../db/sql.js';
import { asInt } from '../../db/rows.js';
import { applyPattern } from '../schedules/apply.js';
import { storedScheduleOf } from '../schedules/schedule.js';
import { schedulesErrors } from '../schedules/schedules.errors.js';
import type { Places } from '../places/ledger.js';
import { isSlugConflict } from './create.js';
import { editionsErrors } from './editions.errors.js';
import type { EditionChanges } from './editions.schemas.js';
import type { EditionsDeps } from './editions.deps.js';
import type { EditionAdminView } from './editions.views.js';
import { getEdition } from './list.js';
import { ValidationError } from '../../shared/errors.js';

const COLUMNS: Record<Exclude<keyof EditionChanges, 'rules'>, string> = {
  slug: 'slug',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  cityZh: 'city_zh',
  cityEn: 'city_en',
  startDate: 'start_date',
  endDate: 'end_date',
  timezone: 'timezone',
  bookingOpensAt: 'booking_opens_at',
};

/** Confirmed bookings in the edition's sessions. */
export async function bookingsIn(p: Pick<Places, 'tx'>, editionId: number): Promise<number> {
  const row = await p.tx.first<{ n: unknown }>(
    "SELECT COUNT(*) AS n FROM bookings b JOIN sessions s ON s.id = b.session_id WHERE s.edition_id = :editionId AND b.status = 'confirmed'",
    { editionId },
  );
  return asInt(row?.n);
}

/** Every stored schedule of the edition, applied again (after its dates or timezone changed). */
export async function reapplySchedules(p: Places, edition: Edition, now: Date): Promise<void> {
  const rows = await p.tx.select('SELECT * FROM venue_schedules WHERE edition_id = :id ORDER BY venue_id', { id: edition.id });
  for (const r of rows) {
    const stored = storedScheduleOf(r);
    await applyPattern(p, edition, stored.venueId, stored.pattern, now);
  }
}

export async function updateEdition(deps: EditionsDeps, actor: Actor, id: number, changes: EditionChanges): Promise<EditionAdminView> {
  const now = deps.clock.now();
  try {
    await deps.ledger.transaction(async (p) => {
      const row = await p.tx.first(`SELECT * FROM editions WHERE id = :id${forUpdate(p.tx)}`, { id });
      if (!row) await editionById(deps, id); // the not-found error
      const before = editionOf(row!);
      if (before.status === 'archived') throw schedulesErrors.editionArchived();
      const startDate = changes.startDate ?? before.startDate;
      const endDate = changes.endDate ?? before.endDate;
      if (endDate < startDate) throw new ValidationError([{ field: 'endDate', message: 'endDate must not be before startDate', type: 'dates.order' }]);
      const moved = startDate !== before.startDate || endDate !== before.endDate || (changes.timezone ?? before.timezone) !== before.timezone;
      if (moved && before.status === 'published') {
        const bookings = await bookingsIn(p, id);
        if (bookings > 0) throw editionsErrors.editionHasBookings(bookings);
      }
      const values: Record<string, unknown> = {};
      for (const [key, column] of Object.entries(COLUMNS)) {
        const v = changes[key as keyof typeof COLUMNS];
        if (v !== undefined) values[column] = key === 'bookingOpensAt' ? new Date(v) : v;
      }
      if (changes.rules) values.rules = JSON.stringify({ ...before.rules, ...changes.rules });
      const sets = Object.keys(values).map((c) => `${c} = :${c}`);
      await p.tx.run(`UPDATE editions SET ${[...sets, 'updated_at = :now'].join(', ')} WHERE id = :id`, { ...values, now, id });
      const after = editionOf((await p.tx.first('SELECT * FROM editions WHERE id = :id', { id }))!);
      if (moved) await reapplySchedules(p, after, now);
      await deps.audit.record(
        {
          actor,
          action: 'edition.update',
          targetType: 'edition',
          targetId: id,
          before: { startDate: before.startDate, endDate: before.endDate },
          after: changes,
        },
        p.tx,
      );
    });
  } catch (err) {
    if (isSlugConflict(err)) throw editionsErrors.editionExists(changes.slug ?? '');
    throw err;
  }
  deps.logger.info('edition updated', { editionId: id, by: actor.id, fields: Object.keys(changes) });
  return getEdition(deps, id);
}
