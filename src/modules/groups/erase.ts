// Retention: an edition's group requests keep their venue, school, class, counts, ages, session and outcome; the
// teacher's contact, the adults (names, keyed ID hashes, masked ID numbers) and the free-text note are erased.
import type { Sql } from '../../db/sql.js';

export async function eraseGroupPeople(tx: Sql, editionId: number, now: Date): Promise<number> {
  return (
    await tx.run(
      `UPDATE group_requests SET contact_name = '', contact_phone = '', adults = '[]', note = NULL, updated_at = :now
       WHERE edition_id = :editionId AND (contact_name <> '' OR contact_phone <> '' OR adults <> '[]' OR note IS NOT NULL)`,
      { editionId, now },
    )
  ).affectedRows;
}

export async function groupPhones(sql: Sql, editionId: number): Promise<string[]> {
  const rows = await sql.select<{ phone: string }>(
    "SELECT DISTINCT contact_phone AS phone FROM group_requests WHERE edition_id = :editionId AND contact_phone <> ''",
    { editionId },
  );
  return rows.map((r) => r.phone);
}
