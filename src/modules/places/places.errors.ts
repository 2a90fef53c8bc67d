// Refusals about places: a session without room, a phone or a person over a limit, a capacity below what is taken.
import { ConflictError, defineError, NotFoundError, RuleViolationError } from '../../shared/errors.js';
import type { SessionStatus } from '../catalogue/session.js';

export const placesErrors = {
  sessionFull: defineError(ConflictError, 'session_full', (remaining: number, requested: number) => ({
    zh: remaining === 0 ? '该场次已约满' : `该场次仅剩 ${remaining} 个名额`,
    en: remaining === 0 ? 'This session is full' : `Only ${remaining} places are left in this session`,
    details: { remaining, requested },
  })),
  sessionNotBookable: defineError(ConflictError, 'session_not_bookable', (status: SessionStatus) => ({
    zh: '该场次已关闭或取消，不能预约',
    en: 'This session is closed or cancelled',
    details: { status },
  })),
  phoneLimitReached: defineError(ConflictError, 'phone_limit_reached', (limit: number) => ({
    zh: `每个手机号本届最多保留 ${limit} 个预约`,
    en: `One phone number may hold at most ${limit} bookings in this edition`,
    details: { limit },
  })),
  tooManyNoShows: defineError(ConflictError, 'too_many_no_shows', (limit: number) => ({
    zh: `该手机号本届已有 ${limit} 次预约未到场，不能再预约`,
    en: `This phone missed ${limit} booked visits in this edition and cannot book again`,
    details: { limit },
  })),
  duplicateVisitor: defineError(ConflictError, 'duplicate_visitor', (idNumbers: string[]) => ({
    zh: '同一访客已预约了同一时段的场次',
    en: 'A visitor already holds a place in this or an overlapping session',
    details: { idNumbers },
  })),
  /** A hold (a waiting-list offer) that is no longer there to redeem: expired, released or redeemed before. */
  holdExpired: defineError(RuleViolationError, 'offer_expired', { zh: '名额保留已过期', en: 'The offer has expired' }),
  noVisitor: defineError(NotFoundError, 'no_visitor', (position: number) => ({
    zh: '该预约中没有这位参观人',
    en: 'No such visitor in this booking',
    details: { position },
  })),
  lastVisitor: defineError(RuleViolationError, 'last_visitor', {
    zh: '预约至少保留一位参观人；如都不能前往，请取消整个预约',
    en: 'A booking keeps at least one visitor: cancel the booking instead',
  }),
  visitorAdmitted: defineError(ConflictError, 'visitor_admitted', {
    zh: '已核验入场的预约不能再减少参观人',
    en: 'Visitors cannot be removed once the party has been checked in',
  }),
  bookingNotConfirmed: defineError(ConflictError, 'booking_cancelled', (status: string) => ({
    zh: '该预约已取消',
    en: 'This booking is cancelled',
    details: { status },
  })),
  capacityBelowBooked: defineError(ConflictError, 'capacity_below_booked', (booked: number) => ({
    zh: `容量不能少于已预约的 ${booked} 个名额`,
    en: `Capacity cannot go below the ${booked} places already booked`,
    details: { booked },
  })),
};
