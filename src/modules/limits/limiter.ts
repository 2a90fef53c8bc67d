// Counts attempts against the limits of limits.config.ts, shared by every instance: in Redis when REDIS_URL is set,
// else in the database (MySQL: the rate_limits table), else in this process (SQLite is one process anyway). Counting
// comes first and is atomic, so a burst of simultaneous attempts cannot all slip under a limit. A counter store that
// fails (Redis or the database down) lets the attempt through and logs it: limits protect, they must not take the
// service down with them.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterMySQL, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../../config.js';
import type { Database } from '../../db/database.js';
import type { Logger } from '../../shared/logger.js';
import { limitRules, type LimitName } from './limits.config.js';
import { limitErrors } from './limits.errors.js';

export interface LimiterDeps {
  config: Readonly<Config>;
  db: Database;
  logger: Logger;
}

export interface Limiter {
  readonly enabled: boolean;
  knows(name: string): boolean;
  /** Counts one attempt; refuses (429 rate_limited, with the seconds to wait) once the window's allowance is used. */
  consume(name: LimitName, key: string): Promise<void>;
  /** Whether `key` has used up its allowance, without counting (an error of `make` when it has). */
  check<E>(name: LimitName, key: string, make: (retryAfterSeconds: number) => E): Promise<void>;
  /** Gives one attempt back (a look-up that succeeded, a sign-in that did). */
  refund(name: LimitName, key: string): Promise<void>;
  /** Forgets a key's count (after a successful sign-in from a trusted device, say). */
  reset(name: LimitName, key: string): Promise<void>;
  /**
   * Deletes counters whose window has ended (the database store only: Redis expires its keys, memory is bounded by the
   * windows). Every anonymous attempt may add a row, so the table is pruned on a schedule. Answers the rows deleted.
   */
  prune(now: Date): Promise<number>;
  close(): Promise<void>;
}

export function createLimiter({ config, db, logger }: LimiterDeps): Limiter {
  const rules = limitRules(config.limits.overrides);
  const redis = config.limits.redisUrl
    ? new Redis(config.limits.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  redis?.on('error', (err: Error) => logger.warn('redis: rate-limit store unavailable', { err: err.message }));
  const store = db.counterStore();
  const limiters = new Map<LimitName, RateLimiterAbstract>();

  function limiterOf(name: LimitName): RateLimiterAbstract {
    let l = limiters.get(name);
    if (!l) {
      const opts = { keyPrefix: `rl:${name}`, points: rules[name].points, duration: rules[name].seconds };
      if (redis) l = new RateLimiterRedis({ ...opts, storeClient: redis, rejectIfRedisNotReady: true });
      else if (store) l = new RateLimiterMySQL({ ...opts, ...store, tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false });
      else l = new RateLimiterMemory(opts);
      limiters.set(name, l);
    }
    return l;
  }

  /** A store failure lets the attempt through (and is logged once per minute at most). */
  let lastStoreWarning = 0;
  function storeFailed(name: LimitName, err: unknown): void {
    if (Date.now() - lastStoreWarning < 60_000) return;
    lastStoreWarning = Date.now();
    logger.warn('rate limits: counter store failed, attempts let through', { limit: name, err: (err as Error)?.message ?? String(err) });
  }

  // A counter store that hangs (a frozen database or Redis) must not hold the request: past the statement deadline
  // the attempt goes through as when the store fails.
  const deadlineMs = config.database.deadlines?.statementMs ?? 5_000;
  function inTime<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`rate-limit store gave no answer within ${deadlineMs} ms`)), deadlineMs);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  }

  const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  const enabled = config.limits.enabled;
  return {
    enabled,
    knows: (name) => name in rules,
    async consume(name, key) {
      if (!enabled) return;
      try {
        await inTime(limiterOf(name).consume(key));
      } catch (err) {
        if (err instanceof RateLimiterRes) throw limitErrors.rateLimited(retryAfter(err));
        storeFailed(name, err);
      }
    },
    async check(name, key, make) {
      if (!enabled) return;
      let res: RateLimiterRes | null = null;
      try {
        res = await inTime(limiterOf(name).get(key));
      } catch (err) {
        storeFailed(name, err);
      }
      if (res && res.consumedPoints >= rules[name].points) throw make(retryAfter(res));
    },
    async refund(name, key) {
      if (!enabled) return;
      await inTime(limiterOf(name).reward(key)).catch((err: unknown) => storeFailed(name, err));
    },
    async reset(name, key) {
      if (!enabled) return;
      await inTime(limiterOf(name).delete(key)).catch((err: unknown) => storeFailed(name, err));
    },
    async prune(now) {
      if (redis || !store) return 0;
      const { affectedRows } = await db.sql.run('DELETE FROM rate_limits WHERE expire < :now', { now: now.getTime() });
      return affectedRows;
    },
    async close() {
      redis?.disconnect();
    },
  };
}
