// The door: scanning codes; and closing out ended sessions (no-shows).
import type { Actor } from '../../shared/actor.js';
import type { CheckinInput } from './checkin.schemas.js';
import { markNoShows, type NoShowsDeps } from './no-shows.js';
import { scan, type ScanDeps } from './scan.js';

export function createCheckinService(deps: ScanDeps) {
  return { scan: (input: CheckinInput, actor: Actor) => scan(deps, input, actor) };
}

export function createNoShowsService(deps: NoShowsDeps) {
  return { markNoShows: () => markNoShows(deps) };
}

export type CheckinService = ReturnType<typeof createCheckinService>;
export type NoShowsService = ReturnType<typeof createNoShowsService>;
