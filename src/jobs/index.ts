import { dailyStatsJob } from './daily-stats.job.js';
import type { Job } from './job.js';
import { noShowsJob } from './no-shows.job.js';
import { outboxJob } from './outbox.job.js';
import { pruneJob } from './prune.job.js';
import { remindersJob } from './reminders.job.js';
import { waitlistOffersJob } from './waitlist-offers.job.js';

export const jobs: readonly Job[] = [remindersJob, waitlistOffersJob, noShowsJob, outboxJob, dailyStatsJob, pruneJob];

export function findJob(name: string): Job | undefined {
  return jobs.find((j) => j.name === name);
}
