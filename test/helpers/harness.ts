// The app as tests see it: real database, a clock they move, requests through app.callback().
import type Koa from 'koa';
import { buildApp, buildServices, type Services } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { ManualClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { startClient, type TestClient } from './http.js';
import { clearData, openTestDatabase, testConfig } from './test-db.js';

export interface Harness {
  db: Database;
  clock: ManualClock;
  app: Koa;
  services: Services;
  http: TestClient;
  close(): Promise<void>;
}

/** A clean database (rows cleared) and a running app whose clock starts at `now`. */
export async function startHarness(now = '2027-05-10T02:00:00Z', overrides: Partial<Config> = {}): Promise<Harness> {
  const db = await openTestDatabase();
  await clearData(db);
  const clock = new ManualClock(now);
  const config = testConfig(overrides);
  const deps = { config, db, clock, logger: silentLogger };
  const services = buildServices(deps);
  const app = buildApp(deps, services);
  const http = await startClient(app);
  return { db, clock, app, services, http, close: () => http.close() };
}
