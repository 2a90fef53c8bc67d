// The database the suite runs on: a fresh SQLite file by default, or TEST_DATABASE_URL when OPENDAY_TEST_ON_URL=1.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { loadConfig, parseDatabaseUrl, type Config, type DatabaseConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { Migrator } from '../../src/db/migrator.js';
import { silentLogger } from '../../src/shared/logger.js';

let tmpDir: string | undefined;

export function testDatabaseConfig(): DatabaseConfig {
  if (process.env.OPENDAY_TEST_ON_URL === '1') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('OPENDAY_TEST_ON_URL=1 needs TEST_DATABASE_URL');
    return parseDatabaseUrl(url, 30, false);
  }
  tmpDir ??= mkdtempSync(path.join(os.tmpdir(), 'openday-test-'));
  return parseDatabaseUrl(`sqlite:${path.join(tmpDir, 'test.sqlite')}`, 1, false);
}

/** Drops and recreates a MySQL database (the test run's, the bench's) so every run starts from nothing. */
export async function recreateMysqlDatabase(db: DatabaseConfig): Promise<void> {
  const conn = await mysql.createConnection({ host: db.host, port: db.port, user: db.username, password: db.password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${db.database}\``);
    await conn.query(`CREATE DATABASE \`${db.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ NODE_ENV: 'test' }), database: testDatabaseConfig(), ...overrides };
}

let shared: Database | undefined;

/** One migrated database for the whole run; tests clear its rows with `clearData`. */
export async function openTestDatabase(): Promise<Database> {
  if (shared) return shared;
  const config = testDatabaseConfig();
  if (config.dialect === 'mysql') await recreateMysqlDatabase(config);
  shared = openDatabase(config, silentLogger);
  await new Migrator(shared, silentLogger).up();
  return shared;
}

export async function closeTestDatabase(): Promise<void> {
  await shared?.close();
  shared = undefined;
  if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

const CHILDREN_FIRST = [
  'person_locks',
  'daily_stats',
  'job_runs',
  'session_closeouts',
  'no_shows',
  'waitlist_entries',
  'place_holds',
  'notifications',
  'door_conflicts',
  'door_sync_entries',
  'admissions',
  'checkins',
  'audit_log',
  'user_venues',
  'users',
  'idempotency_keys',
  'phone_counters',
  'booking_visitors',
  'bookings',
  'sessions',
  'venues',
  'editions',
];

/** Deletes every row, children first, keeping the schema. */
export async function clearData(db: Database): Promise<void> {
  // Children first, so foreign keys hold on both dialects.
  for (const table of CHILDREN_FIRST) await db.sql.run(`DELETE FROM ${table}`);
}

export function dialectName(): string {
  return testDatabaseConfig().dialect;
}
