import type { Job } from './job.js';

/** Every five minutes: sessions past their end and grace period are closed out, no-shows counted. */
export const noShowsJob: Job = {
  name: 'no-shows',
  defaultSchedule: () => '0 */5 * * * *',
  run: (services) => services.noShows.markNoShows(),
};
