// Shared start-up for the server and the CLI: config, logger, clock and database, in that order.
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { fixedClock, systemClock, type Clock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';

export interface Runtime {
  config: Readonly<Config>;
  logger: Logger;
  clock: Clock;
  db: Database;
}

/** Loads everything or exits with one line naming the bad setting. */
export function openRuntime(): Runtime {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`openday: configuration error: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const clock = config.now ? fixedClock(config.now) : systemClock;
  if (config.now) logger.warn('clock pinned by OPENDAY_NOW', { now: config.now.toISOString() });
  const db = openDatabase(config.database, logger);
  return { config, logger, clock, db };
}
