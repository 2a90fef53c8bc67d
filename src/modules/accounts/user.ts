// Staff accounts: organisers (all venues), venue managers and door staff (their venues only).
import { asBool, asDate, asInt, asText, asTextOrNull } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import type { Role } from '../../shared/actor.js';

export interface User {
  id: number;
  username: string;
  displayName: string | null;
  passwordHash: string;
  role: Role;
  disabled: boolean;
  /** Bumped on logout, password reset and disabling: every token issued before is dead. */
  tokenVersion: number;
  createdAt: Date;
}

export function userOf(r: Row): User {
  return {
    id: asInt(r.id),
    username: asText(r.username),
    displayName: asTextOrNull(r.display_name),
    passwordHash: asText(r.password_hash),
    role: asText(r.role) as Role,
    disabled: asBool(r.disabled),
    tokenVersion: asInt(r.token_version),
    createdAt: asDate(r.created_at),
  };
}
