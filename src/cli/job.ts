// npm run job -- <name>: runs one scheduled job now, once, and prints what it did.
import { buildServices } from '../app.js';
import { Migrator } from '../db/migrator.js';
import { findJob, jobs } from '../jobs/index.js';
import { openRuntime } from '../runtime.js';

async function main(name: string | undefined): Promise<void> {
  const job = name ? findJob(name) : undefined;
  if (!job) throw new Error(`usage: job <${jobs.map((j) => j.name).join(' | ')}>`);
  const runtime = openRuntime();
  try {
    await new Migrator(runtime.db, runtime.logger).up();
    const result = await runtime.db.longRunning(() => job.run(buildServices(runtime)));
    console.log(`${job.name}: ${JSON.stringify(result)}`);
  } finally {
    await runtime.db.close();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`job: ${(err as Error).message}\n`);
  process.exit(1);
});
