// Door check-in: one scan (a QR token, or a typed code) admits a booking exactly once; every attempt is recorded in the
// audit log, and every refusal has a code.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { servesVenue, type Actor } from '../../shared/actor.js';
import { AppError, ValidationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { maskName } from '../../shared/masking.js';
import { formatInstant } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import { bookingByCode } from '../bookings/access.js';
import type { Booking } from '../bookings/booking.js';
import type { TokenSigner } from '../bookings/qr-token.js';
import { editionById } from '../catalogue/editions.js';
import type { Edition } from '../catalogue/edition.js';
import type { Session } from '../catalogue/session.js';
import { sessionById } from '../catalogue/sessions.js';
import type { Ledger } from '../places/ledger.js';
import { checkinErrors } from './checkin.errors.js';
import type { CheckinInput } from './checkin.schemas.js';
import { checkinWindow } from './checkin-window.js';

export interface ScanDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  audit: AuditService;
  signer: TokenSigner;
  ledger: Ledger;
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

async function findBooking({ db, signer }: ScanDeps, input: CheckinInput): Promise<Booking> {
  if (input.token !== undefined) {
    const verified = signer.verify(input.token);
    if (!verified.ok) throw checkinErrors.invalidToken(verified.problem);
    const booking = await bookingByCode(db, verified.claims.code);
    if (!booking || booking.sessionId !== verified.claims.sessionId) throw checkinErrors.invalidToken('unknown_booking');
    return booking;
  }
  const booking = await bookingByCode(db, input.code!);
  if (!booking) throw checkinErrors.noCode();
  return booking;
}

async function alreadyCheckedIn(db: Database, bookingId: number, tz: string): Promise<AppError | undefined> {
  const row = await db.sql.first<{ admitted: unknown; checked_in_at: unknown; gate: string | null; username: string | null; display_name: string | null }>(
    `SELECT c.admitted, c.checked_in_at, c.gate, u.username, u.display_name
     FROM checkins c LEFT JOIN users u ON u.id = c.user_id WHERE c.booking_id = :bookingId`,
    { bookingId },
  );
  if (!row) return undefined;
  return checkinErrors.alreadyCheckedIn({
    checkedInAt: formatInstant(new Date(row.checked_in_at as string), tz),
    by: row.display_name ?? row.username,
    gate: row.gate,
    admitted: Number(row.admitted),
  });
}

async function admit(deps: ScanDeps, booking: Booking, session: Session, edition: Edition, input: CheckinInput, actor: Actor): Promise<Admitted> {
  const tz = edition.timezone;
  if (booking.status !== 'confirmed') throw checkinErrors.bookingCancelled();
  const previous = await alreadyCheckedIn(deps.db, booking.id, tz);
  if (previous) throw previous;
  const now = deps.clock.now();
  const window = checkinWindow(session, edition);
  if (now < window.opensAt || now > window.closesAt) {
    const times = {
      startsAt: formatInstant(session.startsAt, tz),
      endsAt: formatInstant(session.endsAt, tz),
      opensAt: formatInstant(window.opensAt, tz),
      closesAt: formatInstant(window.closesAt, tz),
    };
    throw now < window.opensAt ? checkinErrors.notYet(times) : checkinErrors.over(times);
  }
  const admitted = input.admitted ?? booking.partySize;
  if (admitted > booking.partySize) {
    throw new ValidationError([{ field: 'admitted', message: `admitted must be at most the party size (${booking.partySize})`, type: 'number.max' }]);
  }
  const outcome = await deps.ledger.transaction((p) => p.admit({ booking, admitted, userId: actor.id, gate: input.gate ?? null, now }));
  if (outcome === 'cancelled') throw checkinErrors.bookingCancelled();
  if (outcome === 'already_admitted') throw (await alreadyCheckedIn(deps.db, booking.id, tz))!;

  const [venue, visitors] = await Promise.all([
    deps.db.sql.first<{ name_zh: string }>('SELECT name_zh FROM venues WHERE id = :id', { id: booking.venueId }),
    deps.db.sql.select<{ name: string }>('SELECT name FROM booking_visitors WHERE booking_id = :id AND removed_at IS NULL ORDER BY position', {
      id: booking.id,
    }),
  ]);
  return {
    result: 'admitted',
    message: `准予入场，共 ${admitted} 人 / Admitted: ${admitted}`,
    code: booking.code,
    partySize: booking.partySize,
    admitted,
    visitors: visitors.map((v) => maskName(v.name)),
    venue: { id: booking.venueId, name: venue?.name_zh ?? '' },
    session: { id: session.id, startsAt: formatInstant(session.startsAt, tz), endsAt: formatInstant(session.endsAt, tz) },
    checkedInAt: formatInstant(now, tz),
  };
}

export async function scan(deps: ScanDeps, input: CheckinInput, actor: Actor): Promise<Admitted> {
  const method = input.token !== undefined ? 'token' : 'code';
  let booking: Booking | undefined;
  const record = (result: string, admitted?: number) =>
    deps.audit.record({
      actor,
      action: 'checkin.scan',
      targetType: booking ? 'booking' : undefined,
      targetId: booking?.id,
      venueId: booking?.venueId ?? null,
      details: { result, method, gate: input.gate ?? null, ...(admitted !== undefined ? { admitted } : {}) },
    });
  try {
    booking = await findBooking(deps, input);
    // Say nothing about a booking at a venue this account does not serve.
    if (!servesVenue(actor, booking.venueId)) throw checkinErrors.wrongVenue();
    const session = await sessionById(deps, booking.sessionId);
    const result = await admit(deps, booking, session, await editionById(deps, session.editionId), input, actor);
    await record('admitted', result.admitted);
    deps.logger.info('checked in', { code: booking.code, sessionId: session.id, admitted: result.admitted, userId: actor.id });
    return result;
  } catch (err) {
    await record(err instanceof AppError ? err.code : 'internal').catch((e: unknown) => deps.logger.error('could not record a scan', { err: e }));
    throw err;
  }
}
