// Door check-in: one scan admits a booking exactly once, every attempt is recorded, every refusal has a code.
import { QueryTypes, UniqueConstraintError } from 'sequelize';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  GoneError,
  MalformedRequestError,
  NotFoundError,
  RuleViolationError,
  ValidationError,
} from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { maskName } from '../../shared/masking.js';
import { formatInstant, MINUTE } from '../../shared/time.js';
import type { Actor } from '../accounts/actor.js';
import { servesVenue } from '../accounts/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Booking } from '../bookings/booking.model.js';
import type { TokenSigner } from '../bookings/qr-token.js';
import type { Edition } from '../catalogue/edition.model.js';
import type { Session } from '../catalogue/session.model.js';
import type { CheckinInput } from './checkin.schemas.js';

export interface CheckinDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  signer: TokenSigner;
}

export interface Admitted {
  result: 'admitted';
  message: string;
  code: string;
  partySize: number;
  admitted: number;
  visitors: string[];
  venue: { id: number; name: string };
  session: { id: number; startsAt: string; endsAt: string };
  checkedInAt: string;
}

interface CheckinRow {
  admitted: number;
  checked_in_at: Date | string;
  gate: string | null;
  username: string | null;
  display_name: string | null;
}

export function checkinWindow(session: Pick<Session, 'startsAt' | 'endsAt'>, edition: Pick<Edition, 'rules'>) {
  return {
    opensAt: new Date(session.startsAt.getTime() - edition.rules.checkinOpensMinutesBefore * MINUTE),
    closesAt: new Date(session.endsAt.getTime() + edition.rules.checkinClosesMinutesAfterEnd * MINUTE),
  };
}

export function createCheckinService({ db, clock, logger, audit, signer }: CheckinDeps) {
  const { Booking, BookingVisitor, Session, Edition, Venue } = db.models;

  function invalidToken(reason: string): MalformedRequestError {
    return new MalformedRequestError('invalid_token', { zh: '无效的二维码', en: 'Invalid QR code' }, { reason });
  }

  async function findBooking(input: CheckinInput): Promise<Booking> {
    if (input.token !== undefined) {
      const verified = signer.verify(input.token);
      if (!verified.ok) throw invalidToken(verified.problem);
      const booking = await Booking.findOne({ where: { code: verified.claims.code } });
      if (!booking || booking.sessionId !== verified.claims.sessionId) throw invalidToken('unknown_booking');
      return booking;
    }
    const booking = await Booking.findOne({ where: { code: input.code! } });
    if (!booking) throw new NotFoundError({ zh: '未找到该预约码', en: 'No booking has this code' });
    return booking;
  }

  async function existingCheckin(bookingId: number): Promise<CheckinRow | undefined> {
    const [row] = await db.sequelize.query<CheckinRow>(
      `SELECT c.admitted, c.checked_in_at, c.gate, u.username, u.display_name
       FROM checkins c LEFT JOIN users u ON u.id = c.user_id WHERE c.booking_id = :bookingId`,
      { type: QueryTypes.SELECT, replacements: { bookingId } },
    );
    return row;
  }

  function alreadyCheckedIn(row: CheckinRow, tz: string): ConflictError {
    return new ConflictError(
      'already_checked_in',
      { zh: '该预约已核验入场', en: 'Already checked in' },
      {
        checkedInAt: formatInstant(new Date(row.checked_in_at), tz),
        by: row.display_name ?? row.username,
        gate: row.gate,
        admitted: Number(row.admitted),
      },
    );
  }

  async function admit(booking: Booking, session: Session, edition: Edition, input: CheckinInput, actor: Actor): Promise<Admitted> {
    const tz = edition.timezone;
    if (booking.status !== 'confirmed') throw new GoneError('booking_cancelled', { zh: '该预约已取消', en: 'This booking was cancelled' });
    const previous = await existingCheckin(booking.id);
    if (previous) throw alreadyCheckedIn(previous, tz);
    const now = clock.now();
    const window = checkinWindow(session, edition);
    if (now < window.opensAt || now > window.closesAt) {
      throw new RuleViolationError(
        'not_checkin_time',
        now < window.opensAt
          ? { zh: '尚未到入场时间', en: 'Check-in has not opened yet' }
          : { zh: '该场次入场已结束', en: 'Check-in for this session has closed' },
        {
          startsAt: formatInstant(session.startsAt, tz),
          endsAt: formatInstant(session.endsAt, tz),
          opensAt: formatInstant(window.opensAt, tz),
          closesAt: formatInstant(window.closesAt, tz),
        },
      );
    }
    const admitted = input.admitted ?? booking.partySize;
    if (admitted > booking.partySize) {
      throw new ValidationError([{ field: 'admitted', message: `admitted must be at most the party size (${booking.partySize})`, type: 'number.max' }]);
    }

    try {
      await db.transaction(async (t) => {
        // The booking row is locked so a cancellation cannot slip between the check and the insert.
        const locked = await Booking.findByPk(booking.id, { transaction: t, lock: t.LOCK.UPDATE });
        if (!locked || locked.status !== 'confirmed') throw new GoneError('booking_cancelled', { zh: '该预约已取消', en: 'This booking was cancelled' });
        await db.sequelize.query(
          `INSERT INTO checkins (booking_id, session_id, venue_id, admitted, user_id, gate, checked_in_at)
           VALUES (:bookingId, :sessionId, :venueId, :admitted, :userId, :gate, :now)`,
          {
            replacements: { bookingId: booking.id, sessionId: session.id, venueId: booking.venueId, admitted, userId: actor.id, gate: input.gate ?? null, now },
            transaction: t,
          },
        );
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        const row = await existingCheckin(booking.id);
        if (row) throw alreadyCheckedIn(row, tz);
      }
      throw err;
    }

    const [venue, visitors] = await Promise.all([
      Venue.findByPk(booking.venueId),
      BookingVisitor.findAll({ where: { bookingId: booking.id }, order: [['position', 'ASC']], attributes: ['name'] }),
    ]);
    return {
      result: 'admitted',
      message: `准予入场，共 ${admitted} 人 / Admitted: ${admitted}`,
      code: booking.code,
      partySize: booking.partySize,
      admitted,
      visitors: visitors.map((v) => maskName(v.name)),
      venue: { id: booking.venueId, name: venue?.nameZh ?? '' },
      session: { id: session.id, startsAt: formatInstant(session.startsAt, tz), endsAt: formatInstant(session.endsAt, tz) },
      checkedInAt: formatInstant(now, tz),
    };
  }

  /** Scans a QR token or a typed code. Every attempt, admitted or refused, goes to the audit log. */
  async function scan(input: CheckinInput, actor: Actor): Promise<Admitted> {
    const method = input.token !== undefined ? 'token' : 'code';
    let booking: Booking | undefined;
    try {
      booking = await findBooking(input);
      if (!servesVenue(actor, booking.venueId)) {
        // Say nothing about a booking at a venue this account does not serve.
        throw new ForbiddenError('wrong_venue', { zh: '该预约不属于本场馆', en: 'This booking is for another venue' });
      }
      const session = (await Session.findByPk(booking.sessionId))!;
      const edition = (await Edition.findByPk(session.editionId))!;
      const result = await admit(booking, session, edition, input, actor);
      await record(actor, booking, method, input, 'admitted', result.admitted);
      logger.info('checked in', { code: booking.code, sessionId: session.id, admitted: result.admitted, userId: actor.id });
      return result;
    } catch (err) {
      const result = err instanceof AppError ? err.code : 'internal';
      await record(actor, booking, method, input, result).catch((e: unknown) => logger.error('could not record a scan', { err: e }));
      throw err;
    }
  }

  async function record(actor: Actor, booking: Booking | undefined, method: string, input: CheckinInput, result: string, admitted?: number): Promise<void> {
    await audit.record({
      actor,
      action: 'checkin.scan',
      targetType: booking ? 'booking' : undefined,
      targetId: booking?.id,
      venueId: booking?.venueId ?? null,
      details: { result, method, gate: input.gate ?? null, ...(admitted !== undefined ? { admitted } : {}) },
    });
  }

  return { scan };
}

export type CheckinService = ReturnType<typeof createCheckinService>;
