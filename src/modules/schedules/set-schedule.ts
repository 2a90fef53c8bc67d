// A venue's manager (or an organiser) sets the venue's slot schedule for an edition; its sessions follow, whole or not at all.
import { requireVenue, type Actor } from '../../shared/actor.js';
import { ValidationError } from '../../shared/errors.js';
import type { Edition } from '../catalogue/edition.js';
import { editionById } from '../catalogue/editions.js';
import { manageErrors } from '../manage/manage.errors.js';
import { venueById } from '../manage/managed-session.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';
import { isSessionStartConflict } from '../manage/sessions/create.js';
import { applyPattern, storePattern, type ApplyResult } from './apply.js';
import { overlaps, type SchedulePattern } from './schedule.js';
import { schedulesErrors } from './schedules.errors.js';
import type { SchedulesDeps } from './schedules.deps.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Times in order, dates inside the edition, no overlapping slots on one day. */
export function checkPattern(pattern: SchedulePattern, edition: Edition): void {
  const badTimes = [...pattern.weekly, ...pattern.dates].findIndex((s) => s.start >= s.end);
  if (badTimes >= 0) throw new ValidationError([{ field: 'end', message: 'end must be later than start', type: 'time.order' }]);
  for (const d of [...pattern.dates.map((s) => s.date), ...pattern.closedDates]) {
    if (d < edition.startDate || d > edition.endDate) throw manageErrors.dateOutsideEdition(edition.startDate, edition.endDate);
  }
  for (let weekday = 1; weekday <= 7; weekday++) {
    const found = overlaps(pattern.weekly.filter((s) => s.weekday === weekday));
    if (found.length > 0) throw schedulesErrors.scheduleOverlap(WEEKDAYS[weekday]!, found);
  }
  for (const date of new Set(pattern.dates.map((s) => s.date))) {
    const found = overlaps(pattern.dates.filter((s) => s.date === date));
    if (found.length > 0) throw schedulesErrors.scheduleOverlap(date, found);
  }
}

export async function setSchedule(deps: SchedulesDeps, actor: Actor, venueId: number, editionId: number, pattern: SchedulePattern): Promise<ApplyResult> {
  requireVenue(actor, venueId);
  if (!(await venueById(deps.db, venueId))) throw catalogueErrors.noVenue(venueId);
  const edition = await editionById(deps, editionId);
  if (edition.status === 'archived') throw schedulesErrors.editionArchived();
  checkPattern(pattern, edition);
  const now = deps.clock.now();
  try {
    const result = await deps.ledger.transaction(async (p) => {
      const applied = await applyPattern(p, edition, venueId, pattern, now);
      await storePattern(p, editionId, venueId, pattern, now);
      await deps.audit.record(
        { actor, action: 'schedule.set', targetType: 'venue', targetId: venueId, venueId, after: pattern, details: { editionId, ...applied } },
        p.tx,
      );
      return applied;
    });
    deps.logger.info('schedule set', { venueId, editionId, by: actor.id, ...result });
    return result;
  } catch (err) {
    if (isSessionStartConflict(err)) throw manageErrors.sessionExists();
    throw err;
  }
}
