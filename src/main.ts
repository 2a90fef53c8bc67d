// Start: config → database → migrations (→ demo data) → HTTP server. SIGTERM drains and stops (shutdown.ts).
import { seedDemo } from '../seeders/demo.js';
import { buildApp, buildServices, type Services } from './app.js';
import { Migrator } from './db/migrator.js';
import { createHttpServer } from './http-server.js';
import { startScheduler } from './jobs/scheduler.js';
import { allEditions } from './modules/catalogue/editions.js';
import { openRuntime, type Runtime } from './runtime.js';
import { createLifecycle, type Lifecycle } from './shared/lifecycle.js';
import { stopOnSignals } from './shutdown.js';

async function main(): Promise<void> {
  const runtime = { ...openRuntime(), lifecycle: createLifecycle() };
  const services = await runtime.db.longRunning(() => prepare(runtime));
  await serve(runtime, services);
}

/** Database, migrations, first organiser, demo data: start-up's statements get the jobs' longer deadline. */
async function prepare(runtime: Runtime): Promise<Services> {
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

  return services;
}

async function serve(runtime: Runtime & { lifecycle: Lifecycle }, services: Services): Promise<void> {
  const { config, logger, db, lifecycle } = runtime;
  const app = buildApp(runtime, services);
  const latest = (await allEditions({ db })).sort((a, b) => (a.endDate < b.endDate ? 1 : -1))[0];
  const scheduler = config.jobs.enabled ? startScheduler(runtime, services, latest?.timezone ?? 'Asia/Shanghai') : undefined;
  const http = createHttpServer(app, logger);
  stopOnSignals({ lifecycle, http, jobs: scheduler, db, logger, ...config.shutdown });
  const port = await http.listen(config.port, config.host);
  logger.info('openday listening', { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`, database: db.dialect, env: config.env });
}

main().catch((err: unknown) => {
  process.stderr.write(`openday: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
