import type { Job } from './job.js';

/** 03:15 every night: editions past their retention date lose their personal data (src/modules/retention). */
export const retentionJob: Job = {
  name: 'retention',
  defaultSchedule: () => '0 15 3 * * *',
  run: (services) => services.retention.eraseDue(),
};
