// The door: looking up and admitting parties per visitor, finding a booking without its code, undoing a wrong tap,
// the offline roster and the sync of offline scans, the public keys of QR tokens; and closing out ended sessions.
import type { Actor } from '../../shared/actor.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { CheckinInput, FindInput, LookupInput, SyncInput, UndoInput } from './checkin.schemas.js';
import { conflicts } from './conflicts.js';
import { findBookings } from './find.js';
import { lookup } from './lookup.js';
import { markNoShows, type NoShowsDeps } from './no-shows.js';
import { roster } from './roster.js';
import { scan, type ScanDeps } from './scan.js';
import { sync } from './sync.js';
import { undo } from './undo.js';

export function createCheckinService(deps: ScanDeps & { pii: PiiHasher }) {
  return {
    scan: (input: CheckinInput, actor: Actor) => scan(deps, input, actor),
    lookup: (input: LookupInput, actor: Actor) => lookup(deps, input, actor),
    find: (input: FindInput, actor: Actor) => findBookings(deps, input, actor),
    undo: (input: UndoInput, actor: Actor) => undo(deps, input, actor),
    roster: (query: { venueId?: number }, actor: Actor) => roster(deps, query, actor),
    sync: (input: SyncInput, actor: Actor) => sync(deps, input, actor),
    conflicts: (query: { venueId?: number; date?: string }, actor: Actor) => conflicts(deps, query, actor),
    keys: () => ({ keys: deps.signer.publicKeys() }),
  };
}

export function createNoShowsService(deps: NoShowsDeps) {
  return { markNoShows: () => markNoShows(deps) };
}

export type CheckinService = ReturnType<typeof createCheckinService>;
export type NoShowsService = ReturnType<typeof createNoShowsService>;
