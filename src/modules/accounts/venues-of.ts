// The venues each staff account serves (user_venues), and its view and actor.
import { asInt } from '../../db/rows.js';
import type { Sql } from '../../db/sql.js';
import type { Actor } from '../../shared/actor.js';
import type { User } from './user.js';

export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  role: User['role'];
  venueIds: number[];
  disabled: boolean;
  createdAt: string;
}

export async function venueIdsOf(sql: Sql, userIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await sql.select<{ user_id: unknown; venue_id: unknown }>(
    'SELECT user_id, venue_id FROM user_venues WHERE user_id IN (:userIds) ORDER BY venue_id',
    {
      userIds,
    },
  );
  for (const r of rows) map.get(asInt(r.user_id))?.push(asInt(r.venue_id));
  return map;
}

export function userView(u: User, venueIds: number[]): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    venueIds: u.role === 'organiser' ? [] : venueIds,
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export function actorOf(u: User, venueIds: number[]): Actor {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, venueIds: u.role === 'organiser' ? [] : venueIds };
}
