// The settings table: every setting's environment variable, its key in config/*.json (if any), its rule and its doc,
// and how a value is read from the environment or the files and checked. config.ts assembles the Config from it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { projectRoot } from './shared/project-root.js';

/** A setting that is missing or wrong; `key` names the environment variable or config key. */
export class ConfigError extends Error {
  constructor(
    readonly key: string,
    problem: string,
  ) {
    super(`${key}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

interface Setting {
  env: string;
  file?: string;
  schema: Joi.Schema;
  doc: string;
}

// Every setting: its environment variable, its key in config/*.json (if any), and its rule.
export const SETTINGS = {
  port: { env: 'PORT', file: 'port', schema: Joi.number().integer().min(0).max(65535), doc: 'HTTP port' },
  host: { env: 'HOST', file: 'host', schema: Joi.string().min(1), doc: 'HTTP bind address' },
  logLevel: {
    env: 'LOG_LEVEL',
    file: 'logLevel',
    schema: Joi.string().valid('debug', 'info', 'warn', 'error', 'silent'),
    doc: 'least severe level logged',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    file: 'databaseUrl',
    schema: Joi.string().pattern(/^(sqlite:.+|mysql:\/\/.+)$/, 'sqlite:<path> | sqlite::memory: | mysql://user:pass@host:port/db'),
    doc: 'database to use',
  },
  databasePoolMax: {
    env: 'DATABASE_POOL_MAX',
    file: 'databasePoolMax',
    schema: Joi.number().integer().min(1).max(500),
    doc: 'MySQL connection pool size',
  },
  databaseLogging: {
    env: 'DATABASE_LOGGING',
    file: 'databaseLogging',
    schema: Joi.boolean(),
    doc: 'log every SQL statement',
  },
  databaseConnectTimeoutMs: {
    env: 'DATABASE_CONNECT_TIMEOUT_MS',
    file: 'databaseConnectTimeoutMs',
    schema: Joi.number().integer().min(100).max(600_000),
    doc: 'MySQL: how long opening a connection may take',
  },
  databaseAcquireTimeoutMs: {
    env: 'DATABASE_ACQUIRE_TIMEOUT_MS',
    file: 'databaseAcquireTimeoutMs',
    schema: Joi.number().integer().min(100).max(600_000),
    doc: 'MySQL: how long a request may wait for a pooled connection (503 database_unavailable after it)',
  },
  databaseStatementTimeoutMs: {
    env: 'DATABASE_STATEMENT_TIMEOUT_MS',
    file: 'databaseStatementTimeoutMs',
    schema: Joi.number().integer().min(100).max(600_000),
    doc: 'MySQL: how long one statement of a request may take (503 database_unavailable after it)',
  },
  databaseJobStatementTimeoutMs: {
    env: 'DATABASE_JOB_STATEMENT_TIMEOUT_MS',
    file: 'databaseJobStatementTimeoutMs',
    schema: Joi.number().integer().min(100).max(3_600_000),
    doc: 'MySQL: how long one statement of a scheduled job or of start-up may take',
  },
  now: { env: 'OPENDAY_NOW', schema: Joi.date().iso(), doc: 'pinned clock (not in production)' },
  seedDemo: { env: 'OPENDAY_SEED_DEMO', file: 'seedDemo', schema: Joi.boolean(), doc: 'seed demo data into an empty database at start' },
  editionYear: { env: 'EDITION_YEAR', schema: Joi.number().integer().min(2000).max(2200), doc: 'year of the demo edition' },
  tokenKeys: {
    env: 'OPENDAY_TOKEN_KEYS',
    schema: Joi.string().pattern(/^[A-Za-z0-9_-]{1,16}:[^,:]{32,}(,[A-Za-z0-9_-]{1,16}:[^,:]{32,})*$/, 'kid:secret[,kid:secret…], secrets of 32+ characters'),
    doc: 'QR token signing keys, newest first',
  },
  piiKey: { env: 'OPENDAY_PII_KEY', schema: Joi.string().min(32), doc: 'HMAC key for ID numbers' },
  authSecret: { env: 'OPENDAY_AUTH_SECRET', schema: Joi.string().min(32), doc: 'signing key of staff sign-in tokens' },
  tokenTtlMinutes: {
    env: 'AUTH_TOKEN_TTL_MINUTES',
    file: 'authTokenTtlMinutes',
    schema: Joi.number()
      .integer()
      .min(1)
      .max(60 * 24 * 30),
    doc: 'lifetime of a staff sign-in token',
  },
  jobsEnabled: { env: 'JOBS_ENABLED', file: 'jobsEnabled', schema: Joi.boolean(), doc: 'run the scheduled jobs in this process' },
  reminderTime: {
    env: 'REMINDER_TIME',
    file: 'reminderTime',
    schema: Joi.string().pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM'),
    doc: 'local time of the day-before reminders',
  },
  jobSchedules: {
    env: 'JOB_SCHEDULES',
    schema: Joi.object().pattern(Joi.string().pattern(/^[a-z-]+$/), Joi.string().max(100)),
    doc: 'JSON object: job name → cron expression replacing its default schedule',
  },
  smsGatewayUrl: {
    env: 'SMS_GATEWAY_URL',
    schema: Joi.string().uri({ scheme: ['http', 'https'] }),
    doc: 'HTTP SMS gateway (messages go to the log without it)',
  },
  smsGatewayToken: { env: 'SMS_GATEWAY_TOKEN', schema: Joi.string().min(1).max(500), doc: 'bearer token for the SMS gateway' },
  adminUser: { env: 'OPENDAY_ADMIN_USER', file: 'adminUser', schema: Joi.string().pattern(/^[a-z0-9._-]{3,64}$/), doc: 'username of the first organiser' },
  adminPassword: { env: 'OPENDAY_ADMIN_PASSWORD', schema: Joi.string().min(10).max(200), doc: 'password of the first organiser' },
  trustedProxies: {
    env: 'TRUSTED_PROXIES',
    file: 'trustedProxies',
    schema: Joi.alternatives(Joi.array().items(Joi.string().max(64)), Joi.string().allow('').max(2000)),
    doc: 'addresses or CIDR ranges of the reverse proxies whose X-Forwarded-* headers are believed (comma-separated)',
  },
  rateLimitsEnabled: { env: 'RATE_LIMITS_ENABLED', file: 'rateLimitsEnabled', schema: Joi.boolean(), doc: 'apply the rate limits (off only for load tests)' },
  rateLimits: {
    env: 'RATE_LIMITS',
    file: 'rateLimits',
    schema: Joi.object().pattern(
      Joi.string().pattern(/^[a-z]+(\.[a-z_]+)+$/),
      Joi.object({ points: Joi.number().integer().min(1).max(1_000_000).required(), seconds: Joi.number().integer().min(1).max(86_400).required() }),
    ),
    doc: 'JSON object: limit name → { points, seconds } replacing that limit (see the table of limits)',
  },
  shutdownDrainMs: {
    env: 'SHUTDOWN_DRAIN_MS',
    file: 'shutdownDrainMs',
    schema: Joi.number().integer().min(0).max(600_000),
    doc: 'after SIGTERM, how long connections are still accepted (answered with Connection: close, /readyz 503) before they are refused',
  },
  shutdownGraceMs: {
    env: 'SHUTDOWN_GRACE_MS',
    file: 'shutdownGraceMs',
    schema: Joi.number().integer().min(1000).max(600_000),
    doc: 'after SIGTERM, how long in-flight requests may take before they are cut and the process exits 1',
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: Joi.string().uri({ scheme: ['redis', 'rediss'] }),
    doc: 'Redis for the rate limits shared by every instance (else the database)',
  },
} satisfies Record<string, Setting>;

export type Key = keyof typeof SETTINGS;
const SECRET_KEYS = new Set<Key>(['tokenKeys', 'piiKey', 'authSecret', 'adminPassword', 'smsGatewayToken']);

export function readJson(file: string, key: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(key, `cannot read ${path.relative(projectRoot, file)}: ${(err as Error).message}`);
  }
}

export function pick(env: Env, fileValues: Record<string, unknown>, key: Key): unknown {
  const setting: Setting = SETTINGS[key];
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return setting.file ? fileValues[setting.file] : undefined;
}

export function validated<T>(key: Key, value: unknown): T | undefined {
  if (value === undefined) return undefined;
  const setting: Setting = SETTINGS[key];
  if (setting.schema.type === 'object' && typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new ConfigError(setting.env, 'must be a JSON object');
    }
  }
  const { error, value: result } = setting.schema.validate(value, { convert: true });
  if (error) {
    if (SECRET_KEYS.has(key)) {
      // Never echo a secret: Joi's pattern messages quote the value.
      const rule =
        key === 'tokenKeys'
          ? 'kid:secret[,kid:secret…] with secrets of 32+ characters'
          : key === 'adminPassword'
            ? '10 to 200 characters'
            : key === 'smsGatewayToken'
              ? '1 to 500 characters'
              : 'at least 32 characters';
      throw new ConfigError(setting.env, `must be ${rule}`);
    }
    throw new ConfigError(setting.env, `${error.message.replace(/^"value" /, '')}; got ${JSON.stringify(value)}`);
  }
  return result as T;
}

export function required<T>(key: Key, value: T | undefined): T {
  if (value === undefined) throw new ConfigError(SETTINGS[key].env, 'is required');
  return value;
}
