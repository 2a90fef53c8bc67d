// Reading what the service wrote, for assertions: rows through the service's own decoders, and counts.
import type { Database } from '../../src/db/database.js';
import { bookingOf, type Booking } from '../../src/modules/bookings/booking.js';
import { sessionOf, type Session } from '../../src/modules/catalogue/session.js';
import { venueOf, type Venue } from '../../src/modules/catalogue/venue.js';

export async function sessionRow(db: Database, id: number): Promise<Session | undefined> {
  const row = await db.sql.first('SELECT * FROM sessions WHERE id = :id', { id });
  return row && sessionOf(row);
}

export async function venueRow(db: Database, id: number): Promise<Venue | undefined> {
  const row = await db.sql.first('SELECT * FROM venues WHERE id = :id', { id });
  return row && venueOf(row);
}

export async function bookingRow(db: Database, code: string): Promise<Booking | undefined> {
  const row = await db.sql.first('SELECT * FROM bookings WHERE code = :code', { code });
  return row && bookingOf(row);
}

/** Rows of `table`, optionally where each column equals its value. */
export async function countRows(db: Database, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const clause = Object.keys(where).map((c) => `${c} = :${c}`);
  const row = await db.sql.first<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${table}${clause.length ? ` WHERE ${clause.join(' AND ')}` : ''}`, where);
  return Number(row?.n ?? 0);
}
