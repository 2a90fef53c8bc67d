// Slot schedules: set a venue's pattern for an edition (its sessions follow), and read it back.
import type { SchedulesDeps } from './schedules.deps.js';
import type { Actor } from '../../shared/actor.js';
import type { CatalogueChange } from '../../shared/catalogue-changed.js';
import { getSchedule } from './get-schedule.js';
import type { SchedulePattern } from './schedule.js';
import { setSchedule } from './set-schedule.js';

export type { SchedulesDeps } from './schedules.deps.js';

export function createSchedulesService(deps: SchedulesDeps) {
  /** The use case's result, once the catalogue has heard of `change`. */
  const told = async <T>(result: Promise<T>, change: CatalogueChange): Promise<T> => {
    const r = await result;
    deps.catalogueChanged.emit(change);
    return r;
  };
  return {
    setSchedule: (actor: Actor, venueId: number, editionId: number, pattern: SchedulePattern) =>
      told(setSchedule(deps, actor, venueId, editionId, pattern), { editionId }),
    getSchedule: (actor: Actor, venueId: number, editionId: number) => getSchedule(deps, actor, venueId, editionId),
  };
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
