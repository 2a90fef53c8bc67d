// Retention: one-time codes sent to an edition's phones (the phone is kept beside the code's hash) are deleted with
// the edition's personal data. Codes live minutes; nothing reads them afterwards.
import type { Sql } from '../../db/sql.js';

const CHUNK = 500;

export async function forgetCodesOf(tx: Sql, phones: readonly string[], before: Date): Promise<number> {
  let deleted = 0;
  const list = [...new Set(phones)].filter((p) => p !== '');
  for (let i = 0; i < list.length; i += CHUNK) {
    deleted += (await tx.run('DELETE FROM phone_codes WHERE phone IN (:phones) AND created_at < :before', { phones: list.slice(i, i + CHUNK), before }))
      .affectedRows;
  }
  return deleted;
}
