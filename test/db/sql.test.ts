// The SQL executor and its transactions: commit and rollback, connections given back, duplicate keys named, lock
// conflicts retried, and reads after a lock wait that see the lock holder's commit.
import { expect } from 'chai';
import type { Database } from '../../src/db/database.js';
import { duplicateKeys, type Sql } from '../../src/db/sql.js';
import { openTestDatabase } from '../helpers/test-db.js';

const TABLE = 'sql_executor_test';

describe('the SQL executor', function () {
  this.timeout(30_000);
  let db: Database;

  before(async () => {
    db = await openTestDatabase();
    await db.sql.run(`DROP TABLE IF EXISTS ${TABLE}`);
    await db.sql.run(
      db.dialect === 'mysql'
        ? `CREATE TABLE ${TABLE} (id INT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(20) NOT NULL UNIQUE, n INT NOT NULL) ENGINE=InnoDB`
        : `CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY AUTOINCREMENT, k VARCHAR(20) NOT NULL UNIQUE, n INTEGER NOT NULL)`,
    );
  });
  beforeEach(() => db.sql.run(`DELETE FROM ${TABLE}`));
  after(() => db.sql.run(`DROP TABLE IF EXISTS ${TABLE}`));

  const rows = () => db.sql.select<{ k: string; n: number }>(`SELECT k, n FROM ${TABLE} ORDER BY k`);
  const insert = (sql: Sql, k: string, n = 0) => sql.run(`INSERT INTO ${TABLE} (k, n) VALUES (:k, :n)`, { k, n });

  it('when a transaction succeeds, then its writes are committed, with insert ids and affected rows reported', async () => {
    const result = await db.transaction(async (sql) => {
      const a = await insert(sql, 'a');
      const b = await insert(sql, 'b');
      const updated = await sql.run(`UPDATE ${TABLE} SET n = n + :n WHERE k IN (:keys)`, { n: 5, keys: ['a', 'b'] });
      const unchanged = await sql.run(`UPDATE ${TABLE} SET n = 1 WHERE k = :k`, { k: 'none' });
      return { a, b, updated, unchanged };
    });
    expect(result.a.affectedRows).to.equal(1);
    expect(result.b.insertId).to.equal(result.a.insertId + 1);
    expect(result.updated.affectedRows).to.equal(2);
    expect(result.unchanged.affectedRows).to.equal(0);
    expect((await rows()).map((r) => [r.k, Number(r.n)])).to.deep.equal([
      ['a', 5],
      ['b', 5],
    ]);
  });

  it('when the function throws, then nothing it wrote stays and its connection is given back (more failures than the pool holds)', async () => {
    const failures = 40; // the test pool holds 30 MySQL connections (1 on SQLite)
    for (let i = 0; i < failures; i++) {
      const err = await db
        .transaction(async (sql) => {
          await insert(sql, `x${i}`);
          throw new Error('rule broken');
        })
        .catch((e: unknown) => e);
      expect((err as Error).message).to.equal('rule broken');
    }
    expect(await rows()).to.deep.equal([]);
    await db.transaction((sql) => insert(sql, 'after'));
    expect((await rows()).map((r) => r.k)).to.deep.equal(['after']);
  });

  it('when a statement names its parameters, then each is sent as a value, quoted text and casts are left alone, and a missing one is refused', async () => {
    await insert(db.sql, "it's :no param");
    const found = await db.sql.select<{ k: string; label: string }>(`SELECT k, ':k' AS label FROM ${TABLE} WHERE k = :k AND n = :n`, {
      k: "it's :no param",
      n: 0,
    });
    expect(found.map((r) => [r.k, r.label])).to.deep.equal([["it's :no param", ':k']]);
    const first = await db.sql.first<{ k: string }>(`SELECT k FROM ${TABLE} WHERE k = :k`, { k: 'no such' });
    expect(first).to.equal(undefined);
    const err = await db.sql.select(`SELECT k FROM ${TABLE} WHERE k = :k`, {}).catch((e: unknown) => e);
    expect((err as Error).message).to.equal('SQL parameter :k is not given');
  });

  it('when a unique key is hit, then duplicateKeys names it and other errors are not taken for one', async () => {
    await db.transaction((sql) => insert(sql, 'same'));
    const err = await db.transaction((sql) => insert(sql, 'same')).catch((e: unknown) => e);
    expect(duplicateKeys(err)).to.deep.equal(['k']);
    const other = await db.transaction((sql) => sql.select('SELECT no_such_column FROM ' + TABLE)).catch((e: unknown) => e);
    expect(other).to.be.instanceOf(Error);
    expect(duplicateKeys(other)).to.equal(undefined);
    expect((await rows()).map((r) => r.k)).to.deep.equal(['same']);
  });

  describe('on MySQL', () => {
    before(function () {
      if (db.dialect !== 'mysql') this.skip();
    });

    it('when two transactions deadlock, then the one chosen as victim is retried and both commit', async () => {
      await db.transaction(async (sql) => {
        await insert(sql, 'one');
        await insert(sql, 'two');
      });
      // Each locks its first row, then waits (once) until the other has too, then asks for the other's row.
      const locked: Array<() => void> = [];
      const bothLocked = Promise.all([0, 1].map((i) => new Promise<void>((resolve) => (locked[i] = resolve))));
      let attempts = 0;
      const cross = (i: number, first: string, second: string) =>
        db.transaction(async (sql) => {
          attempts++;
          await sql.run(`UPDATE ${TABLE} SET n = n + 1 WHERE k = :k`, { k: first });
          locked[i]!();
          await bothLocked;
          await sql.run(`UPDATE ${TABLE} SET n = n + 1 WHERE k = :k`, { k: second });
        });
      await Promise.all([cross(0, 'one', 'two'), cross(1, 'two', 'one')]);
      expect(attempts).to.equal(3);
      expect((await rows()).map((r) => [r.k, Number(r.n)])).to.deep.equal([
        ['one', 2],
        ['two', 2],
      ]);
    });

    it('when a read follows a lock wait, then it sees what the lock holder committed (READ COMMITTED)', async () => {
      await db.transaction(async (sql) => {
        await insert(sql, 'lock');
        await insert(sql, 'value', 1);
      });
      let holderUpdated!: () => void;
      const updated = new Promise<void>((resolve) => (holderUpdated = resolve));
      const holder = db.transaction(async (sql) => {
        await sql.run(`UPDATE ${TABLE} SET n = n + 1 WHERE k = 'lock'`);
        await sql.run(`UPDATE ${TABLE} SET n = 2 WHERE k = 'value'`);
        holderUpdated();
        await new Promise((resolve) => setTimeout(resolve, 150));
      });
      const seen = await db.transaction(async (sql) => {
        await updated;
        const before = await sql.select<{ n: number }>(`SELECT n FROM ${TABLE} WHERE k = 'value'`);
        await sql.run(`UPDATE ${TABLE} SET n = n + 1 WHERE k = 'lock'`); // waits for the holder's commit
        const after = await sql.select<{ n: number }>(`SELECT n FROM ${TABLE} WHERE k = 'value'`);
        return [Number(before[0]!.n), Number(after[0]!.n)];
      });
      await holder;
      expect(seen).to.deep.equal([1, 2]);
    });
  });
});
