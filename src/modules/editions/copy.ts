// Rolls an edition over: a new draft on new dates with the same venues, rules and slot schedules (dated slots and
// closed dates moved by the same number of days, weekday slots as they were), and no bookings.
import type { Actor } from '../../shared/actor.js';
import { addDays, type LocalDate } from '../../shared/time.js';
import { editionById } from '../catalogue/editions.js';
import { applyPattern, joinEdition, storePattern } from '../schedules/apply.js';
import { shiftPattern, storedScheduleOf } from '../schedules/schedule.js';
import { asInt } from '../../db/rows.js';
import { insertEdition, isSlugConflict } from './create.js';
import { editionsErrors } from './editions.errors.js';
import type { CopyInput } from './editions.schemas.js';
import type { EditionsDeps } from './editions.deps.js';
import type { EditionAdminView } from './editions.views.js';
import { getEdition } from './list.js';

const DAY_MS = 86_400_000;

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export async function copyEdition(deps: EditionsDeps, actor: Actor, sourceId: number, input: CopyInput): Promise<EditionAdminView> {
  const source = await editionById(deps, sourceId);
  const shift = daysBetween(source.startDate, input.startDate);
  const now = deps.clock.now();
  try {
    const copy = await deps.ledger.transaction(async (p) => {
      const created = await insertEdition(
        p.tx,
        {
          slug: input.slug,
          nameZh: input.nameZh ?? source.nameZh,
          nameEn: input.nameEn ?? source.nameEn,
          cityZh: source.cityZh,
          cityEn: source.cityEn,
          startDate: input.startDate,
          endDate: addDays(source.endDate, shift),
          timezone: source.timezone,
          bookingOpensAt: input.bookingOpensAt ?? new Date(source.bookingOpensAt.getTime() + shift * DAY_MS).toISOString(),
          rules: source.rules,
          status: 'draft',
          copiedFromId: source.id,
        },
        now,
      );
      const venues = await p.tx.select<{ venue_id: unknown }>('SELECT venue_id FROM edition_venues WHERE edition_id = :id ORDER BY venue_id', {
        id: source.id,
      });
      for (const v of venues) await joinEdition(p, created.id, asInt(v.venue_id), now);
      const schedules = (await p.tx.select('SELECT * FROM venue_schedules WHERE edition_id = :id ORDER BY venue_id', { id: source.id })).map(storedScheduleOf);
      let sessions = 0;
      for (const s of schedules) {
        const pattern = shiftPattern(s.pattern, shift);
        sessions += (await applyPattern(p, created, s.venueId, pattern, now)).created;
        await storePattern(p, created.id, s.venueId, pattern, now);
      }
      await deps.audit.record(
        {
          actor,
          action: 'edition.copy',
          targetType: 'edition',
          targetId: created.id,
          details: { from: source.id, shiftDays: shift, venues: venues.length, sessions },
        },
        p.tx,
      );
      return created;
    });
    deps.logger.info('edition copied', { from: sourceId, editionId: copy.id, by: actor.id });
    return getEdition(deps, copy.id);
  } catch (err) {
    if (isSlugConflict(err)) throw editionsErrors.editionExists(input.slug);
    throw err;
  }
}
