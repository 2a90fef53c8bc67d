// Door check-in: one scan (a QR token, or a typed code) admits the selected visitors of a party, each exactly once;
// the rest of the party may come in later with the same code until check-in closes. Every attempt is recorded in the
// audit log, and every refusal has a code.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Actor } from '../../shared/actor.js';
import { AppError, ValidationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { formatInstant } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Booking } from '../bookings/booking.js';
import type { TokenSigner } from '../bookings/qr-token.js';
import type { Ledger } from '../places/ledger.js';
import { checkinErrors } from './checkin.errors.js';
import type { CheckinInput } from './checkin.schemas.js';
import { doorBooking, findBooking, requireCheckinTime, type DoorBooking } from './door-booking.js';
import { partyOf, type DoorParty } from './party.js';

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
  /** Visitors admitted by this scan. */
  admitted: number;
  /** Visitors of the party in now, and still expected. */
  admittedTotal: number;
  expected: number;
  /** Masked names of the whole party (as before per-visitor admission). */
  visitors: string[];
  /** Each visitor with their state. */
  party: DoorParty['visitors'];
  admittedNow: number[];
  venue: DoorParty['venue'];
  session: Omit<DoorParty['session'], 'date'>;
  checkedInAt: string;
}

/** 409 already_checked_in: who let the party in, and when, and where; with the party's state. */
function alreadyIn(party: DoorParty): AppError {
  const last = party.visitors
    .map((v) => v.admission)
    .filter((a) => a !== null)
    .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
  return checkinErrors.alreadyCheckedIn({
    checkedInAt: last?.at ?? null,
    by: last?.by ?? null,
    gate: last?.gate ?? null,
    admitted: party.admitted,
    expected: party.expected,
    code: party.code,
    party: party.visitors,
  });
}

function countOf(input: CheckinInput, partySize: number): number | undefined {
  const count = input.count ?? input.admitted;
  if (count !== undefined && count > partySize) {
    const field = input.count !== undefined ? 'count' : 'admitted';
    throw new ValidationError([{ field, message: `${field} must be at most the party size (${partySize})`, type: 'number.max' }]);
  }
  return count;
}

async function admit(deps: ScanDeps, { booking, session, edition }: DoorBooking, input: CheckinInput, actor: Actor): Promise<Admitted> {
  const tz = edition.timezone;
  if (booking.status !== 'confirmed') throw checkinErrors.bookingCancelled();
  const now = deps.clock.now();
  const before = await partyOf(deps.db, booking, session, tz);
  if (before.expected === 0 && !input.visitorIds) throw alreadyIn(before);
  requireCheckinTime({ session, edition }, now);
  const count = countOf(input, booking.partySize);
  const outcome = await deps.ledger.transaction((p) =>
    p.admit({ booking, visitorIds: input.visitorIds, count, userId: actor.id, gate: input.gate ?? null, now }),
  );
  if (outcome.status === 'cancelled') throw checkinErrors.bookingCancelled();
  if (outcome.status === 'unknown_visitors') {
    throw new ValidationError([{ field: 'visitorIds', message: `not of this party: ${outcome.visitorIds.join(', ')}`, type: 'any.invalid' }]);
  }
  const party = await partyOf(deps.db, booking, session, tz);
  if (outcome.admitted.length === 0) throw alreadyIn(party);
  const n = outcome.admitted.length;
  return {
    result: 'admitted',
    message:
      party.expected > 0
        ? `准予入场 ${n} 人（已入场 ${party.admitted}/${party.partySize}，待入场 ${party.expected} 人） / Admitted: ${n} (${party.admitted} of ${party.partySize} in, ${party.expected} expected)`
        : `准予入场，共 ${n} 人 / Admitted: ${n}`,
    code: booking.code,
    partySize: booking.partySize,
    admitted: n,
    admittedTotal: party.admitted,
    expected: party.expected,
    visitors: party.visitors.map((v) => v.name ?? ''),
    party: party.visitors,
    admittedNow: outcome.admitted,
    venue: party.venue,
    session: { id: session.id, startsAt: party.session.startsAt, endsAt: party.session.endsAt },
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
    const result = await admit(deps, await doorBooking(deps, booking, actor), input, actor);
    await record('admitted', result.admitted);
    deps.logger.info('checked in', { code: booking.code, sessionId: booking.sessionId, admitted: result.admitted, userId: actor.id });
    return result;
  } catch (err) {
    await record(err instanceof AppError ? err.code : 'internal').catch((e: unknown) => deps.logger.error('could not record a scan', { err: e }));
    throw err;
  }
}
