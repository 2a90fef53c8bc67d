// Safe retries of a booking. A request sent with an Idempotency-Key first claims the key (a row in idempotency_keys,
// inserted on its own); the claimant makes the booking and stores its answer in the booking's transaction. A request
// that finds the key claimed waits for the answer and replays it, so retries sent at the same time get the same 201
// instead of racing each other; the same key with another body is refused. A claimant that fails gives the key up,
// and one that died is taken over once its claim is old.
import type { Sql } from '../../db/sql.js';
import { createHash } from 'node:crypto';
import { duplicateKeys } from '../../db/sql.js';
import type { Clock } from '../../shared/clock.js';
import type { BookingView } from './booking.views.js';
import { bookingErrors } from './bookings.errors.js';

const SCOPE = 'booking';
/** A claim older than this is taken to be abandoned (its process died mid-request). */
const ABANDONED_MS = 30_000;
/** How long a retry waits for the first request's answer before it is told to try again. */
const WAIT_MS = 15_000;
const POLL_MS = 25;

export function requestHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

interface KeyRow {
  request_hash: string;
  status_code: unknown;
  response: string;
  created_at: unknown;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Claims the key for this request (answers 'claimed'), or answers the booking the first request with it made. */
export async function claimKey(sql: Sql, clock: Clock, key: string, hash: string): Promise<'claimed' | BookingView> {
  const started = Date.now();
  for (;;) {
    const now = clock.now();
    try {
      await sql.run(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response, created_at) VALUES (:scope, :key, :hash, 0, '', :now)",
        { scope: SCOPE, key, hash, now },
      );
      return 'claimed';
    } catch (err) {
      if (!duplicateKeys(err)) throw err;
    }
    const row = await sql.first<KeyRow>(
      'SELECT request_hash, status_code, response, created_at FROM idempotency_keys WHERE scope = :scope AND idem_key = :key',
      {
        scope: SCOPE,
        key,
      },
    );
    if (!row) continue; // given up meanwhile: claim it again
    if (row.request_hash !== hash) throw bookingErrors.idempotencyKeyReused();
    if (Number(row.status_code) !== 0) return JSON.parse(row.response) as BookingView;
    const claimedAt = new Date(row.created_at as string | Date);
    if (now.getTime() - claimedAt.getTime() > ABANDONED_MS) {
      const taken = await sql.run(
        'UPDATE idempotency_keys SET created_at = :now WHERE scope = :scope AND idem_key = :key AND status_code = 0 AND created_at = :claimedAt',
        { now, scope: SCOPE, key, claimedAt },
      );
      if (taken.affectedRows === 1) return 'claimed';
    }
    if (Date.now() - started > WAIT_MS) throw bookingErrors.requestInProgress();
    await sleep(POLL_MS);
  }
}

/** Stores the answer of the claimed key, in the transaction that made the booking. */
export async function storeAnswer(tx: Sql, key: string, answer: BookingView): Promise<void> {
  await tx.run('UPDATE idempotency_keys SET status_code = 201, response = :response WHERE scope = :scope AND idem_key = :key', {
    response: JSON.stringify(answer),
    scope: SCOPE,
    key,
  });
}

/** Gives the key up after the request failed, so a retry makes its own attempt. */
export async function releaseKey(sql: Sql, key: string): Promise<void> {
  await sql.run('DELETE FROM idempotency_keys WHERE scope = :scope AND idem_key = :key AND status_code = 0', { scope: SCOPE, key });
}

/** Deletes keys claimed before `before` (their clients stopped retrying long ago). Answers the rows deleted. */
export async function pruneKeys(sql: Sql, before: Date): Promise<number> {
  return (await sql.run('DELETE FROM idempotency_keys WHERE created_at < :before', { before })).affectedRows;
}
