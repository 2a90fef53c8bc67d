import type { Job } from './job.js';

/** Every ten seconds: deliver due messages. */
export const outboxJob: Job = {
  name: 'outbox',
  defaultSchedule: () => '*/10 * * * * *',
  run: (services) => services.notifications.deliverDue(),
};
