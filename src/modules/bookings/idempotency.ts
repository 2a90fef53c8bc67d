// Safe retries of a booking: the answer to a request sent with an Idempotency-Key is stored in the transaction that
// made the booking, and a retry with the same key and body gets it again.
import { createHash } from 'node:crypto';
import type { Sql } from '../../db/sql.js';
import type { BookingView } from './booking.views.js';
import { bookingErrors } from './bookings.errors.js';

const SCOPE = 'booking';

export function requestHash(input: unknown): string {
  return createHash('sha256').update(JSON.stringify(input)).digest('hex');
}

/** The stored answer for this key, or undefined; the key used with another body is refused. */
export async function storedAnswer(sql: Sql, key: string, hash: string): Promise<BookingView | undefined> {
  const row = await sql.first<{ request_hash: string; response: string }>(
    'SELECT request_hash, response FROM idempotency_keys WHERE scope = :scope AND idem_key = :key',
    {
      scope: SCOPE,
      key,
    },
  );
  if (!row) return undefined;
  if (row.request_hash !== hash) throw bookingErrors.idempotencyKeyReused();
  return JSON.parse(row.response) as BookingView;
}

export async function storeAnswer(sql: Sql, key: string, hash: string, answer: BookingView, now: Date): Promise<void> {
  await sql.run(
    'INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response, created_at) VALUES (:scope, :key, :hash, 201, :response, :now)',
    { scope: SCOPE, key, hash, response: JSON.stringify(answer), now },
  );
}
