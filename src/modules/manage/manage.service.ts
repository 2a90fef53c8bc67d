// Staff management of sessions: each use case in its own file under sessions/ (venues: src/modules/venues).
import type { Actor } from '../../shared/actor.js';
import type { ManageSessionsQuery, NewSessionInput, SessionChanges } from './manage.schemas.js';
import type { ManageDeps } from './managed-session.js';
import { cancelSession } from './sessions/cancel.js';
import { createSession } from './sessions/create.js';
import { listManagedSessions } from './sessions/list.js';
import { sessionRoster } from './sessions/roster.js';
import { updateSession } from './sessions/update.js';

export function createManageService(deps: ManageDeps) {
  return {
    listSessions: (actor: Actor, query: ManageSessionsQuery) => listManagedSessions(deps, actor, query),
    createSession: (actor: Actor, input: NewSessionInput) => createSession(deps, actor, input),
    updateSession: (actor: Actor, id: number, changes: SessionChanges) => updateSession(deps, actor, id, changes),
    cancelSession: (actor: Actor, id: number, reason: string) => cancelSession(deps, actor, id, reason),
    roster: (actor: Actor, id: number) => sessionRoster(deps, actor, id),
  };
}

export type ManageService = ReturnType<typeof createManageService>;
