import type { Job } from './job.js';

/** Every minute: expired offers pass on, free places go to the queue. */
export const waitlistOffersJob: Job = {
  name: 'waitlist-offers',
  defaultSchedule: () => '0 * * * * *',
  run: (services) => services.waitlist.expireAndOffer(),
};
