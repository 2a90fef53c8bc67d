import { expect } from 'chai';
import { Migrator } from '../../src/db/migrator.js';
import { migrations } from '../../src/db/migrations/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openTestDatabase } from '../helpers/test-db.js';

async function tableNames(): Promise<string[]> {
  const db = await openTestDatabase();
  const tables = await db.sequelize.getQueryInterface().showAllTables();
  return tables.map((t) => (typeof t === 'string' ? t : (t as { tableName: string }).tableName)).sort();
}

describe('migrations', () => {
  it('when every migration is reverted and applied again, then the schema comes back whole', async () => {
    const db = await openTestDatabase();
    const migrator = new Migrator(db, silentLogger);
    const before = await tableNames();
    expect(before).to.include.members(['editions', 'venues', 'sessions', 'schema_migrations']);

    const reverted = await migrator.down(Infinity);
    expect(reverted).to.deep.equal(migrations.map((m) => m.name).reverse());
    expect(await tableNames()).to.deep.equal(['schema_migrations', 'schema_migrations_lock']);
    expect((await migrator.status()).pending).to.have.length(migrations.length);

    const applied = await migrator.up();
    expect(applied).to.deep.equal(migrations.map((m) => m.name));
    expect(await tableNames()).to.deep.equal(before);
    expect(await migrator.status()).to.deep.equal({ applied: migrations.map((m) => m.name).sort(), pending: [] });
  });

  it('when migrations are already applied, then up does nothing', async () => {
    const db = await openTestDatabase();
    expect(await new Migrator(db, silentLogger).up()).to.deep.equal([]);
  });

  it('when several migrators run at once, then each migration is applied exactly once', async () => {
    const db = await openTestDatabase();
    const migrator = new Migrator(db, silentLogger);
    await migrator.down(Infinity);
    const results = await Promise.all([1, 2, 3].map(() => new Migrator(db, silentLogger).up().catch((e: Error) => e)));
    const errors = results.filter((r) => r instanceof Error);
    // The lease row in schema_migrations_lock makes them take turns, on either database.
    const appliedTotal = results.filter((r): r is string[] => Array.isArray(r)).flat();
    if (db.dialect === 'mysql') {
      expect(errors).to.deep.equal([]);
      expect(appliedTotal.sort()).to.deep.equal(migrations.map((m) => m.name).sort());
    }
    await migrator.up();
    expect((await migrator.status()).pending).to.deep.equal([]);
  });
});
