// Plain SQL with positional `?` parameters, for the paths where Sequelize's own per-query work costs more than the
// statement itself (a booking rush: about ten statements per booking). One interface, two executors:
//   - sqlIn(db, t): through sequelize.query, inside a Sequelize transaction (or none); both dialects;
//   - db.sqlTransaction(fn) on MySQL: a connection taken from Sequelize's own pool and driven directly with mysql2
//     (its typeCast, timezone and charset are Sequelize's, so values read back are the same).
import type { Connection as MysqlConnection, ResultSetHeader } from 'mysql2';
import { QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';

export type Dialect = 'sqlite' | 'mysql';

export interface WriteResult {
  affectedRows: number;
  /** The AUTO_INCREMENT id of an INSERT (0 for other statements). */
  insertId: number;
}

export interface Sql {
  readonly dialect: Dialect;
  select<T extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  run(sql: string, params?: readonly unknown[]): Promise<WriteResult>;
}

const INSERT = /^\s*insert\b/i;

/** An executor over sequelize.query, in `t` when given. */
export function sqlIn(db: { sequelize: Sequelize; dialect: Dialect }, t?: Transaction): Sql {
  return {
    dialect: db.dialect,
    select: <T extends object>(sql: string, params: readonly unknown[] = []) =>
      db.sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements: params as unknown[], transaction: t }),
    async run(sql, params = []) {
      const insert = INSERT.test(sql);
      // INSERT answers [insertId, affected]; UPDATE/DELETE answer [_, affected] (SQLite needs the type to report changes).
      const [first, affected] = (await db.sequelize.query(sql, {
        type: insert ? QueryTypes.INSERT : QueryTypes.UPDATE,
        replacements: params as unknown[],
        transaction: t,
      })) as unknown as [unknown, unknown];
      return { affectedRows: Number(affected ?? 0), insertId: insert ? Number(first ?? 0) : 0 };
    },
  };
}

/** An executor on one mysql2 connection (the caller owns the connection and its transaction). */
export function sqlOnConnection(conn: MysqlConnection, log?: (sql: string) => void): Sql {
  function query<R>(sql: string, params: readonly unknown[]): Promise<R> {
    log?.(sql);
    return new Promise<R>((resolve, reject) => {
      conn.query(sql, params as unknown[], (err, result) => (err ? reject(err) : resolve(result as R)));
    });
  }
  return {
    dialect: 'mysql',
    select: <T extends object>(sql: string, params: readonly unknown[] = []) => query<T[]>(sql, params),
    async run(sql, params = []) {
      const r = await query<ResultSetHeader>(sql, params);
      return { affectedRows: r.affectedRows, insertId: Number(r.insertId ?? 0) };
    },
  };
}

const ER_DUP_ENTRY = 1062;

/**
 * The key a unique violation hit, from either executor, or undefined for any other error: the columns on SQLite,
 * the index name on MySQL (an inline `unique: true` index is named after its column, e.g. `code`).
 */
export function duplicateKeys(err: unknown): string[] | undefined {
  if (err instanceof UniqueConstraintError) {
    const fields = err.fields as unknown;
    return Array.isArray(fields) ? (fields as string[]) : Object.keys((fields as Record<string, unknown>) ?? {});
  }
  const raw = err as { errno?: number; sqlMessage?: string } | undefined;
  if (raw?.errno === ER_DUP_ENTRY) {
    // "Duplicate entry '…' for key 'name'" (MySQL 8 writes 'table.name').
    const key = /for key '([^']+)'\s*$/.exec(raw.sqlMessage ?? '')?.[1];
    return key ? [key.slice(key.lastIndexOf('.') + 1)] : [];
  }
  return undefined;
}
