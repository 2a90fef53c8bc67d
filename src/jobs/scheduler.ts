// Starts every job with node-cron in the edition's timezone: no overlap within an instance, and one run per
// fire across instances through the job_runs lease (databaseRunCoordinator).
import cron, { type ScheduledTask } from 'node-cron';
import type { Services } from '../app.js';
import type { Config } from '../config.js';
import { isDatabaseUnavailable } from '../db/availability.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import { jobs } from './index.js';
import { databaseRunCoordinator, INSTANCE_ID } from './job-runs.js';

export interface SchedulerDeps {
  config: Readonly<Config>;
  db: Database;
  clock: Clock;
  logger: Logger;
}

export function startScheduler(deps: SchedulerDeps, services: Services, timezone: string): { stop(): Promise<void> } {
  const { config, logger } = deps;
  const coordinator = databaseRunCoordinator(deps.db, deps.clock, logger);
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<void>>();
  for (const job of jobs) {
    const expression = config.jobs.schedules[job.name] ?? job.defaultSchedule(config);
    if (!cron.validate(expression)) throw new Error(`job ${job.name}: invalid schedule ${expression}`);
    const task = cron.schedule(
      expression,
      async (ctx) => {
        const started = Date.now();
        const run = (async () => {
          try {
            const result = await deps.db.longRunning(() => job.run(services));
            logger.debug('job finished', { job: job.name, fire: ctx.date.toISOString(), instance: INSTANCE_ID, ms: Date.now() - started, result });
          } catch (err) {
            // An outage is logged once by the database handle; each job it stops is only a warning.
            if (isDatabaseUnavailable(err)) logger.warn('job skipped: database unavailable', { job: job.name, fire: ctx.date.toISOString() });
            else logger.error('job failed', { job: job.name, fire: ctx.date.toISOString(), err });
          }
        })();
        running.add(run);
        await run.finally(() => running.delete(run));
      },
      { name: job.name, timezone, noOverlap: true, distributed: true, runCoordinator: coordinator },
    );
    tasks.push(task);
  }
  logger.info('scheduler started', { timezone, jobs: jobs.map((j) => `${j.name} ${config.jobs.schedules[j.name] ?? j.defaultSchedule(config)}`) });
  return {
    /** No more fires; resolves when the runs in progress have ended. */
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.all(running);
    },
  };
}
