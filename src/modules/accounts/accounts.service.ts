// Staff accounts: sign-in, token checks, sign-out, and the organisers' account management.
import type { Actor } from '../../shared/actor.js';
import type { AccountsDeps } from './accounts.deps.js';
import { authenticate, login, logout, me } from './sign-in.js';
import { createUser, ensureUser, listUsers, updateUser, type NewUser, type UserChanges } from './users.js';

export function createAccountsService(deps: AccountsDeps) {
  return {
    login: (username: string, password: string, ip: string, deviceCookie?: string) => login(deps, username, password, ip, deviceCookie),
    authenticate: (token: string) => authenticate(deps, token),
    logout: (actor: Actor) => logout(deps, actor),
    me: (actor: Actor) => me(deps, actor),
    createUser: (input: NewUser, actor: Actor | null) => createUser(deps, input, actor),
    listUsers: () => listUsers(deps),
    updateUser: (id: number, changes: UserChanges, actor: Actor) => updateUser(deps, id, changes, actor),
    ensureUser: (input: NewUser) => ensureUser(deps, input),
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
