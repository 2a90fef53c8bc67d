// The one place that reads configuration: config/<env>.json defaults, then the environment.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { invalidProxyEntries } from './shared/http/forwarded.js';
import type { LogLevel } from './shared/logger.js';
import { projectRoot } from './shared/project-root.js';
import { ConfigError, pick, readJson, required, validated, type Env, type Key } from './settings.js';

export { ConfigError } from './settings.js';

export type NodeEnv = 'development' | 'test' | 'production';

export interface DatabaseConfig {
  url: string;
  dialect: 'sqlite' | 'mysql';
  /** SQLite only: a file path or ':memory:'. */
  storage?: string;
  /** MySQL only. */
  host?: string;
  port?: number;
  username?: string;
  password?: string;
  database?: string;
  poolMax: number;
  logging: boolean;
  /** MySQL only: how long connecting, waiting for a pooled connection and one statement may take (defaults in database.ts). */
  deadlines?: Partial<DatabaseDeadlines>;
}

export interface DatabaseDeadlines {
  connectMs: number;
  acquireMs: number;
  /** One statement of a request. */
  statementMs: number;
  /** One statement of a scheduled job or of start-up (migrations, seeding). */
  jobStatementMs: number;
}

export interface SigningKey {
  id: string;
  secret: string;
}

export interface Config {
  env: NodeEnv;
  port: number;
  host: string;
  logLevel: LogLevel;
  database: DatabaseConfig;
  /** Pinned "now" for demos and end-to-end tests (OPENDAY_NOW); never honoured in production. */
  now?: Date;
  /** Year of the edition the demo seeder creates (EDITION_YEAR); default: the next 22–28 May. */
  editionYear?: number;
  /** Seed the demo data at start when the database holds no edition (OPENDAY_SEED_DEMO). */
  seedDemo: boolean;
  secrets: {
    /** QR token keys, newest first: the first signs, all verify (OPENDAY_TOKEN_KEYS). */
    tokenKeys: SigningKey[];
    /** Key of the HMAC kept instead of ID numbers (OPENDAY_PII_KEY). */
    piiKey: string;
    /** Signs staff sign-in tokens (OPENDAY_AUTH_SECRET). */
    authSecret: string;
  };
  jobs: {
    /** Run the scheduled jobs in this process (JOBS_ENABLED; off in tests). */
    enabled: boolean;
    /** Local time of the day-before reminders, HH:MM in the edition's timezone (REMINDER_TIME). */
    reminderTime: string;
    /** Cron expressions replacing a job's default schedule, by job name (JOB_SCHEDULES, JSON). */
    schedules: Record<string, string>;
  };
  sms: {
    /** HTTP SMS gateway; without it messages go to the log (SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN). */
    gatewayUrl?: string;
    gatewayToken?: string;
  };
  http: {
    /** Reverse proxies (addresses, CIDR ranges) whose X-Forwarded-* headers are believed (TRUSTED_PROXIES). */
    trustedProxies: string[];
  };
  shutdown: {
    /** After SIGTERM, connections are still accepted this long, answered with Connection: close (SHUTDOWN_DRAIN_MS). */
    drainMs: number;
    /** After SIGTERM, requests still running this long are cut and the exit code is 1 (SHUTDOWN_GRACE_MS). */
    graceMs: number;
  };
  limits: {
    /** RATE_LIMITS_ENABLED: off only for load tests and benchmarks (a warning at start says so). */
    enabled: boolean;
    /** RATE_LIMITS: limit name → points per window, replacing the defaults of src/modules/limits/limits.config.ts. */
    overrides: Record<string, { points: number; seconds: number }>;
    /** REDIS_URL: where limits are counted across instances (else the database; in process on SQLite). */
    redisUrl?: string;
  };
  auth: {
    /** Lifetime of a staff sign-in token (AUTH_TOKEN_TTL_MINUTES). */
    tokenTtlMinutes: number;
    /** The first organiser, created at start when missing and a password is given. */
    adminUser: string;
    adminPassword?: string;
  };
}

export function parseDatabaseUrl(url: string, poolMax: number, logging: boolean, root = projectRoot): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    const storage = rest === ':memory:' ? ':memory:' : path.resolve(root, rest.replace(/^\/\/(?=\/)/, ''));
    return { url, dialect: 'sqlite', storage, poolMax: 1, logging };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL', 'is not a valid URL');
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!parsed.hostname) throw new ConfigError('DATABASE_URL', 'names no host');
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) throw new ConfigError('DATABASE_URL', 'names no valid database (mysql://user:pass@host:3306/db)');
  return {
    url,
    dialect: 'mysql',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    username: decodeURIComponent(parsed.username) || 'root',
    password: decodeURIComponent(parsed.password),
    database,
    poolMax,
    logging,
  };
}

function parseTokenKeys(value: string): SigningKey[] {
  const keys = value.split(',').map((pair) => {
    const at = pair.indexOf(':');
    return { id: pair.slice(0, at), secret: pair.slice(at + 1) };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ConfigError('OPENDAY_TOKEN_KEYS', 'key ids must be unique');
  return keys;
}

interface GeneratedSecrets {
  tokenKeys: string;
  piiKey: string;
  authSecret: string;
}

/** Outside production a missing secret is generated: kept under data/ in development, ephemeral in tests. */
function developmentSecrets(nodeEnv: NodeEnv, root: string): GeneratedSecrets {
  const fresh = (): GeneratedSecrets => ({
    tokenKeys: `dev1:${randomBytes(32).toString('base64url')}`,
    piiKey: randomBytes(32).toString('base64url'),
    authSecret: randomBytes(32).toString('base64url'),
  });
  if (nodeEnv === 'test') return fresh();
  const file = path.join(root, 'data', 'secrets.json');
  const kept = existsSync(file) ? (readJson(file, 'data/secrets.json') as Partial<GeneratedSecrets>) : {};
  const secrets = { ...fresh(), ...kept };
  if (kept.tokenKeys && kept.piiKey && kept.authSecret) return secrets;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}

export function loadConfig(env: Env = process.env, root = projectRoot): Readonly<Config> {
  const nodeEnvRaw = env.NODE_ENV || 'development';
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, test or production; got ${JSON.stringify(nodeEnvRaw)}`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnv;
  const fileValues = {
    ...readJson(path.join(root, 'config', 'default.json'), 'config/default.json'),
    ...readJson(path.join(root, 'config', `${nodeEnv}.json`), `config/${nodeEnv}.json`),
  };
  const get = <T>(key: Key): T | undefined => validated<T>(key, pick(env, fileValues, key));

  let tokenKeys = get<string>('tokenKeys');
  let piiKey = get<string>('piiKey');
  let authSecret = get<string>('authSecret');
  if (nodeEnv === 'production') {
    required('tokenKeys', tokenKeys);
    required('piiKey', piiKey);
    required('authSecret', authSecret);
  } else if (tokenKeys === undefined || piiKey === undefined || authSecret === undefined) {
    const generated = developmentSecrets(nodeEnv, root);
    tokenKeys ??= generated.tokenKeys;
    piiKey ??= generated.piiKey;
    authSecret ??= generated.authSecret;
  }

  const now = get<Date>('now');
  if (now !== undefined && nodeEnv === 'production') throw new ConfigError('OPENDAY_NOW', 'must not be set in production');

  const config: Config = {
    env: nodeEnv,
    port: required('port', get<number>('port')),
    host: required('host', get<string>('host')),
    logLevel: required('logLevel', get<LogLevel>('logLevel')),
    database: {
      ...parseDatabaseUrl(
        required('databaseUrl', get<string>('databaseUrl')),
        required('databasePoolMax', get<number>('databasePoolMax')),
        get<boolean>('databaseLogging') ?? false,
        root,
      ),
      deadlines: {
        connectMs: get<number>('databaseConnectTimeoutMs'),
        acquireMs: get<number>('databaseAcquireTimeoutMs'),
        statementMs: get<number>('databaseStatementTimeoutMs'),
        jobStatementMs: get<number>('databaseJobStatementTimeoutMs'),
      },
    },
    now,
    editionYear: get<number>('editionYear'),
    seedDemo: get<boolean>('seedDemo') ?? false,
    secrets: {
      tokenKeys: parseTokenKeys(required('tokenKeys', tokenKeys)),
      piiKey: required('piiKey', piiKey),
      authSecret: required('authSecret', authSecret),
    },
    jobs: {
      enabled: get<boolean>('jobsEnabled') ?? false,
      reminderTime: required('reminderTime', get<string>('reminderTime')),
      schedules: get<Record<string, string>>('jobSchedules') ?? {},
    },
    sms: { gatewayUrl: get<string>('smsGatewayUrl'), gatewayToken: get<string>('smsGatewayToken') },
    http: { trustedProxies: proxyList(listOf(get<string | string[]>('trustedProxies'))) },
    shutdown: shutdownTimes(get<number>('shutdownDrainMs') ?? 2000, get<number>('shutdownGraceMs') ?? 10_000),
    limits: {
      enabled: get<boolean>('rateLimitsEnabled') ?? true,
      overrides: get<Record<string, { points: number; seconds: number }>>('rateLimits') ?? {},
      redisUrl: get<string>('redisUrl'),
    },
    auth: {
      tokenTtlMinutes: required('tokenTtlMinutes', get<number>('tokenTtlMinutes')),
      adminUser: required('adminUser', get<string>('adminUser')),
      adminPassword: get<string>('adminPassword'),
    },
  };
  return deepFreeze(config);
}

function shutdownTimes(drainMs: number, graceMs: number): Config['shutdown'] {
  if (drainMs >= graceMs) throw new ConfigError('SHUTDOWN_DRAIN_MS', `must be shorter than SHUTDOWN_GRACE_MS (${graceMs}); got ${drainMs}`);
  return { drainMs, graceMs };
}

function proxyList(entries: string[]): string[] {
  const bad = invalidProxyEntries(entries);
  if (bad.length > 0) throw new ConfigError('TRUSTED_PROXIES', `must be addresses or CIDR ranges; not ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
  return entries;
}

/** A comma-separated list (from the environment) or a list (from a config file), trimmed, without empty items. */
function listOf(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : (value ?? '').split(',');
  return items.map((v) => v.trim()).filter(Boolean);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
