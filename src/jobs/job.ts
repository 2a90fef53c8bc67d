// What a scheduled job is: a name, a default schedule (node-cron, with seconds, in the edition's timezone) and a run.
import type { Config } from '../config.js';
import type { Services } from '../app.js';

export interface Job {
  name: string;
  defaultSchedule(config: Readonly<Config>): string;
  run(services: Services): Promise<unknown>;
}
