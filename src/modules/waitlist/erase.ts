// Retention: an edition's waiting-list entries keep their session, party size, status and times; contact and party
// (names, keyed ID hashes, masked ID numbers) are erased.
import type { Sql } from '../../db/sql.js';

/** Idempotent: answers the entries erased now (0 on a second run). */
export async function eraseWaitlistPeople(tx: Sql, editionId: number, now: Date): Promise<number> {
  const { affectedRows } = await tx.run(
    `UPDATE waitlist_entries SET contact_name = '', contact_phone = '', active_phone = NULL, visitors = '[]', updated_at = :now
     WHERE edition_id = :editionId AND (contact_name <> '' OR contact_phone <> '' OR visitors <> '[]')`,
    { editionId, now },
  );
  return affectedRows;
}

/** The phones the edition's entries were made with (for the messages sent to them). */
export async function waitlistPhones(sql: Sql, editionId: number): Promise<string[]> {
  const rows = await sql.select<{ phone: string }>(
    "SELECT DISTINCT contact_phone AS phone FROM waitlist_entries WHERE edition_id = :editionId AND contact_phone <> ''",
    {
      editionId,
    },
  );
  return rows.map((r) => r.phone);
}
