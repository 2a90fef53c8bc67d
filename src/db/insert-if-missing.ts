// INSERT a row unless its key exists, on both dialects, without a duplicate-key error under concurrency.
// On MySQL the duplicate row is locked exclusively (ON DUPLICATE KEY UPDATE), so the caller's next UPDATE does not deadlock.
import type { Sql } from './sql.js';

export async function insertIfMissing(sql: Sql, table: string, row: Record<string, unknown>, keyColumns: string[]): Promise<void> {
  const columns = Object.keys(row);
  const onConflict =
    sql.dialect === 'mysql' ? `ON DUPLICATE KEY UPDATE ${keyColumns[0]} = ${keyColumns[0]}` : `ON CONFLICT (${keyColumns.join(', ')}) DO NOTHING`;
  await sql.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `:${c}`).join(', ')}) ${onConflict}`, row);
}
