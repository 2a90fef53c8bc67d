// Retention: an edition's draw applications keep their draw, party size, rank and outcome; contact and party (names,
// keyed ID hashes, masked ID numbers) are erased, and the per-draw person keys deleted. The draws themselves (seed,
// hash, times) hold nothing personal and stay, so a result can still be verified.
import type { Sql } from '../../db/sql.js';

export async function eraseDrawPeople(tx: Sql, editionId: number, now: Date): Promise<{ drawApplications: number; drawPersons: number }> {
  const drawPersons = (
    await tx.run('DELETE FROM draw_persons WHERE draw_id IN (SELECT id FROM draws WHERE edition_id = :editionId)', {
      editionId,
    })
  ).affectedRows;
  const drawApplications = (
    await tx.run(
      `UPDATE draw_applications SET contact_name = '', contact_phone = '', phone_key = NULL, visitors = '[]', updated_at = :now
       WHERE edition_id = :editionId AND (contact_name <> '' OR contact_phone <> '' OR visitors <> '[]')`,
      { editionId, now },
    )
  ).affectedRows;
  return { drawApplications, drawPersons };
}

export async function drawPhones(sql: Sql, editionId: number): Promise<string[]> {
  const rows = await sql.select<{ phone: string }>(
    "SELECT DISTINCT contact_phone AS phone FROM draw_applications WHERE edition_id = :editionId AND contact_phone <> ''",
    { editionId },
  );
  return rows.map((r) => r.phone);
}
