// A real server process (src/main.ts) on the suite's test database, with data that is bookable by the wall clock: for
// tests that need the whole process (signals, logs, parser limits, production settings).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from '../../src/db/database.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Session } from '../../src/modules/catalogue/session.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { createEdition, createSession, createVenue } from './factories.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { startMain, type ServerProcess } from './server-process.js';
import { clearData, openTestDatabase, testDatabaseConfig } from './test-db.js';

export interface LiveServer extends ServerProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
}

export interface LiveServerOptions {
  /** NODE_ENV=production with its own secrets (default: NODE_ENV=test). */
  production?: boolean;
  /** Default: the suite's test database (a SQLite file, or TEST_DATABASE_URL in the MySQL run). */
  databaseUrl?: string;
  env?: Record<string, string>;
}

/** The URL of the database the suite runs on, for a server process to share it. */
export function testDatabaseUrl(): string {
  return testDatabaseConfig().url;
}

/** The suite's test database with every row deleted, for a server process to start on. */
export async function freshTestDatabase(): Promise<Database> {
  const db = await openTestDatabase();
  await clearData(db);
  return db;
}

function productionSecrets(): Record<string, string> {
  const secret = () => randomBytes(32).toString('base64url');
  return { OPENDAY_TOKEN_KEYS: `k1:${secret()}`, OPENDAY_PII_KEY: secret(), OPENDAY_AUTH_SECRET: secret() };
}

/** Starts src/main.ts on 127.0.0.1 with an ephemeral port, scheduled jobs off and no demo data; resolves once it listens. */
export async function startLiveServer(opts: LiveServerOptions = {}): Promise<LiveServer> {
  const server = startMain({
    HOST: '127.0.0.1',
    PORT: '0',
    JOBS_ENABLED: 'false',
    OPENDAY_SEED_DEMO: 'false',
    DATABASE_URL: opts.databaseUrl ?? testDatabaseUrl(),
    ...(opts.production ? { NODE_ENV: 'production', ...productionSecrets() } : {}),
    ...opts.env,
  });
  let url: string;
  try {
    url = await server.listening;
  } catch (err) {
    throw new Error(`server process did not start: ${(err as Error).message}\n${server.stdout().slice(-2000)}`, { cause: err });
  }
  url = url.replace('://localhost:', '://127.0.0.1:');
  return { ...server, url, port: Number(new URL(url).port) };
}

export type LogLine = Record<string, unknown> & { level?: string; msg?: string };

/** The JSON lines a server process wrote to stdout (other lines skipped). */
export function logLines(stdout: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      // a line cut by the process's exit
    }
  }
  return lines;
}

export interface BookableWorld {
  edition: Edition;
  venue: Venue;
  session: Session;
}

const DAY = 86_400_000;
const localDate = (instant: number) => new Date(instant + 8 * 3_600_000).toISOString().slice(0, 10); // Asia/Shanghai

/**
 * An edition that runs from three days after today (wall clock, Asia/Shanghai) with booking open since yesterday, one
 * venue (a science base by default: no ID numbers needed) and one session on its first day.
 */
export async function bookableWorld(db: Database, opts: { capacity?: number; kind?: 'lab' | 'science_base' } = {}): Promise<BookableWorld> {
  const now = Date.now();
  const startDate = localDate(now + 3 * DAY);
  const edition = await createEdition(db, { startDate, endDate: localDate(now + 9 * DAY), bookingOpensAt: new Date(now - DAY) });
  const venue = await createVenue(db, { kind: opts.kind ?? 'science_base' });
  const session = await createSession(db, { edition, venue, capacity: opts.capacity ?? 20 });
  return { edition, venue, session };
}

/**
 * bookableWorld in a database other than the suite's (a private server), created by a process of its own: the models
 * are classes bound to one Sequelize instance, so the test process must not open a second database. Migrates first.
 */
export async function bookableWorldIn(
  databaseUrl: string,
  opts: { capacity?: number; kind?: 'lab' | 'science_base' } = {},
): Promise<{ editionId: number; venueId: number; sessionId: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'test/helpers/bookable-world-cli.ts', databaseUrl, String(opts.capacity ?? 20), opts.kind ?? 'science_base'],
    { cwd: projectRoot },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { editionId: number; venueId: number; sessionId: number };
}

/** A mainland mobile number made from `n` (distinct for distinct n below 10^8). */
export function phoneNumber(n: number, prefix = '139'): string {
  return `${prefix}${String(n % 100_000_000).padStart(8, '0')}`;
}

/** A one-person booking body for a science base (no ID number needed). */
export function bookingBody(sessionId: number, phone: string, name = '测试家长'): Record<string, unknown> {
  return { sessionId, contact: { name, phone }, visitors: [{ name }] };
}
