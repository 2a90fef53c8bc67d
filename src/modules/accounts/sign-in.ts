// Staff sign-in with throttling, token checks, and signing out everywhere.
import type { Actor } from '../../shared/actor.js';
import { accountErrors } from './accounts.errors.js';
import type { AccountsDeps } from './accounts.deps.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { userOf, type User } from './user.js';
import { actorOf, userView, venueIdsOf, type UserView } from './venues-of.js';

export async function userByName(deps: Pick<AccountsDeps, 'db'>, username: string): Promise<User | undefined> {
  const row = await deps.db.sql.first('SELECT * FROM users WHERE username = :username', { username: username.toLowerCase() });
  return row && userOf(row);
}

export async function userById(deps: Pick<AccountsDeps, 'db'>, id: number): Promise<User | undefined> {
  const row = await deps.db.sql.first('SELECT * FROM users WHERE id = :id', { id });
  return row && userOf(row);
}

export async function login(deps: AccountsDeps, username: string, password: string, ip: string): Promise<{ token: string; expiresAt: string; user: UserView }> {
  const { throttle, audit, clock, config, logger, tokens } = deps;
  const keys = [`user:${username.toLowerCase()}`, `ip:${ip}`];
  await throttle.check(keys);
  const user = await userByName(deps, username);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await throttle.failed(keys);
    await audit.record({ actor: null, action: 'auth.login_failed', targetType: 'user', targetId: username.slice(0, 64), details: { ip } });
    throw accountErrors.badCredentials();
  }
  await throttle.succeeded(keys[0]!);
  const iat = Math.floor(clock.now().getTime() / 1000);
  const exp = iat + config.auth.tokenTtlMinutes * 60;
  const token = tokens.issue({ sub: user.id, ver: user.tokenVersion, iat, exp });
  const venueIds = (await venueIdsOf(deps.db.sql, [user.id])).get(user.id) ?? [];
  await audit.record({ actor: user, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip } });
  logger.info('staff signed in', { userId: user.id, role: user.role });
  return { token, expiresAt: new Date(exp * 1000).toISOString(), user: userView(user, venueIds) };
}

/** The actor behind a token, or undefined when the token is bad, expired, revoked or the account disabled. */
export async function authenticate(deps: AccountsDeps, token: string): Promise<Actor | undefined> {
  const claims = deps.tokens.verify(token, deps.clock.now());
  if (!claims) return undefined;
  const user = await userById(deps, claims.sub);
  if (!user || user.disabled || user.tokenVersion !== claims.ver) return undefined;
  return actorOf(user, (await venueIdsOf(deps.db.sql, [user.id])).get(user.id) ?? []);
}

/** Ends every session of the account: tokens carry the version they were issued under. */
export async function logout(deps: AccountsDeps, actor: Actor): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await tx.run('UPDATE users SET token_version = token_version + 1, updated_at = :now WHERE id = :id', { id: actor.id, now: deps.clock.now() });
    await deps.audit.record({ actor, action: 'auth.logout', targetType: 'user', targetId: actor.id }, tx);
  });
}

export async function me(deps: AccountsDeps, actor: Actor): Promise<UserView> {
  const user = await userById(deps, actor.id);
  if (!user) throw accountErrors.noAccount();
  return userView(user, actor.venueIds);
}
