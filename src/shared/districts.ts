// What a district officer may read: the venues of their districts, never to change them.
import type { Actor } from './actor.js';
import { commonErrors } from './errors.js';

/**
 * The district a district officer's request is about: the one asked for, if theirs (403 otherwise); with none asked,
 * their only district, or all of theirs. Other roles get what they asked for (organisers may read any district).
 */
export function districtsFor(actor: Actor, asked: string | undefined): string[] | undefined {
  if (actor.role !== 'district_officer') return asked === undefined ? undefined : [asked];
  const mine = actor.districts ?? [];
  if (asked !== undefined) {
    if (!mine.includes(asked)) throw commonErrors.forbidden();
    return [asked];
  }
  return mine;
}

/** SQL condition on a venue alias for a district officer's venues (false when they have none). */
export function districtVenues(venue: string): string {
  return `${venue}.district IN (:districts)`;
}
