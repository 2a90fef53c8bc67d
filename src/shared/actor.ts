// Who is acting: a signed-in staff member, their role and the venues they serve. Routes declare the roles they admit
// (shared/http/route-table.ts); services check the venue of the thing acted on.
import { commonErrors } from './errors.js';

/** district_officer: a district's science department, reading its districts' venues, sessions and reports. */
export const ROLES = ['organiser', 'venue_manager', 'door_staff', 'district_officer'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  /** Venues served; organisers serve every venue and carry an empty list. */
  venueIds: number[];
  /** A district officer's districts (read only); empty for the other roles. */
  districts?: string[];
}

export function servesVenue(actor: Actor, venueId: number): boolean {
  return actor.role === 'organiser' || actor.venueIds.includes(venueId);
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw commonErrors.unauthenticated();
  return actor;
}

export function requireRole(actor: Actor | undefined, roles: readonly Role[]): Actor {
  const a = requireActor(actor);
  if (!roles.includes(a.role)) throw commonErrors.forbidden();
  return a;
}

/** For a venue the actor does not serve: 403, and nothing about the venue. */
export function requireVenue(actor: Actor, venueId: number): void {
  if (!servesVenue(actor, venueId)) throw commonErrors.forbidden();
}
