// Door refusals, each with a code the scanner shows (pretix's check-in error reasons, in the same spirit).
import {
  ConflictError,
  defineError,
  ForbiddenError,
  GoneError,
  MalformedRequestError,
  NotFoundError,
  PayloadTooLargeError,
  RuleViolationError,
} from '../../shared/errors.js';

export const checkinErrors = {
  invalidToken: defineError(MalformedRequestError, 'invalid_token', (reason: string) => ({ zh: '无效的二维码', en: 'Invalid QR code', details: { reason } })),
  noCode: defineError(NotFoundError, 'not_found', { zh: '未找到该预约码', en: 'No booking has this code' }),
  wrongVenue: defineError(ForbiddenError, 'wrong_venue', { zh: '该预约不属于本场馆', en: 'This booking is for another venue' }),
  bookingCancelled: defineError(GoneError, 'booking_cancelled', { zh: '该预约已取消', en: 'This booking was cancelled' }),
  alreadyCheckedIn: defineError(ConflictError, 'already_checked_in', (details: Record<string, unknown>) => ({
    zh: '该预约已核验入场',
    en: 'Already checked in',
    details,
  })),
  notYet: defineError(RuleViolationError, 'not_checkin_time', (times: Record<string, string>) => ({
    zh: '尚未到入场时间',
    en: 'Check-in has not opened yet',
    details: times,
  })),
  over: defineError(RuleViolationError, 'not_checkin_time', (times: Record<string, string>) => ({
    zh: '该场次入场已结束',
    en: 'Check-in for this session has closed',
    details: times,
  })),
  noAdmission: defineError(NotFoundError, 'admission_not_found', { zh: '没有这条入场记录，或已撤销', en: 'No such admission, or it was undone already' }),
  undoNotAllowed: defineError(ForbiddenError, 'undo_not_allowed', (reason: 'not_yours' | 'too_late' | 'not_today') => ({
    zh: '只能撤销自己 10 分钟内的入场；场馆管理员可撤销当天的入场',
    en: 'Staff may undo their own admissions within 10 minutes; the venue manager, any of the same day',
    details: { reason },
  })),
  noVenue: defineError(RuleViolationError, 'venue_required', { zh: '请指定场馆', en: 'Say which venue' }),
  batchTooLarge: defineError(PayloadTooLargeError, 'batch_too_large', (max: number) => ({
    zh: `一次最多同步 ${max} 条`,
    en: `At most ${max} entries per sync`,
    details: { max },
  })),
};
