// Organisers manage staff accounts: create, list, change role or venues, disable, reset a password. Every change is
// audited in its transaction; a new password, a new role or disabling ends the account's open sessions.
import { duplicateKeys, type Sql } from '../../db/sql.js';
import type { Actor, Role } from '../../shared/actor.js';
import { ValidationError } from '../../shared/errors.js';
import { accountErrors } from './accounts.errors.js';
import type { AccountsDeps } from './accounts.deps.js';
import { hashPassword } from './password.js';
import { userById, userByName } from './sign-in.js';
import { userOf } from './user.js';
import { districtsOf, userView, venueIdsOf, type UserView } from './venues-of.js';

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  venueIds: number[];
  districts?: string[];
  displayName?: string | null;
}

export interface UserChanges {
  role?: Role;
  venueIds?: number[];
  districts?: string[];
  disabled?: boolean;
  password?: string;
  displayName?: string | null;
}

async function checkVenues(deps: Pick<AccountsDeps, 'db'>, role: Role, venueIds: number[], field: string): Promise<number[]> {
  const unique = [...new Set(venueIds)];
  if (role === 'organiser' || role === 'district_officer') return [];
  if (unique.length === 0) throw new ValidationError([{ field, message: `${field} must name at least one venue for a ${role}`, type: 'array.min' }]);
  const found = await deps.db.sql.first<{ n: unknown }>('SELECT COUNT(*) AS n FROM venues WHERE id IN (:ids)', { ids: unique });
  if (Number(found?.n ?? 0) !== unique.length)
    throw new ValidationError([{ field, message: `${field} names a venue that does not exist`, type: 'any.invalid' }]);
  return unique;
}

/** A district officer reads one or more districts; other roles none. */
function checkDistricts(role: Role, districts: string[]): string[] {
  if (role !== 'district_officer') return [];
  const unique = [...new Set(districts)].sort();
  if (unique.length === 0)
    throw new ValidationError([{ field: 'districts', message: 'districts must name at least one district for a district_officer', type: 'array.min' }]);
  return unique;
}

async function setDistricts(tx: Sql, userId: number, districts: string[]): Promise<void> {
  await tx.run('DELETE FROM user_districts WHERE user_id = :userId', { userId });
  for (const district of districts) await tx.run('INSERT INTO user_districts (user_id, district) VALUES (:userId, :district)', { userId, district });
}

async function setVenues(tx: Sql, userId: number, venueIds: number[]): Promise<void> {
  await tx.run('DELETE FROM user_venues WHERE user_id = :userId', { userId });
  for (const venueId of venueIds) await tx.run('INSERT INTO user_venues (user_id, venue_id) VALUES (:userId, :venueId)', { userId, venueId });
}

export async function createUser(deps: AccountsDeps, input: NewUser, actor: Actor | null): Promise<UserView> {
  const venueIds = await checkVenues(deps, input.role, input.venueIds, 'venueIds');
  const districts = checkDistricts(input.role, input.districts ?? []);
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction(async (tx) => {
      const { insertId } = await tx.run(
        `INSERT INTO users (username, display_name, password_hash, role, disabled, token_version, created_at, updated_at)
         VALUES (:username, :displayName, :passwordHash, :role, :disabled, 1, :now, :now)`,
        { username: input.username.toLowerCase(), displayName: input.displayName ?? null, passwordHash, role: input.role, disabled: false, now },
      );
      await setVenues(tx, insertId, venueIds);
      await setDistricts(tx, insertId, districts);
      const created = userView(userOf((await tx.first('SELECT * FROM users WHERE id = :id', { id: insertId }))!), venueIds, districts);
      await deps.audit.record({ actor, action: 'user.create', targetType: 'user', targetId: insertId, after: created }, tx);
      return created;
    });
  } catch (err) {
    if (duplicateKeys(err)) throw accountErrors.usernameTaken(input.username);
    throw err;
  }
}

export async function listUsers(deps: AccountsDeps): Promise<{ items: UserView[] }> {
  const users = (await deps.db.sql.select('SELECT * FROM users ORDER BY id')).map(userOf);
  const venues = await venueIdsOf(
    deps.db.sql,
    users.map((u) => u.id),
  );
  const districts = await districtsOf(
    deps.db.sql,
    users.map((u) => u.id),
  );
  return { items: users.map((u) => userView(u, venues.get(u.id) ?? [], districts.get(u.id) ?? [])) };
}

export async function updateUser(deps: AccountsDeps, id: number, changes: UserChanges, actor: Actor): Promise<UserView> {
  const user = await userById(deps, id);
  if (!user) throw accountErrors.noAccount(id);
  const before = userView(user, (await venueIdsOf(deps.db.sql, [id])).get(id) ?? [], (await districtsOf(deps.db.sql, [id])).get(id) ?? []);
  const role = changes.role ?? user.role;
  const districtsChange = changes.districts !== undefined || changes.role !== undefined;
  const districts = districtsChange ? checkDistricts(role, changes.districts ?? before.districts) : before.districts;
  const venuesChange = changes.venueIds !== undefined || changes.role !== undefined;
  const venueIds = venuesChange ? await checkVenues(deps, role, changes.venueIds ?? before.venueIds, 'venueIds') : before.venueIds;
  const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
  // A new password, a new role or a disabled account ends every open session of it.
  const revoke = passwordHash !== undefined || changes.disabled === true || (changes.role !== undefined && changes.role !== user.role);
  return deps.db.transaction(async (tx) => {
    await tx.run(
      `UPDATE users SET role = :role, display_name = :displayName, disabled = :disabled, password_hash = :passwordHash,
              token_version = token_version + :bump, updated_at = :now
       WHERE id = :id`,
      {
        role,
        displayName: changes.displayName !== undefined ? changes.displayName : user.displayName,
        disabled: changes.disabled ?? user.disabled,
        passwordHash: passwordHash ?? user.passwordHash,
        bump: revoke ? 1 : 0,
        now: deps.clock.now(),
        id,
      },
    );
    if (venuesChange) await setVenues(tx, id, venueIds);
    if (districtsChange) await setDistricts(tx, id, districts);
    const after = userView(userOf((await tx.first('SELECT * FROM users WHERE id = :id', { id }))!), venueIds, districts);
    await deps.audit.record(
      { actor, action: 'user.update', targetType: 'user', targetId: id, before, after, details: passwordHash ? { passwordReset: true } : undefined },
      tx,
    );
    return after;
  });
}

/** Creates the account if its username is free; used at start (first organiser), by the CLI and the demo seed. */
export async function ensureUser(deps: AccountsDeps, input: NewUser): Promise<boolean> {
  if (await userByName(deps, input.username)) return false;
  try {
    await createUser(deps, input, null);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'username_taken') return false;
    throw err;
  }
}
