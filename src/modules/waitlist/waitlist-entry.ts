// A family waiting for places in a full session: waiting → offered (a hold of places is made for it) → confirmed
// (the hold redeemed by a booking) | expired | left.
import type { Database } from '../../db/database.js';
import { asInt, asIntOrNull, asText } from '../../db/rows.js';
import type { Row, Sql } from '../../db/sql.js';
import type { PreparedVisitor } from '../bookings/visitors.js';
import type { Language } from '../places/ledger.js';
import { waitlistErrors } from './waitlist.errors.js';

export type WaitlistStatus = 'waiting' | 'offered' | 'confirmed' | 'expired' | 'left';

/** The statuses in which an entry holds its phone's one place in the session's queue (active_phone is set). */
export const ACTIVE: readonly WaitlistStatus[] = ['waiting', 'offered'];

export interface WaitlistEntry {
  id: number;
  editionId: number;
  sessionId: number;
  venueId: number;
  status: WaitlistStatus;
  partySize: number;
  contactName: string;
  contactPhone: string;
  language: Language;
  /** Names with keyed hashes and masked forms of ID numbers, never the numbers themselves. */
  visitors: PreparedVisitor[];
  holdId: number | null;
  bookingId: number | null;
}

export function entryOf(r: Row): WaitlistEntry {
  return {
    id: asInt(r.id),
    editionId: asInt(r.edition_id),
    sessionId: asInt(r.session_id),
    venueId: asInt(r.venue_id),
    status: asText(r.status) as WaitlistStatus,
    partySize: asInt(r.party_size),
    contactName: asText(r.contact_name),
    contactPhone: asText(r.contact_phone),
    language: asText(r.language) as Language,
    visitors: JSON.parse(asText(r.visitors)) as PreparedVisitor[],
    holdId: asIntOrNull(r.hold_id),
    bookingId: asIntOrNull(r.booking_id),
  };
}

export async function entryById(sql: Sql, id: number): Promise<WaitlistEntry | undefined> {
  const row = await sql.first('SELECT * FROM waitlist_entries WHERE id = :id', { id });
  return row && entryOf(row);
}

/** The entry, for the phone it was made with; anything else is not found. */
export async function ownedEntry(db: Database, id: number, phone: string): Promise<WaitlistEntry> {
  const entry = await entryById(db.sql, id);
  if (!entry || entry.contactPhone !== phone) throw waitlistErrors.noEntry();
  return entry;
}

/** Moves an entry (locked by the caller) from one status to another; false when it was no longer in `from`. */
export async function moveEntry(
  sql: Sql,
  id: number,
  from: WaitlistStatus,
  to: WaitlistStatus,
  now: Date,
  set: { holdId?: number; bookingId?: number; offeredAt?: Date } = {},
): Promise<boolean> {
  const { affectedRows } = await sql.run(
    `UPDATE waitlist_entries
     SET status = :to, updated_at = :now, active_phone = ${ACTIVE.includes(to) ? 'contact_phone' : 'NULL'},
         hold_id = COALESCE(:holdId, hold_id), booking_id = COALESCE(:bookingId, booking_id), offered_at = COALESCE(:offeredAt, offered_at)
     WHERE id = :id AND status = :from`,
    { to, now, holdId: set.holdId ?? null, bookingId: set.bookingId ?? null, offeredAt: set.offeredAt ?? null, id, from },
  );
  return affectedRows === 1;
}

/** Ends the queue of a session (locked by the caller) that can no longer be booked: answers the entries ended. */
export async function expireQueue(sql: Sql, sessionId: number, now: Date, statuses: readonly WaitlistStatus[] = ACTIVE): Promise<number> {
  const { affectedRows } = await sql.run(
    "UPDATE waitlist_entries SET status = 'expired', active_phone = NULL, updated_at = :now WHERE session_id = :sessionId AND status IN (:statuses)",
    { now, sessionId, statuses },
  );
  return affectedRows;
}
