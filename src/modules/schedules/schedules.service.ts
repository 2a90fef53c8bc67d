// Slot schedules: set a venue's pattern for an edition (its sessions follow), and read it back.
import type { Database } from '../../db/database.js';
import type { Actor } from '../../shared/actor.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Ledger } from '../places/ledger.js';
import { getSchedule } from './get-schedule.js';
import type { SchedulePattern } from './schedule.js';
import { setSchedule } from './set-schedule.js';

export interface SchedulesDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  ledger: Ledger;
}

export function createSchedulesService(deps: SchedulesDeps) {
  return {
    setSchedule: (actor: Actor, venueId: number, editionId: number, pattern: SchedulePattern) => setSchedule(deps, actor, venueId, editionId, pattern),
    getSchedule: (actor: Actor, venueId: number, editionId: number) => getSchedule(deps, actor, venueId, editionId),
  };
}

export type SchedulesService = ReturnType<typeof createSchedulesService>;
