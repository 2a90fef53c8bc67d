// Who came: each visitor of a party admitted at the door at most once (an admission row per place of the party, its
// `active_slot` unique per booking while it stands), the party's total kept in its check-in row for the reports and
// the no-show count; and, once a session is over, the bookings nobody came for (no-shows, counted against the phone
// when the whole party stayed away).
import { duplicateKeys } from '../../db/sql.js';
import type { Locks } from './lock-order.js';
import { countNoShow } from './phone-limits.js';

/** Which places of the party to admit: these visitors, or this many of those still expected, or (neither) all of them. */
export interface Selection {
  visitorIds?: readonly number[];
  count?: number;
}

export interface AdmitInput extends Selection {
  booking: { id: number; sessionId: number; venueId: number };
  userId: number;
  gate: string | null;
  now: Date;
  /** When the visitor was scanned, if not now (an offline scanner's queue). */
  scannedAt?: Date;
  device?: { id: string; seq: number };
}

/** A standing admission of one place of a party. */
export interface StandingAdmission {
  id: number;
  slot: number;
  visitorId: number | null;
  userId: number | null;
  gate: string | null;
  deviceId: string | null;
  deviceSeq: number | null;
  scannedAt: Date;
}

export type Admission =
  | { status: 'cancelled' }
  | { status: 'unknown_visitors'; visitorIds: number[] }
  /** `admitted`: the slots admitted now; `already`: the selected slots that stood admitted before. */
  | { status: 'ok'; admitted: number[]; already: StandingAdmission[]; standing: StandingAdmission[] };

export interface PartyRows {
  partySize: number;
  status: string;
  /** visitor id → slot (the visitor's position) */
  slots: Map<number, number>;
  standing: StandingAdmission[];
}

/** Locks the session, then the booking (so no cancellation slips in between), and reads the party's places. */
export async function lockParty(locks: Locks, booking: AdmitInput['booking']): Promise<PartyRows | undefined> {
  await locks.sessions([booking.sessionId]);
  await locks.bookings([booking.id]);
  const row = await locks.tx.first<{ status: string; party_size: unknown }>('SELECT status, party_size FROM bookings WHERE id = :id', { id: booking.id });
  if (!row) return undefined;
  const visitors = await locks.tx.select<{ id: unknown; position: unknown }>('SELECT id, position FROM booking_visitors WHERE booking_id = :id', {
    id: booking.id,
  });
  return {
    partySize: Number(row.party_size),
    status: row.status,
    slots: new Map(visitors.map((v) => [Number(v.id), Number(v.position)])),
    standing: await standingAdmissions(locks, booking.id),
  };
}

export async function standingAdmissions(locks: Locks, bookingId: number): Promise<StandingAdmission[]> {
  const rows = await locks.tx.select<Record<string, unknown>>(
    `SELECT id, slot, visitor_id, user_id, gate, device_id, device_seq, scanned_at FROM admissions
     WHERE booking_id = :bookingId AND active_slot IS NOT NULL ORDER BY slot`,
    { bookingId },
  );
  return rows.map((r) => ({
    id: Number(r.id),
    slot: Number(r.slot),
    visitorId: r.visitor_id === null ? null : Number(r.visitor_id),
    userId: r.user_id === null ? null : Number(r.user_id),
    gate: (r.gate as string | null) ?? null,
    deviceId: (r.device_id as string | null) ?? null,
    deviceSeq: r.device_seq === null ? null : Number(r.device_seq),
    scannedAt: new Date(r.scanned_at as string),
  }));
}

/** The slots a selection asks for, in order; or the visitor ids that are not of this party. */
export function selectedSlots(party: PartyRows, sel: Selection): { slots: number[] } | { unknown: number[] } {
  if (sel.visitorIds) {
    const unknown = sel.visitorIds.filter((id) => !party.slots.has(id));
    if (unknown.length > 0) return { unknown };
    return { slots: [...new Set(sel.visitorIds.map((id) => party.slots.get(id)!))].sort((a, b) => a - b) };
  }
  const taken = new Set(party.standing.map((a) => a.slot));
  const free = Array.from({ length: party.partySize }, (_, i) => i).filter((s) => !taken.has(s));
  return { slots: sel.count === undefined ? free : free.slice(0, sel.count) };
}

/** Writes admissions of free slots (the booking is locked) and keeps the party's check-in total. */
export async function insertAdmissions(locks: Locks, party: PartyRows, slots: readonly number[], a: Omit<AdmitInput, 'visitorIds' | 'count'>): Promise<void> {
  if (slots.length === 0) return;
  locks.requireHeld('booking', a.booking.id);
  const visitorOf = new Map([...party.slots].map(([id, slot]) => [slot, id]));
  for (const slot of slots) {
    await locks.tx.run(
      `INSERT INTO admissions (booking_id, session_id, venue_id, visitor_id, slot, active_slot, user_id, gate, device_id, device_seq, scanned_at, recorded_at)
       VALUES (:bookingId, :sessionId, :venueId, :visitorId, :slot, :slot, :userId, :gate, :deviceId, :deviceSeq, :scannedAt, :now)`,
      {
        bookingId: a.booking.id,
        sessionId: a.booking.sessionId,
        venueId: a.booking.venueId,
        visitorId: visitorOf.get(slot) ?? null,
        slot,
        userId: a.userId,
        gate: a.gate,
        deviceId: a.device?.id ?? null,
        deviceSeq: a.device?.seq ?? null,
        scannedAt: a.scannedAt ?? a.now,
        now: a.now,
      },
    );
  }
  await addToCheckin(locks, a, slots.length);
}

/** The party's check-in row: its total of standing admissions (what reports, the live view and no-shows read). */
export async function addToCheckin(locks: Locks, a: Pick<AdmitInput, 'booking' | 'userId' | 'gate' | 'now' | 'scannedAt'>, n: number): Promise<void> {
  const { affectedRows } = await locks.tx.run('UPDATE checkins SET admitted = admitted + :n WHERE booking_id = :id', { n, id: a.booking.id });
  if (affectedRows > 0) {
    await locks.tx.run('DELETE FROM checkins WHERE booking_id = :id AND admitted <= 0', { id: a.booking.id });
    return;
  }
  if (n <= 0) return;
  await locks.tx.run(
    `INSERT INTO checkins (booking_id, session_id, venue_id, admitted, user_id, gate, checked_in_at)
     VALUES (:bookingId, :sessionId, :venueId, :admitted, :userId, :gate, :at)`,
    {
      bookingId: a.booking.id,
      sessionId: a.booking.sessionId,
      venueId: a.booking.venueId,
      admitted: n,
      userId: a.userId,
      gate: a.gate,
      at: a.scannedAt ?? a.now,
    },
  );
}

/** Admits the selected visitors of a party who are not in yet: each exactly once, however many scans race. */
export async function admit(locks: Locks, a: AdmitInput): Promise<Admission> {
  const party = await lockParty(locks, a.booking);
  if (party?.status !== 'confirmed') return { status: 'cancelled' };
  const sel = selectedSlots(party, a);
  if ('unknown' in sel) return { status: 'unknown_visitors', visitorIds: sel.unknown };
  const bySlot = new Map(party.standing.map((s) => [s.slot, s]));
  const fresh = sel.slots.filter((s) => !bySlot.has(s));
  try {
    await insertAdmissions(locks, party, fresh, a);
  } catch (err) {
    // The booking lock makes this unreachable; the unique key is the last line of defence.
    if (duplicateKeys(err)) return { status: 'ok', admitted: [], already: sel.slots.map((s) => bySlot.get(s)!).filter(Boolean), standing: party.standing };
    throw err;
  }
  return {
    status: 'ok',
    admitted: fresh,
    already: sel.slots.filter((s) => bySlot.has(s)).map((s) => bySlot.get(s)!),
    standing: await standingAdmissions(locks, a.booking.id),
  };
}

interface ConfirmedRow {
  id: number;
  contact_phone: string;
  party_size: unknown;
  admitted: unknown;
}

/**
 * Closes out an ended session once (its closeout row is the claim, whoever runs the job): each confirmed booking whose
 * party came short is a no-show of the people missing; a party that did not come at all counts against its phone.
 * Answers the whole-party no-shows, or null when the session was already closed out.
 */
export async function closeOut(locks: Locks, session: { id: number; editionId: number }, now: Date): Promise<number | null> {
  await locks.sessions([session.id]);
  try {
    await locks.tx.run('INSERT INTO session_closeouts (session_id, closed_at) VALUES (:sessionId, :now)', { sessionId: session.id, now });
  } catch (err) {
    if (duplicateKeys(err)) return null;
    throw err;
  }
  const bookings = await locks.tx.select<ConfirmedRow>(
    `SELECT b.id, b.contact_phone, b.party_size, c.admitted FROM bookings b
     LEFT JOIN checkins c ON c.booking_id = b.id
     WHERE b.session_id = :sessionId AND b.status = 'confirmed'
     ORDER BY b.id`,
    { sessionId: session.id },
  );
  const missing = bookings
    .map((b) => ({ id: Number(b.id), phone: b.contact_phone, admitted: b.admitted === null ? 0 : Number(b.admitted), partySize: Number(b.party_size) }))
    .filter((b) => b.partySize > b.admitted);
  const wholeParty = missing.filter((b) => b.admitted === 0);
  await locks.phones(
    session.editionId,
    wholeParty.map((b) => b.phone),
    now,
  );
  for (const b of missing) {
    await locks.tx.run(
      `INSERT INTO no_shows (booking_id, edition_id, session_id, phone, missing, whole_party, marked_at)
       VALUES (:bookingId, :editionId, :sessionId, :phone, :missing, :wholeParty, :now)`,
      {
        bookingId: b.id,
        editionId: session.editionId,
        sessionId: session.id,
        phone: b.phone,
        missing: b.partySize - b.admitted,
        wholeParty: b.admitted === 0,
        now,
      },
    );
  }
  for (const b of wholeParty) await countNoShow(locks, session.editionId, b.phone, now);
  return wholeParty.length;
}
