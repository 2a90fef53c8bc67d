import type { Job } from './job.js';

/** Day-before reminders, at REMINDER_TIME (18:00) local time. */
export const remindersJob: Job = {
  name: 'reminders',
  defaultSchedule: (config) => {
    const [hh, mm] = config.jobs.reminderTime.split(':').map(Number);
    return `0 ${mm} ${hh} * * *`;
  },
  run: (services) => services.reminders.queueReminders(),
};
