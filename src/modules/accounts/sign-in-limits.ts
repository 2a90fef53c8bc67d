// How failed sign-ins are limited (docs/operations.md, "Staff sign-in"). Every attempt is counted before the password
// is checked, atomically, so thirty wrong passwords sent at once meet the limit like thirty sent one by one; an attempt
// that succeeds is given back. From a device the account has signed in on before, only that device's count applies;
// from anywhere else, the address's, the account-and-address's and the account's counts for untrusted devices apply.
import { AppError } from '../../shared/errors.js';
import type { LimitName } from '../limits/limits.config.js';
import type { Limiter } from '../limits/limiter.js';
import { accountErrors } from './accounts.errors.js';
import type { TrustedDevice } from './device-trust.js';

export type Counted = [LimitName, string][];

/** Counts the attempt; refuses with 429 too_many_attempts when a count is used up. Answers what it counted. */
export async function countSignIn(limiter: Limiter, account: string, ip: string, device: TrustedDevice | undefined): Promise<Counted> {
  const counts: Counted = device
    ? [['signin.device', `${account}|${device.deviceId}`]]
    : [
        ['signin.ip', ip],
        ['signin.account_ip', `${account}|${ip}`],
        ['signin.account', account],
      ];
  const counted: Counted = [];
  try {
    for (const [name, key] of counts) {
      await limiter.consume(name, key);
      counted.push([name, key]);
    }
  } catch (err) {
    if (err instanceof AppError && err.code === 'rate_limited') throw accountErrors.tooManyAttempts(Number(err.details?.retryAfterSeconds ?? 60));
    throw err;
  }
  return counted;
}

/** A successful sign-in takes its attempt back. */
export async function signedInGiveBack(limiter: Limiter, counted: Counted): Promise<void> {
  for (const [name, key] of counted) await limiter.refund(name, key);
}
