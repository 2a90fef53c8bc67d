import type { Job } from './job.js';

/** Every minute: group offers the teacher never confirmed expire and free their places. */
export const groupsJob: Job = {
  name: 'groups',
  defaultSchedule: () => '15 * * * * *',
  run: (services) => services.groups.expireOffers(),
};
