// npm run user:create -- --username alice --password '…' --role venue_manager --venues 3,7 [--name 'Alice']
import { parseArgs } from 'node:util';
import { buildServices } from '../app.js';
import { Migrator } from '../db/migrator.js';
import { ROLES, type Role } from '../shared/actor.js';
import { AppError } from '../shared/errors.js';
import { openRuntime } from '../runtime.js';

const USAGE = `usage: user:create --username NAME --password PASSWORD --role ${ROLES.join('|')} [--venues ID,ID…] [--name DISPLAY]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { username: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, venues: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.username || !values.password || !ROLES.includes(values.role as Role)) throw new Error(USAGE);
  const venueIds = (values.venues ?? '').split(',').filter(Boolean).map(Number);
  if (venueIds.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--venues takes venue ids: ${USAGE}`);
  const runtime = openRuntime();
  try {
    await new Migrator(runtime.db, runtime.logger).up();
    const user = await buildServices(runtime).accounts.createUser(
      { username: values.username, password: values.password, role: values.role as Role, venueIds, displayName: values.name ?? null },
      null,
    );
    console.log(`created ${user.role} ${user.username} (id ${user.id})${user.venueIds.length ? ` for venues ${user.venueIds.join(', ')}` : ''}`);
  } finally {
    await runtime.db.close();
  }
}

main().catch((err: unknown) => {
  if (err instanceof AppError) {
    process.stderr.write(`user:create: ${err.code}: ${err.text.en}${err.details ? ' ' + JSON.stringify(err.details) : ''}\n`);
  } else {
    process.stderr.write(`user:create: ${(err as Error).message}\n`);
  }
  process.exit(1);
});
