// Staff sign-in with throttling, token checks, and signing out everywhere.
import type { Actor } from '../../shared/actor.js';
import { accountErrors } from './accounts.errors.js';
import type { AccountsDeps } from './accounts.deps.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { countSignIn, signedInGiveBack } from './sign-in-limits.js';
import { userOf, type User } from './user.js';
import { actorOf, districtsOf, userView, venueIdsOf, type UserView } from './venues-of.js';

export async function userByName(deps: Pick<AccountsDeps, 'db'>, username: string): Promise<User | undefined> {
  const row = await deps.db.sql.first('SELECT * FROM users WHERE username = :username', { username: username.toLowerCase() });
  return row && userOf(row);
}

export async function userById(deps: Pick<AccountsDeps, 'db'>, id: number): Promise<User | undefined> {
  const row = await deps.db.sql.first('SELECT * FROM users WHERE id = :id', { id });
  return row && userOf(row);
}

export interface SignedIn {
  token: string;
  expiresAt: string;
  user: UserView;
  /** The cookie value that marks this device as one the account signs in on. */
  device: string;
}

export async function login(deps: AccountsDeps, username: string, password: string, ip: string, deviceCookie?: string): Promise<SignedIn> {
  const { limiter, devices, audit, clock, config, logger, tokens } = deps;
  const account = username.toLowerCase();
  const device = devices.verify(deviceCookie, account, clock.now());
  const counted = await countSignIn(limiter, account, ip, device);
  const user = await userByName(deps, account);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !ok || user.disabled) {
    await audit.record({
      actor: null,
      action: 'auth.login_failed',
      targetType: 'user',
      targetId: username.slice(0, 64),
      details: { ip, knownDevice: Boolean(device) },
    });
    throw accountErrors.badCredentials();
  }
  await signedInGiveBack(limiter, counted);
  const now = clock.now();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + config.auth.tokenTtlMinutes * 60;
  const token = tokens.issue({ sub: user.id, ver: user.tokenVersion, iat, exp });
  const venueIds = (await venueIdsOf(deps.db.sql, [user.id])).get(user.id) ?? [];
  await audit.record({ actor: user, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip, knownDevice: Boolean(device) } });
  logger.info('staff signed in', { userId: user.id, role: user.role });
  return { token, expiresAt: new Date(exp * 1000).toISOString(), user: userView(user, venueIds), device: devices.issue(account, now, device?.deviceId) };
}

/** The actor behind a token, or undefined when the token is bad, expired, revoked or the account disabled. */
export async function authenticate(deps: AccountsDeps, token: string): Promise<Actor | undefined> {
  const claims = deps.tokens.verify(token, deps.clock.now());
  if (!claims) return undefined;
  const user = await userById(deps, claims.sub);
  if (!user || user.disabled || user.tokenVersion !== claims.ver) return undefined;
  const districts = user.role === 'district_officer' ? ((await districtsOf(deps.db.sql, [user.id])).get(user.id) ?? []) : [];
  return actorOf(user, (await venueIdsOf(deps.db.sql, [user.id])).get(user.id) ?? [], districts);
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
  return userView(user, actor.venueIds, actor.districts);
}
