import type { Job } from './job.js';

/** 00:30 every night: per-venue, per-day figures for the organisers' report. */
export const dailyStatsJob: Job = {
  name: 'daily-stats',
  defaultSchedule: () => '0 30 0 * * *',
  run: (services) => services.dailyStats.snapshot(),
};
