// Staff accounts: sign-in with throttling, token checks, and the organisers' account management.
import { Op, QueryTypes, UniqueConstraintError, type Transaction } from 'sequelize';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Actor } from './actor.js';
import { createAuthTokens } from './auth-token.js';
import type { LoginThrottle } from './login-throttle.js';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.js';
import type { Role, User } from './user.model.js';

export interface AccountsDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  config: Readonly<Config>;
  audit: AuditService;
  throttle: LoginThrottle;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  venueIds: number[];
  displayName?: string | null;
}

export interface UserChanges {
  role?: Role;
  venueIds?: number[];
  disabled?: boolean;
  password?: string;
  displayName?: string | null;
}

export interface UserView {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  venueIds: number[];
  disabled: boolean;
  createdAt: string;
}

const BAD_CREDENTIALS = { zh: '用户名或密码错误', en: 'Wrong username or password' };

export function createAccountsService({ db, clock, logger, config, audit, throttle }: AccountsDeps) {
  const { User } = db.models;
  const tokens = createAuthTokens(config.secrets.authSecret);

  async function venueIdsOf(userIds: number[], t?: Transaction): Promise<Map<number, number[]>> {
    const map = new Map<number, number[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return map;
    const rows = await db.sequelize.query<{ user_id: number; venue_id: number }>(
      'SELECT user_id, venue_id FROM user_venues WHERE user_id IN (:userIds) ORDER BY venue_id',
      { type: QueryTypes.SELECT, replacements: { userIds }, transaction: t },
    );
    for (const r of rows) map.get(Number(r.user_id))?.push(Number(r.venue_id));
    return map;
  }

  function view(u: User, venueIds: number[]): UserView {
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

  function actorOf(u: User, venueIds: number[]): Actor {
    return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, venueIds: u.role === 'organiser' ? [] : venueIds };
  }

  async function login(username: string, password: string, ip: string) {
    const keys = [`user:${username.toLowerCase()}`, `ip:${ip}`];
    await throttle.check(keys);
    const user = await User.findOne({ where: { username: username.toLowerCase() } });
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok || user.disabled) {
      await throttle.failed(keys);
      await audit.record({ actor: null, action: 'auth.login_failed', targetType: 'user', targetId: username.slice(0, 64), details: { ip } });
      throw new UnauthenticatedError('invalid_credentials', BAD_CREDENTIALS);
    }
    await throttle.succeeded(keys[0]!);
    const now = clock.now();
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + config.auth.tokenTtlMinutes * 60;
    const token = tokens.issue({ sub: user.id, ver: user.tokenVersion, iat, exp });
    const venueIds = (await venueIdsOf([user.id])).get(user.id) ?? [];
    await audit.record({ actor: user, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip } });
    logger.info('staff signed in', { userId: user.id, role: user.role });
    return { token, expiresAt: new Date(exp * 1000).toISOString(), user: view(user, venueIds) };
  }

  /** The actor behind a token, or undefined when the token is bad, expired, revoked or the account disabled. */
  async function authenticate(token: string): Promise<Actor | undefined> {
    const claims = tokens.verify(token, clock.now());
    if (!claims) return undefined;
    const user = await User.findByPk(claims.sub);
    if (!user || user.disabled || user.tokenVersion !== claims.ver) return undefined;
    return actorOf(user, (await venueIdsOf([user.id])).get(user.id) ?? []);
  }

  /** Ends every session of the account: tokens carry the version they were issued under. */
  async function logout(actor: Actor): Promise<void> {
    await db.transaction(async (t) => {
      await db.sequelize.query('UPDATE users SET token_version = token_version + 1, updated_at = :now WHERE id = :id', {
        replacements: { id: actor.id, now: clock.now() },
        transaction: t,
      });
      await audit.record({ actor, action: 'auth.logout', targetType: 'user', targetId: actor.id }, t);
    });
  }

  async function me(actor: Actor): Promise<UserView> {
    const user = await User.findByPk(actor.id);
    if (!user) throw new NotFoundError();
    return view(user, actor.venueIds);
  }

  async function checkVenues(role: Role, venueIds: number[], field: string): Promise<number[]> {
    const unique = [...new Set(venueIds)];
    if (role === 'organiser') return [];
    if (unique.length === 0) {
      throw new ValidationError([{ field, message: `${field} must name at least one venue for a ${role}`, type: 'array.min' }]);
    }
    const found = await db.models.Venue.count({ where: { id: { [Op.in]: unique } } });
    if (found !== unique.length) throw new ValidationError([{ field, message: `${field} names a venue that does not exist`, type: 'any.invalid' }]);
    return unique;
  }

  async function setVenues(userId: number, venueIds: number[], t: Transaction): Promise<void> {
    await db.sequelize.query('DELETE FROM user_venues WHERE user_id = :userId', { replacements: { userId }, transaction: t });
    for (const venueId of venueIds) {
      await db.sequelize.query('INSERT INTO user_venues (user_id, venue_id) VALUES (:userId, :venueId)', { replacements: { userId, venueId }, transaction: t });
    }
  }

  async function createUser(input: NewUser, actor: Actor | null): Promise<UserView> {
    const venueIds = await checkVenues(input.role, input.venueIds, 'venueIds');
    const passwordHash = await hashPassword(input.password);
    try {
      return await db.transaction(async (t) => {
        const user = await User.create(
          { username: input.username.toLowerCase(), displayName: input.displayName ?? null, passwordHash, role: input.role },
          { transaction: t },
        );
        await setVenues(user.id, venueIds, t);
        const created = view(user, venueIds);
        await audit.record({ actor, action: 'user.create', targetType: 'user', targetId: user.id, after: created }, t);
        return created;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) {
        throw new ConflictError('username_taken', { zh: '用户名已被占用', en: 'This username is taken' }, { username: input.username });
      }
      throw err;
    }
  }

  async function listUsers(): Promise<{ items: UserView[] }> {
    const users = await User.findAll({ order: [['id', 'ASC']] });
    const venues = await venueIdsOf(users.map((u) => u.id));
    return { items: users.map((u) => view(u, venues.get(u.id) ?? [])) };
  }

  async function updateUser(id: number, changes: UserChanges, actor: Actor): Promise<UserView> {
    const user = await User.findByPk(id);
    if (!user) throw new NotFoundError({ zh: '未找到该账号', en: 'No such account' }, { userId: id });
    const before = view(user, (await venueIdsOf([id])).get(id) ?? []);
    const role = changes.role ?? user.role;
    const venueIds =
      changes.venueIds !== undefined || changes.role !== undefined ? await checkVenues(role, changes.venueIds ?? before.venueIds, 'venueIds') : before.venueIds;
    const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
    // A new password, a new role or a disabled account ends every open session of it.
    const revoke = passwordHash !== undefined || changes.disabled === true || (changes.role !== undefined && changes.role !== user.role);
    return db.transaction(async (t) => {
      await user.update(
        {
          role,
          ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
          ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
          ...(passwordHash ? { passwordHash } : {}),
          ...(revoke ? { tokenVersion: user.tokenVersion + 1 } : {}),
          updatedAt: clock.now(),
        },
        { transaction: t },
      );
      if (changes.venueIds !== undefined || changes.role !== undefined) await setVenues(id, venueIds, t);
      const after = view(user, venueIds);
      await audit.record(
        { actor, action: 'user.update', targetType: 'user', targetId: id, before, after, details: passwordHash ? { passwordReset: true } : undefined },
        t,
      );
      return after;
    });
  }

  /** Creates the account if its username is free; used at start (first organiser), by the CLI and the demo seed. */
  async function ensureUser(input: NewUser): Promise<boolean> {
    if (await User.findOne({ where: { username: input.username.toLowerCase() } })) return false;
    try {
      await createUser(input, null);
      return true;
    } catch (err) {
      if (err instanceof ConflictError) return false;
      throw err;
    }
  }

  return { login, authenticate, logout, me, createUser, listUsers, updateUser, ensureUser };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
