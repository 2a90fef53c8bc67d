// Refusals of draws and draw applications.
import { ConflictError, defineError, NotFoundError, RuleViolationError } from '../../shared/errors.js';

export const drawErrors = {
  noDraw: defineError(NotFoundError, 'not_found', { zh: '该场次没有摇号', en: 'This session has no draw' }),
  noApplication: defineError(NotFoundError, 'not_found', { zh: '未找到该摇号申请', en: 'No such draw application' }),
  notOpen: defineError(RuleViolationError, 'draw_not_open', (opensAt: string) => ({
    zh: '摇号报名尚未开始',
    en: 'Applications for this draw have not opened yet',
    details: { opensAt },
  })),
  closed: defineError(RuleViolationError, 'draw_closed', (closesAt: string) => ({
    zh: '摇号报名已截止',
    en: 'Applications for this draw have closed',
    details: { closesAt },
  })),
  alreadyApplied: defineError(ConflictError, 'already_applied', (id: number) => ({
    zh: '该手机号已报名本场摇号',
    en: 'This phone has already applied to this draw',
    details: { id },
  })),
  personApplied: defineError(ConflictError, 'duplicate_visitor', {
    zh: '同一访客已在本场摇号的另一份申请中',
    en: 'A visitor is already in another application to this draw',
  }),
  exists: defineError(ConflictError, 'draw_exists', { zh: '该场次已设为摇号', en: 'This session already has a draw' }),
  sessionTaken: defineError(ConflictError, 'session_has_bookings', (booked: number) => ({
    zh: '该场次已有预约，不能改为摇号',
    en: 'This session already has bookings: it cannot become a draw',
    details: { booked },
  })),
  badWindow: defineError(RuleViolationError, 'draw_window_invalid', (reason: string, latestClose: string) => ({
    zh: '摇号报名时间无效：须在现在之后、预约截止之前，且开始早于截止',
    en: 'Invalid application window: it must end after now, before booking closes, and open before it closes',
    details: { reason, latestClose },
  })),
};
