// startHarness with a logger that keeps its lines, for tests that check what the app writes to its log.
import { buildApp, buildServices } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { ManualClock } from '../../src/shared/clock.js';
import { createLogger } from '../../src/shared/logger.js';
import type { Harness } from './harness.js';
import { startClient } from './http.js';
import { clearData, openTestDatabase, testConfig } from './test-db.js';

export interface LoggedHarness extends Harness {
  /** Every line logged so far (JSON text, debug level and up). */
  lines: string[];
}

export async function startLoggedHarness(now = '2027-05-10T02:00:00Z', overrides: Partial<Config> = {}): Promise<LoggedHarness> {
  const db = await openTestDatabase();
  await clearData(db);
  const clock = new ManualClock(now);
  const lines: string[] = [];
  const logger = createLogger('debug', { write: (line: string) => lines.push(line) });
  const deps = { config: testConfig(overrides), db, clock, logger };
  const services = buildServices(deps);
  const app = buildApp(deps, services);
  const http = await startClient(app);
  return { db, clock, app, services, http, lines, close: () => http.close() };
}
