// INSERT a row unless its key exists, on both dialects, without a duplicate-key error under concurrency.
// On MySQL the duplicate row is locked exclusively (ON DUPLICATE KEY UPDATE), so the caller's next UPDATE does not deadlock.
import type { Transaction } from 'sequelize';
import type { Database } from './database.js';

export async function insertIfMissing(
  db: Database,
  table: string,
  row: Record<string, unknown>,
  keyColumns: string[],
  transaction: Transaction,
): Promise<void> {
  const columns = Object.keys(row);
  const values = columns.map((c) => `:${c}`).join(', ');
  const onConflict =
    db.dialect === 'mysql' ? `ON DUPLICATE KEY UPDATE ${keyColumns[0]} = ${keyColumns[0]}` : `ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING`;
  await db.sequelize.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${values}) ${onConflict}`, { replacements: row, transaction });
}
