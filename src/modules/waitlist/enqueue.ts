// Parties put on a session's waiting list in a given order (a draw's order): the queue is by entry id, so inserting
// them one after the other in that order is their position. Rules were checked when they applied.
import type { Sql } from '../../db/sql.js';
import type { PreparedVisitor } from '../bookings/visitors.js';
import type { Language } from '../places/ledger.js';

export interface QueuedParty {
  editionId: number;
  sessionId: number;
  venueId: number;
  contact: { name: string; phone: string };
  language: Language;
  visitors: PreparedVisitor[];
}

/** Answers the new entries' ids, in the order given. The caller holds the session's lock. */
export async function enqueueInOrder(tx: Sql, parties: readonly QueuedParty[], now: Date): Promise<number[]> {
  const ids: number[] = [];
  for (const w of parties) {
    const { insertId } = await tx.run(
      `INSERT INTO waitlist_entries (edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, active_phone, language, visitors, created_at, updated_at)
       VALUES (:editionId, :sessionId, :venueId, 'waiting', :partySize, :name, :phone, :phone, :language, :visitors, :now, :now)`,
      {
        editionId: w.editionId,
        sessionId: w.sessionId,
        venueId: w.venueId,
        partySize: w.visitors.length,
        name: w.contact.name,
        phone: w.contact.phone,
        language: w.language,
        visitors: JSON.stringify(w.visitors),
        now,
      },
    );
    ids.push(insertId);
  }
  return ids;
}
