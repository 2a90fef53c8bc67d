// An offline scanner's queue, sent when the network is back: each entry (device id + its sequence number) is applied
// once however often it is sent, and answered on its own: accepted, duplicate (sent before: the first answer again),
// conflict (a visitor another scan let in earlier: that one stands, this one is kept for the venue's manager), or
// invalid (malformed, forged token, unknown code, another venue, outside check-in). Valid entries apply even when
// others in the batch are invalid.
import Joi from 'joi';
import { duplicateKeys } from '../../db/sql.js';
import type { Actor } from '../../shared/actor.js';
import { AppError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Ledger } from '../places/ledger.js';
import { checkinErrors } from './checkin.errors.js';
import { gate, type SyncInput } from './checkin.schemas.js';
import { bookingCode } from '../bookings/bookings.schemas.js';
import { doorBooking, findBooking, requireCheckinTime, type DoorDeps } from './door-booking.js';

export const MAX_SYNC_ENTRIES = 200;
/** How far ahead of the server a device's clock may run before its scan times are refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

interface Entry {
  seq: number;
  token?: string;
  code?: string;
  visitorIds?: number[];
  count?: number;
  scannedAt: Date;
  gate?: string;
}

export const entrySchema = Joi.object<Entry>({
  seq: Joi.number().integer().min(1).max(2_147_483_647).required(),
  token: Joi.string().trim().max(300),
  code: bookingCode(),
  visitorIds: Joi.array().items(Joi.number().integer().min(1)).min(1).max(100).unique(),
  count: Joi.number().integer().min(1).max(100),
  scannedAt: Joi.date().iso().required(),
  gate: gate(),
})
  .xor('token', 'code')
  .oxor('visitorIds', 'count');

export type EntryResult =
  | { seq: number | null; result: 'accepted'; admitted: number; conflicts: ConflictNote[] }
  | { seq: number | null; result: 'conflict'; admitted: number; conflicts: ConflictNote[] }
  | { seq: number | null; result: 'invalid'; error: { code: string; message: string } }
  | { seq: number | null; result: 'duplicate'; first: EntryResult };

interface ConflictNote {
  visitorId: number | null;
  /** true: this scan was the earlier and stands; the other scan is the conflict. */
  stands: boolean;
}

export interface SyncDeps extends DoorDeps {
  audit: AuditService;
  ledger: Ledger;
  logger: Logger;
}

export async function sync(deps: SyncDeps, input: SyncInput, actor: Actor): Promise<{ deviceId: string; results: EntryResult[] }> {
  if (input.entries.length > MAX_SYNC_ENTRIES) throw checkinErrors.batchTooLarge(MAX_SYNC_ENTRIES);
  const results: EntryResult[] = [];
  for (const raw of input.entries) results.push(await syncOne(deps, input.deviceId, raw, actor));
  const tally = Object.fromEntries(['accepted', 'duplicate', 'conflict', 'invalid'].map((k) => [k, results.filter((r) => r.result === k).length]));
  await deps.audit.record({ actor, action: 'checkin.sync', details: { deviceId: input.deviceId, ...tally } });
  return { deviceId: input.deviceId, results };
}

const invalid = (seq: number | null, code: string, message: string): EntryResult => ({ seq, result: 'invalid', error: { code, message } });

async function previous(deps: SyncDeps, deviceId: string, seq: number): Promise<EntryResult | undefined> {
  const row = await deps.db.sql.first<{ answer: string }>('SELECT answer FROM door_sync_entries WHERE device_id = :deviceId AND seq = :seq', { deviceId, seq });
  return row ? { seq, result: 'duplicate', first: JSON.parse(row.answer) as EntryResult } : undefined;
}

async function syncOne(deps: SyncDeps, deviceId: string, raw: unknown, actor: Actor): Promise<EntryResult> {
  const seqOf = (raw as { seq?: unknown } | null)?.seq;
  const { value: e, error } = entrySchema.validate(raw, { abortEarly: true, convert: true });
  if (error) return invalid(typeof seqOf === 'number' && Number.isInteger(seqOf) ? seqOf : null, 'validation_failed', error.message);
  const seen = await previous(deps, deviceId, e.seq);
  if (seen) return seen;
  const now = deps.clock.now();
  let answer: EntryResult;
  let found: Awaited<ReturnType<typeof doorBooking>> | undefined;
  try {
    if (e.scannedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) return invalid(e.seq, 'scanned_in_future', 'scannedAt is ahead of the server');
    found = await doorBooking(deps, await findBooking(deps, e), actor);
    if (found.booking.status !== 'confirmed') throw checkinErrors.bookingCancelled();
    requireCheckinTime(found, e.scannedAt);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    answer = invalid(e.seq, err.code, err.message);
    return (await record(deps, deviceId, e, actor, found?.booking, answer)) ?? answer;
  }
  const booking = found.booking;
  try {
    return await deps.ledger.transaction(async (p) => {
      // The entry's row first: a second sync of the same entry, racing this one, stops here.
      await insertEntry(p.tx, deviceId, e, actor, booking, { seq: e.seq, result: 'invalid', error: { code: 'pending', message: '' } }, now);
      const outcome = await p.mergeSynced({
        booking,
        visitorIds: e.visitorIds,
        count: e.count,
        userId: actor.id,
        gate: e.gate ?? null,
        now,
        scannedAt: e.scannedAt,
        device: { id: deviceId, seq: e.seq },
      });
      let result: EntryResult;
      if (outcome.status === 'cancelled') result = invalid(e.seq, 'booking_cancelled', checkinErrors.bookingCancelled().message);
      else if (outcome.status === 'unknown_visitors')
        result = invalid(e.seq, 'validation_failed', `visitorIds not of this party: ${outcome.visitorIds.join(', ')}`);
      else {
        const conflicts = outcome.conflicts.map((c) => ({ visitorId: c.visitorId, stands: c.tookOver }));
        result = { seq: e.seq, result: conflicts.some((c) => !c.stands) ? 'conflict' : 'accepted', admitted: outcome.admitted.length, conflicts };
      }
      await p.tx.run('UPDATE door_sync_entries SET result = :result, answer = :answer WHERE device_id = :deviceId AND seq = :seq', {
        result: result.result,
        answer: JSON.stringify(result),
        deviceId,
        seq: e.seq,
      });
      return result;
    });
  } catch (err) {
    if (!duplicateKeys(err)) throw err;
    return (await previous(deps, deviceId, e.seq))!;
  }
}

type Tx = Parameters<Parameters<Ledger['transaction']>[0]>[0]['tx'];

async function insertEntry(
  tx: Tx,
  deviceId: string,
  e: Entry,
  actor: Actor,
  booking: { id: number; venueId: number } | undefined,
  answer: EntryResult,
  now: Date,
) {
  await tx.run(
    `INSERT INTO door_sync_entries (device_id, seq, user_id, venue_id, booking_id, gate, scanned_at, result, answer, recorded_at)
     VALUES (:deviceId, :seq, :userId, :venueId, :bookingId, :gate, :scannedAt, :result, :answer, :now)`,
    {
      deviceId,
      seq: e.seq,
      userId: actor.id,
      venueId: booking?.venueId ?? null,
      bookingId: booking?.id ?? null,
      gate: e.gate ?? null,
      scannedAt: e.scannedAt,
      result: answer.result,
      answer: JSON.stringify(answer),
      now,
    },
  );
}

/** Keeps an invalid entry's answer, so sending it again answers duplicate; undefined unless another sync beat us to it. */
async function record(deps: SyncDeps, deviceId: string, e: Entry, actor: Actor, booking: { id: number; venueId: number } | undefined, answer: EntryResult) {
  try {
    await insertEntry(deps.db.sql, deviceId, e, actor, booking, answer, deps.clock.now());
    return undefined;
  } catch (err) {
    if (!duplicateKeys(err)) throw err;
    return previous(deps, deviceId, e.seq);
  }
}
