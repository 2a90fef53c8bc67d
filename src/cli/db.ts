// npm run db:migrate | db:rollback [n|all] | db:seed | db:reset
import { seedDemo } from '../../seeders/demo.js';
import { buildServices } from '../app.js';
import { Migrator } from '../db/migrator.js';
import { openRuntime } from '../runtime.js';

const USAGE = 'usage: db <migrate | rollback [n|all] | seed | reset>';

async function run(command: string | undefined, arg: string | undefined): Promise<void> {
  const runtime = openRuntime();
  const { config, logger, db, clock } = runtime;
  const seed = () => {
    const services = buildServices(runtime);
    return seedDemo(db, {
      clock,
      logger,
      bookings: services.bookings,
      accounts: config.env === 'production' ? undefined : services.accounts,
      year: config.editionYear,
    });
  };
  const migrator = new Migrator(db, logger);
  try {
    switch (command) {
      case 'migrate': {
        const applied = await migrator.up();
        console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
        break;
      }
      case 'rollback': {
        const steps = arg === 'all' ? Infinity : Number(arg ?? 1);
        if (!(steps >= 1)) throw new Error(USAGE);
        const reverted = await migrator.down(steps);
        console.log(reverted.length ? `reverted: ${reverted.join(', ')}` : 'nothing to revert');
        break;
      }
      case 'seed': {
        await migrator.up();
        const r = await seed();
        console.log(
          `seeded edition ${r.editionId}: ${r.venuesCreated} venues, ${r.sessionsCreated} sessions and ${r.bookingsCreated} bookings and ${r.accountsCreated} demo accounts created`,
        );
        break;
      }
      case 'reset': {
        if (config.env === 'production') throw new Error('db:reset refuses to run with NODE_ENV=production');
        await migrator.down(Infinity);
        await migrator.up();
        const r = await seed();
        console.log(`database reset; seeded ${r.venuesCreated} venues, ${r.sessionsCreated} sessions and ${r.bookingsCreated} bookings`);
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await db.close();
  }
}

run(process.argv[2], process.argv[3]).catch((err: unknown) => {
  process.stderr.write(`db: ${(err as Error).message}\n`);
  process.exit(1);
});
