// Per phone and edition: confirmed bookings held (at most maxBookingsPerPhone) and whole-party no-shows (at most
// noShowLimit before the phone is refused). One counter row per phone, changed only here.
import type { Sql } from '../../db/sql.js';
import type { EditionRules } from '../catalogue/edition.js';
import type { Locks } from './lock-order.js';
import { placesErrors } from './places.errors.js';

/** Counts one more confirmed booking for the phone, or refuses: over the limit, or too many no-shows. */
export async function countBooking(locks: Locks, edition: { id: number; rules: EditionRules }, phone: string, now: Date): Promise<void> {
  const { maxBookingsPerPhone: limit, noShowLimit } = edition.rules;
  await locks.phones(edition.id, [phone], now);
  const { affectedRows } = await locks.tx.run(
    `UPDATE phone_counters SET confirmed_bookings = confirmed_bookings + 1, updated_at = :now
     WHERE edition_id = :editionId AND phone = :phone AND confirmed_bookings < :limit AND no_shows < :noShowLimit`,
    { now, editionId: edition.id, phone, limit, noShowLimit },
  );
  if (affectedRows === 1) return;
  const row = await locks.tx.first<{ no_shows: unknown }>('SELECT no_shows FROM phone_counters WHERE edition_id = :editionId AND phone = :phone', {
    editionId: edition.id,
    phone,
  });
  if (Number(row?.no_shows ?? 0) >= noShowLimit) throw placesErrors.tooManyNoShows(noShowLimit);
  throw placesErrors.phoneLimitReached(limit);
}

/** Gives bookings back to their phones' limits (the phones' rows are locked). */
export async function uncountBookings(locks: Locks, editionId: number, perPhone: Map<string, number>, now: Date): Promise<void> {
  for (const [phone, n] of [...perPhone].sort(([a], [b]) => (a < b ? -1 : 1))) {
    locks.requireHeld('phone', `${editionId}:${phone}`);
    await locks.tx.run(
      `UPDATE phone_counters SET confirmed_bookings = CASE WHEN confirmed_bookings > :n THEN confirmed_bookings - :n ELSE 0 END, updated_at = :now
       WHERE edition_id = :editionId AND phone = :phone`,
      { n, now, editionId, phone },
    );
  }
}

/** Counts a whole-party no-show against the phone (its row is locked). */
export async function countNoShow(locks: Locks, editionId: number, phone: string, now: Date): Promise<void> {
  locks.requireHeld('phone', `${editionId}:${phone}`);
  await locks.tx.run('UPDATE phone_counters SET no_shows = no_shows + 1, updated_at = :now WHERE edition_id = :editionId AND phone = :phone', {
    now,
    editionId,
    phone,
  });
}

/** Refuses a phone already over the no-show limit (a read, for the waiting list, before any place is held). */
export async function checkNoShows(sql: Sql, edition: { id: number; rules: EditionRules }, phone: string): Promise<void> {
  const row = await sql.first<{ no_shows: unknown }>('SELECT no_shows FROM phone_counters WHERE edition_id = :editionId AND phone = :phone', {
    editionId: edition.id,
    phone,
  });
  if (Number(row?.no_shows ?? 0) >= edition.rules.noShowLimit) throw placesErrors.tooManyNoShows(edition.rules.noShowLimit);
}

/** Refuses a phone over either limit (a read, for a draw application; the booking made from a win counts for real). */
export async function checkPhoneLimits(sql: Sql, edition: { id: number; rules: EditionRules }, phone: string): Promise<void> {
  await checkNoShows(sql, edition, phone);
  const row = await sql.first<{ n: unknown }>('SELECT confirmed_bookings AS n FROM phone_counters WHERE edition_id = :editionId AND phone = :phone', {
    editionId: edition.id,
    phone,
  });
  if (Number(row?.n ?? 0) >= edition.rules.maxBookingsPerPhone) throw placesErrors.phoneLimitReached(edition.rules.maxBookingsPerPhone);
}
