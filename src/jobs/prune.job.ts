import type { Job } from './job.js';

/** Every hour at :17: expired rate-limit counters, old failed sign-ins, idempotency keys and job leases. */
export const pruneJob: Job = {
  name: 'prune',
  defaultSchedule: () => '0 17 * * * *',
  run: (services) => services.housekeeping.prune(),
};
