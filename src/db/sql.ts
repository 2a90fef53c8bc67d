// The one way the code runs SQL: statements with named parameters (`:name`), the same on SQLite and MySQL, through an
// executor that a transaction hands out (db.transaction) or that runs each statement on its own (db.sql).
//   - MySQL: straight on a mysql2 connection taken from Sequelize's pool (its typeCast, timezone and charset are
//     Sequelize's, so values read back are the same), without Sequelize's per-query work, which cost more CPU than the
//     statements themselves on a booking rush;
//   - SQLite: through sequelize.query, which owns the SQLite connection and its transactions.
// Named parameters are turned into positional `?` once per statement text. A statement is logged (debug) as its text
// with the placeholders, never with the values: phones and names stay out of the log.
import type { Connection as MysqlConnection, ResultSetHeader } from 'mysql2';
import { QueryTypes, UniqueConstraintError, type Sequelize, type Transaction } from 'sequelize';

export type Dialect = 'sqlite' | 'mysql';

export type Params = Readonly<Record<string, unknown>>;

export interface WriteResult {
  affectedRows: number;
  /** The AUTO_INCREMENT id of an INSERT (0 for other statements). */
  insertId: number;
}

export type Row = Record<string, unknown>;

export interface Sql {
  readonly dialect: Dialect;
  select<T extends object = Row>(sql: string, params?: Params): Promise<T[]>;
  /** The first row, or undefined. */
  first<T extends object = Row>(sql: string, params?: Params): Promise<T | undefined>;
  run(sql: string, params?: Params): Promise<WriteResult>;
}

/** Logs a statement's text (placeholders, no values). */
export type SqlLog = (text: string) => void;

interface Compiled {
  text: string;
  names: string[];
}

const compiledCache = new Map<string, Compiled>();
const CACHE_LIMIT = 2000;

/**
 * `:name` → `?`, outside quoted strings and identifiers; `::` and `a:b` inside words are left alone. The statement's
 * parameter names, in order. Cached per text: the statements are constants of the code.
 */
export function compile(sql: string): Compiled {
  const cached = compiledCache.get(sql);
  if (cached) return cached;
  const names: string[] = [];
  let text = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      const end = closingQuote(sql, i);
      text += sql.slice(i, end);
      i = end;
      continue;
    }
    if (c === ':' && sql[i + 1] !== ':' && (i === 0 || !/[\w:]/.test(sql[i - 1]!))) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1));
      if (m) {
        names.push(m[0]);
        text += '?';
        i += 1 + m[0].length;
        continue;
      }
    }
    text += c;
    i++;
  }
  const result = { text, names };
  if (compiledCache.size < CACHE_LIMIT) compiledCache.set(sql, result);
  return result;
}

function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote)
        i += 2; // doubled quote inside the literal
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

function values(c: Compiled, params: Params): unknown[] {
  return c.names.map((name) => {
    const v = params[name];
    if (v === undefined) throw new Error(`SQL parameter :${name} is not given`);
    return v;
  });
}

const INSERT = /^\s*insert\b/i;

/** An executor over sequelize.query (SQLite, or anything Sequelize owns), in `t` when given. */
export function sequelizeSql(sequelize: Sequelize, dialect: Dialect, t?: Transaction, log?: SqlLog): Sql {
  const select = async <T extends object>(sql: string, params: Params = {}): Promise<T[]> => {
    const c = compile(sql);
    log?.(c.text);
    return sequelize.query<T>(c.text, { type: QueryTypes.SELECT, replacements: values(c, params), transaction: t, logging: false });
  };
  return {
    dialect,
    select,
    first: async <T extends object>(sql: string, params?: Params): Promise<T | undefined> => (await select<T>(sql, params))[0],
    async run(sql, params = {}) {
      const c = compile(sql);
      log?.(c.text);
      const insert = INSERT.test(c.text);
      // INSERT answers [insertId, affected]; UPDATE/DELETE answer [_, affected] (SQLite needs the type to report changes).
      const [first, affected] = (await sequelize.query(c.text, {
        type: insert ? QueryTypes.INSERT : QueryTypes.UPDATE,
        replacements: values(c, params),
        transaction: t,
        logging: false,
      })) as unknown as [unknown, unknown];
      return { affectedRows: Number(affected ?? 0), insertId: insert ? Number(first ?? 0) : 0 };
    },
  };
}

/** An executor on one mysql2 connection (the caller owns the connection and any transaction on it). */
export function connectionSql(conn: MysqlConnection, log?: SqlLog, timeoutMs?: () => number | undefined): Sql {
  function query<R>(sql: string, params: Params): Promise<R> {
    const c = compile(sql);
    log?.(c.text);
    const args = values(c, params);
    return new Promise<R>((resolve, reject) => {
      // `timeout`: mysql2 gives up waiting for the answer (PROTOCOL_SEQUENCE_TIMEOUT); the caller must drop the connection.
      conn.query({ sql: c.text, values: args, timeout: timeoutMs?.() }, (err: Error | null, result: unknown) => (err ? reject(err) : resolve(result as R)));
    });
  }
  return {
    dialect: 'mysql',
    select: <T extends object>(sql: string, params: Params = {}) => query<T[]>(sql, params),
    first: async <T extends object>(sql: string, params: Params = {}): Promise<T | undefined> => (await query<T[]>(sql, params))[0],
    async run(sql, params = {}) {
      const r = await query<ResultSetHeader>(sql, params);
      return { affectedRows: r.affectedRows, insertId: Number(r.insertId ?? 0) };
    },
  };
}

/** ` FOR UPDATE` on MySQL; nothing on SQLite, whose write transactions already run one at a time. */
export function forUpdate(sql: Pick<Sql, 'dialect'>): string {
  return sql.dialect === 'mysql' ? ' FOR UPDATE' : '';
}

const ER_DUP_ENTRY = 1062;

/**
 * The key a unique violation hit, or undefined for any other error: the columns on SQLite, the index name on MySQL (an
 * inline `unique: true` index is named after its column, e.g. `code`).
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
