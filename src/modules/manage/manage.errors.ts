// Refusals of the staff's session and venue management.
import { ConflictError, defineError, RuleViolationError } from '../../shared/errors.js';

export const manageErrors = {
  sessionCancelled: defineError(ConflictError, 'session_cancelled', {
    zh: '该场次已取消，不能再修改',
    en: 'This session is cancelled and can no longer be changed',
  }),
  sessionExists: defineError(ConflictError, 'session_exists', (sessionId?: number) => ({
    zh: '该场馆在这个时间已有场次',
    en: 'This venue already has a session starting at this time',
    details: sessionId === undefined ? {} : { sessionId },
  })),
  dateOutsideEdition: defineError(RuleViolationError, 'date_outside_edition', (startDate: string, endDate: string) => ({
    zh: `场次日期须在本届活动周（${startDate} 至 ${endDate}）之内`,
    en: `The date must fall within the edition (${startDate} to ${endDate})`,
    details: { startDate, endDate },
  })),
  sessionHasCheckins: defineError(ConflictError, 'session_has_checkins', (checkedInBookings: number) => ({
    zh: '该场次已有访客入场，不能取消',
    en: 'Visitors of this session have already been admitted: it cannot be cancelled',
    details: { checkedInBookings },
  })),
};
