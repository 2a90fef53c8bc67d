// Every migration, in the order it runs. Add new ones at the end; never edit one that has shipped.
import { migration as catalogue } from './001-catalogue.js';
import { migration as bookings } from './002-bookings.js';
import { migration as staffCheckin } from './003-staff-checkin.js';
import { migration as waitlistJobs } from './004-waitlist-jobs.js';
import { migration as personLocks } from './005-person-locks.js';
import { migration as placeHolds } from './006-place-holds.js';
import { migration as exactKeys } from './007-exact-keys.js';
import { migration as rateLimits } from './008-rate-limits.js';
import { migration as setup } from './010-setup.js';
import { migration as door } from './011-door.js';
import type { Migration } from './types.js';

export const migrations: readonly Migration[] = [catalogue, bookings, staffCheckin, waitlistJobs, personLocks, placeHolds, exactKeys, rateLimits, setup, door];
