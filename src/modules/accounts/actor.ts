// Who is acting: a signed-in staff member and the venues they serve.
import { ForbiddenError, UnauthenticatedError } from '../../shared/errors.js';
import type { Role } from './user.model.js';

export interface Actor {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  /** Venues served; organisers serve every venue and carry an empty list. */
  venueIds: number[];
}

export function servesVenue(actor: Actor, venueId: number): boolean {
  return actor.role === 'organiser' || actor.venueIds.includes(venueId);
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new UnauthenticatedError('unauthenticated', { zh: '请先登录', en: 'Sign in first' });
  return actor;
}

export function forbidden(): ForbiddenError {
  return new ForbiddenError('forbidden', { zh: '无权执行此操作', en: 'You are not allowed to do this' });
}

export function requireRole(actor: Actor | undefined, ...roles: Role[]): Actor {
  const a = requireActor(actor);
  if (!roles.includes(a.role)) throw forbidden();
  return a;
}

/** For a venue the actor does not serve: 403, and nothing about the venue. */
export function requireVenue(actor: Actor, venueId: number): void {
  if (!servesVenue(actor, venueId)) throw forbidden();
}
