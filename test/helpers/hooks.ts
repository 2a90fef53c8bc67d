// Root hooks: one migrated test database per run, closed at the end.
import { closeTestDatabase, dialectName, openTestDatabase } from './test-db.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60_000);
    await openTestDatabase();
    process.stdout.write(`  (database: ${dialectName()})\n`);
  },
  async afterAll() {
    await closeTestDatabase();
  },
};
