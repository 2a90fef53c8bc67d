// Retention: messages to an edition's phones (their bodies name venues, times and booking codes) are deleted once the
// edition's personal data is erased. Delivered or not, nothing reads them afterwards.
import type { Sql } from '../../db/sql.js';

const CHUNK = 500;

/** Deletes the messages to `phones` queued before `before`; answers how many. */
export async function forgetMessagesTo(tx: Sql, phones: readonly string[], before: Date): Promise<number> {
  let deleted = 0;
  const list = [...new Set(phones)].filter((p) => p !== '');
  for (let i = 0; i < list.length; i += CHUNK) {
    const { affectedRows } = await tx.run('DELETE FROM notifications WHERE phone IN (:phones) AND created_at < :before', {
      phones: list.slice(i, i + CHUNK),
      before,
    });
    deleted += affectedRows;
  }
  return deleted;
}
