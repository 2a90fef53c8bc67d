import type { Job } from './job.js';

/** Every minute: draws whose applications have closed are drawn, and their winners offered the places. */
export const drawsJob: Job = {
  name: 'draws',
  defaultSchedule: () => '30 * * * * *',
  run: (services) => services.draws.runDue(),
};
