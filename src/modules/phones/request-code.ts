// A family asks for a one-time code: a new code replaces any earlier one of the phone, and goes out by text message at
// once (without a gateway, outside production, the message is written to the log like every message).
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { maskPhone } from '../../shared/masking.js';
import type { PiiHasher } from '../../shared/pii.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { codeExpiry, CODE_TTL_MINUTES, hashInput, newCode } from './phone-code.js';
import { phoneErrors } from './phones.errors.js';

export interface RequestCodeDeps {
  db: Database;
  clock: Clock;
  logger: Logger;
  pii: PiiHasher;
  notifications: Pick<NotificationsService, 'sendNow'>;
  /** Whether text messages reach this number (international numbers need a gateway that supports them). */
  reaches(phone: string): boolean;
}

export interface CodeSent {
  phone: string;
  expiresAt: string;
  ttlMinutes: number;
}

export async function requestCode(deps: RequestCodeDeps, input: { phone: string; language: 'zh' | 'en' }): Promise<CodeSent> {
  const { db, clock, pii } = deps;
  if (!deps.reaches(input.phone)) throw phoneErrors.unreachable();
  const now = clock.now();
  const code = newCode();
  const expiresAt = codeExpiry(now);
  const { insertId } = await db.sql.run(
    'INSERT INTO phone_codes (phone, code_hash, attempts, expires_at, used_at, created_at) VALUES (:phone, :hash, 0, :expiresAt, NULL, :now)',
    { phone: input.phone, hash: pii.hash(hashInput(input.phone, code), 'otp'), expiresAt, now },
  );
  const outcome = await deps.notifications.sendNow({
    dedupeKey: `phone_code:${insertId}`,
    template: 'phone_code',
    language: input.language,
    phone: input.phone,
    payload: { code, minutes: CODE_TTL_MINUTES },
  });
  deps.logger.info('phone code sent', { phone: maskPhone(input.phone), outcome });
  return { phone: maskPhone(input.phone), expiresAt: expiresAt.toISOString(), ttlMinutes: CODE_TTL_MINUTES };
}
