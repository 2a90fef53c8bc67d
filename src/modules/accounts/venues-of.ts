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
  /** A district officer's districts. */
  districts: string[];
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

/** The districts of district officers (user_districts). */
export async function districtsOf(sql: Sql, userIds: number[]): Promise<Map<number, string[]>> {
  const map = new Map<number, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return map;
  const rows = await sql.select<{ user_id: unknown; district: string }>(
    'SELECT user_id, district FROM user_districts WHERE user_id IN (:userIds) ORDER BY district',
    {
      userIds,
    },
  );
  for (const r of rows) map.get(asInt(r.user_id))?.push(r.district);
  return map;
}

export function userView(u: User, venueIds: number[], districts: string[] = []): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    venueIds: u.role === 'organiser' || u.role === 'district_officer' ? [] : venueIds,
    districts: u.role === 'district_officer' ? districts : [],
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

export function actorOf(u: User, venueIds: number[], districts: string[] = []): Actor {
  const view = userView(u, venueIds, districts);
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, venueIds: view.venueIds, districts: view.districts };
}
