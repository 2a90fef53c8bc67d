// A family types the code back: the phone's latest code, unexpired, unused, within its tries. Each try is counted
// before the code is compared (one conditional UPDATE), and a right code is spent by another, so two requests racing
// with the same code cannot both get a token.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { maskPhone } from '../../shared/masking.js';
import type { PiiHasher } from '../../shared/pii.js';
import { timingSafeEqual } from 'node:crypto';
import { CODE_MAX_ATTEMPTS, hashInput, phoneCodeOf } from './phone-code.js';
import type { PhoneTokens } from './phone-token.js';
import { phoneErrors } from './phones.errors.js';

export interface VerifyCodeDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  tokens: PhoneTokens;
}

export interface PhoneProof {
  token: string;
  /** ISO instant. */
  expiresAt: string;
  phone: string;
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function verifyCode(deps: VerifyCodeDeps, input: { phone: string; code: string }): Promise<PhoneProof> {
  const { db, clock, pii } = deps;
  const now = clock.now();
  const row = await db.sql.first('SELECT * FROM phone_codes WHERE phone = :phone ORDER BY id DESC LIMIT 1', { phone: input.phone });
  if (!row) throw phoneErrors.noCode();
  const latest = phoneCodeOf(row);
  if (latest.usedAt) throw phoneErrors.codeUsed();
  if (latest.expiresAt <= now) throw phoneErrors.codeExpired();
  const counted = await db.sql.run('UPDATE phone_codes SET attempts = attempts + 1 WHERE id = :id AND attempts < :max AND used_at IS NULL', {
    id: latest.id,
    max: CODE_MAX_ATTEMPTS,
  });
  if (counted.affectedRows !== 1) {
    const again = phoneCodeOf((await db.sql.first('SELECT * FROM phone_codes WHERE id = :id', { id: latest.id }))!);
    throw again.usedAt ? phoneErrors.codeUsed() : phoneErrors.tooManyTries(CODE_MAX_ATTEMPTS);
  }
  if (!sameHash(latest.codeHash, pii.hash(hashInput(input.phone, input.code), 'otp'))) {
    throw phoneErrors.wrongCode(CODE_MAX_ATTEMPTS - latest.attempts - 1);
  }
  const spent = await db.sql.run('UPDATE phone_codes SET used_at = :now WHERE id = :id AND used_at IS NULL', { id: latest.id, now });
  if (spent.affectedRows !== 1) throw phoneErrors.codeUsed();
  const { token, expiresAt } = deps.tokens.issue(input.phone, now);
  deps.logger.info('phone verified', { phone: maskPhone(input.phone) });
  return { token, expiresAt: expiresAt.toISOString(), phone: maskPhone(input.phone) };
}
