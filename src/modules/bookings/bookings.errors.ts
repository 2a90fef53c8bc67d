// Refusals of the booking routes (places themselves: src/modules/places/places.errors.ts).
import { ConflictError, defineError, NotFoundError, RuleViolationError } from '../../shared/errors.js';

export const bookingErrors = {
  noBooking: defineError(NotFoundError, 'not_found', { zh: '未找到该预约', en: 'No such booking' }),
  cancelledNoCode: defineError(NotFoundError, 'not_found', { zh: '该预约已取消', en: 'This booking is cancelled' }),
  notOpenYet: defineError(RuleViolationError, 'booking_closed', (opensAt: string, closesAt: string) => ({
    zh: '预约尚未开始',
    en: 'Booking for this session has not opened yet',
    details: { opensAt, closesAt },
  })),
  closed: defineError(RuleViolationError, 'booking_closed', (opensAt: string, closesAt: string) => ({
    zh: '该场次预约已截止',
    en: 'Booking for this session has closed',
    details: { opensAt, closesAt },
  })),
  partyTooLarge: defineError(RuleViolationError, 'party_too_large', (maxPartySize: number, partySize: number) => ({
    zh: `每个预约最多 ${maxPartySize} 人`,
    en: `A booking may hold at most ${maxPartySize} visitors`,
    details: { maxPartySize, partySize },
  })),
  underMinAge: defineError(RuleViolationError, 'under_min_age', (minAge: number, visitors: number[]) => ({
    zh: `该场馆仅接待 ${minAge} 周岁及以上的访客`,
    en: `This venue admits visitors aged ${minAge} and over`,
    details: { minAge, visitors },
  })),
  cancellationClosed: defineError(RuleViolationError, 'cancellation_closed', {
    zh: '场次已开始，不能再取消',
    en: 'The session has started: the booking can no longer be cancelled',
  }),
  alreadyCheckedIn: defineError(ConflictError, 'already_checked_in', {
    zh: '已核验入场的预约不能取消',
    en: 'A booking that has been checked in cannot be cancelled',
  }),
  requestInProgress: defineError(ConflictError, 'request_in_progress', {
    zh: '相同的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed: retry in a moment',
  }),
  idempotencyKeyReused: defineError(RuleViolationError, 'idempotency_key_reused', {
    zh: '该 Idempotency-Key 已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  }),
};
