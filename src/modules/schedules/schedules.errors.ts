// Refusals of slot schedules.
import { ConflictError, defineError, RuleViolationError } from '../../shared/errors.js';

export interface ScheduleConflict {
  sessionId: number;
  date: string;
  startTime: string;
  booked: number;
  /** removed: the new schedule drops a session that holds places; shrunk: its capacity would fall below them. */
  reason: 'removed' | 'shrunk';
  capacity?: number;
}

export const schedulesErrors = {
  scheduleConflict: defineError(ConflictError, 'schedule_conflict', (conflicts: ScheduleConflict[]) => ({
    zh: `新的时段安排会删除或缩减已有预约的场次（${conflicts.length} 个），未作任何更改`,
    en: `The new schedule would remove or shrink ${conflicts.length} session(s) that hold bookings: nothing was changed`,
    details: { conflicts },
  })),
  scheduleOverlap: defineError(RuleViolationError, 'schedule_overlap', (day: string, pairs: [string, string][]) => ({
    zh: `${day} 的时段相互重叠`,
    en: `Slots overlap on ${day}`,
    details: { day, overlaps: pairs },
  })),
  editionArchived: defineError(ConflictError, 'edition_archived', {
    zh: '该届活动已归档，不能再修改',
    en: 'This edition is archived and can no longer be changed',
  }),
};
