// Staff accounts for tests: created through the accounts service, signed in for a bearer header.
import type { Role } from '../../src/shared/actor.js';
import type { Harness } from './harness.js';

let n = 0;

export interface Staff {
  id: number;
  username: string;
  password: string;
  headers: Record<string, string>;
}

export async function signedIn(h: Harness, role: Role, venueIds: number[] = []): Promise<Staff> {
  const username = `${role.replace('_', '')}${++n}`;
  const password = `pw-${username}-long-enough`;
  const user = await h.services.accounts.createUser({ username, password, role, venueIds }, null);
  const { token } = await h.services.accounts.login(username, password, '127.0.0.1');
  return { id: user.id, username, password, headers: { authorization: `Bearer ${token}` } };
}
