// The one place that reads configuration: config/<env>.json defaults, then the environment.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Joi from 'joi';
import { projectRoot } from './shared/project-root.js';

export type NodeEnv = 'development' | 'test' | 'production';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

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
  auth: {
    /** Lifetime of a staff sign-in token (AUTH_TOKEN_TTL_MINUTES). */
    tokenTtlMinutes: number;
    /** The first organiser, created at start when missing and a password is given. */
    adminUser: string;
    adminPassword?: string;
  };
}

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

type Env = Record<string, string | undefined>;

interface Setting {
  env: string;
  file?: string;
  schema: Joi.Schema;
  doc: string;
}

// Every setting: its environment variable, its key in config/*.json (if any), and its rule.
const SETTINGS = {
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
} satisfies Record<string, Setting>;

type Key = keyof typeof SETTINGS;
const SECRET_KEYS = new Set<Key>(['tokenKeys', 'piiKey', 'authSecret', 'adminPassword', 'smsGatewayToken']);

function readJson(file: string, key: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError(key, `cannot read ${path.relative(projectRoot, file)}: ${(err as Error).message}`);
  }
}

function pick(env: Env, fileValues: Record<string, unknown>, key: Key): unknown {
  const setting: Setting = SETTINGS[key];
  const fromEnv = env[setting.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return setting.file ? fileValues[setting.file] : undefined;
}

function validated<T>(key: Key, value: unknown): T | undefined {
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

function required<T>(key: Key, value: T | undefined): T {
  if (value === undefined) throw new ConfigError(SETTINGS[key].env, 'is required');
  return value;
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
    database: parseDatabaseUrl(
      required('databaseUrl', get<string>('databaseUrl')),
      required('databasePoolMax', get<number>('databasePoolMax')),
      get<boolean>('databaseLogging') ?? false,
      root,
    ),
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
    auth: {
      tokenTtlMinutes: required('tokenTtlMinutes', get<number>('tokenTtlMinutes')),
      adminUser: required('adminUser', get<string>('adminUser')),
      adminPassword: get<string>('adminPassword'),
    },
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
