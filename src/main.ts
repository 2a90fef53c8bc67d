// Start: config → database → migrations (→ demo data) → HTTP server. SIGTERM drains and stops.
import type { Server } from 'node:http';
import { seedDemo } from '../seeders/demo.js';
import { buildApp, buildServices } from './app.js';
import { Migrator } from './db/migrator.js';
import { startScheduler } from './jobs/scheduler.js';
import { allEditions } from './modules/catalogue/editions.js';
import { openRuntime } from './runtime.js';

async function main(): Promise<void> {
  const runtime = openRuntime();
  const { config, logger, db, clock } = runtime;

  await db.sql.select('SELECT 1 AS one'); // fail fast when the database cannot be reached
  await new Migrator(db, logger).up();
  const services = buildServices(runtime);
  if (config.auth.adminPassword) {
    const created = await services.accounts.ensureUser({
      username: config.auth.adminUser,
      password: config.auth.adminPassword,
      role: 'organiser',
      venueIds: [],
    });
    if (created) logger.info('first organiser account created', { username: config.auth.adminUser });
  }
  const editions = await allEditions({ db });
  if (config.seedDemo && editions.length === 0) {
    await seedDemo(db, {
      clock,
      logger,
      bookings: services.bookings,
      accounts: config.env === 'production' ? undefined : services.accounts,
      year: config.editionYear,
    });
  }

  const app = buildApp(runtime, services);
  const latest = (await allEditions({ db })).sort((a, b) => (a.endDate < b.endDate ? 1 : -1))[0];
  const scheduler = config.jobs.enabled ? startScheduler(runtime, services, latest?.timezone ?? 'Asia/Shanghai') : undefined;
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info('openday listening', { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, database: db.dialect, env: config.env });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(() => {
      Promise.resolve(scheduler?.stop())
        .then(() => db.close())
        .then(
          () => process.exit(0),
          () => process.exit(1),
        );
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`openday: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
