// A plain DROP COLUMN (SQLite >= 3.35, MySQL) for migrations' down steps: Sequelize's SQLite removeColumn rebuilds
// the table, which its referencing rows refuse while foreign keys are on. The column must not be indexed on SQLite.
import type { QueryInterface } from 'sequelize';

export async function dropColumn(qi: QueryInterface, table: string, column: string): Promise<void> {
  await qi.sequelize.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
}
