// Booking throughput on MariaDB/MySQL: the real HTTP endpoint against "the ceiling", the same transaction sent
// straight through mysql2.
//
// What it measures. Two scenarios, each run twice with the same number of concurrent clients:
//   hot    — every client rushes ONE session (capacity 300) with 3000 attempts, parties of 1–3;
//   spread — 4000 attempts spread at random over 100 sessions (capacity 40 each).
// "http" posts to POST /api/bookings of the real app (buildApp from src/app.ts, its Sequelize pool, a fixed clock inside
// the booking window, silent logger) listening on 127.0.0.1 in this process, with fetch (keep-alive); "http-proc" posts
// to the real entry point (src/main.ts, OPENDAY_NOW pinned to the same instant) running in a process of its own, so the
// load generator does not share the server's core. "mysql2" is the ceiling: the
// transaction of bookings.service.ts book() issued directly through a mysql2/promise pool of the same size as the
// app's Sequelize pool (BEGIN; conditional UPDATE sessions; phone_counters upsert + conditional UPDATE; INSERT bookings;
// INSERT booking_visitors; INSERT notifications (the confirmation message book() queues); SELECT the session; COMMIT —
// ROLLBACK as soon as no place is left; retried on deadlock). The overlap SELECT is skipped because the venues are
// science bases (no ID numbers), as the service skips it too. Not in the ceiling: book()'s reads before the transaction
// (session, venue, edition) and its re-read of the session before a refusal — that work is part of what the ratio shows.
// The load generator runs in this process, so it shares the event loop (and the 2 cores) with the server.
// Each run gets fresh sessions and every attempt a phone of its own; a short unreported warm-up runs first.
// Per run: attempts, confirmed, refused (409), errors (anything else), attempts/s, confirmed/s, p50/p99 latency,
// overbooked sessions (booked > capacity) and mismatches (booked ≠ Σ confirmed party_size, or 201s ≠ booking rows);
// per scenario the ratio http attempts/s ÷ mysql2 attempts/s. Exit code 1 if anything is overbooked or mismatched.
//
// Run (MariaDB at 127.0.0.1:3306; the bench database is DROPPED and recreated):
//   npm run bench:booking
//   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/openday_bench BENCH_CLIENTS=64 npm run bench:booking
// Optional: BENCH_CLIENTS (64), BENCH_POOL (the app's DATABASE_POOL_MAX; default: the test config's), BENCH_HOT_N (3000),
// BENCH_SPREAD_N (4000).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import mysql from 'mysql2/promise';
import { buildApp } from '../../src/app.js';
import { startMain } from '../helpers/server-process.js';
import { loadConfig, parseDatabaseUrl } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { Migrator } from '../../src/db/migrator.js';
import type { Edition } from '../../src/modules/catalogue/edition.model.js';
import { newBookingCode } from '../../src/modules/bookings/booking-code.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/openday_bench';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const HOT = { attempts: Number(process.env.BENCH_HOT_N ?? 3000), sessions: 1, capacity: 300 };
const SPREAD = { attempts: Number(process.env.BENCH_SPREAD_N ?? 4000), sessions: 100, capacity: 40 };
const NOW = new Date('2027-05-10T02:00:00Z'); // inside the factory edition's booking window (opens 2027-05-08 09:00 +08:00)
const RUN_DEADLINE_MS = 35_000; // a run stops issuing attempts after this, whatever N says
const TOTAL_DEADLINE_MS = 170_000; // and the whole bench gives up before 3 minutes
const RETRYABLE = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);

/** http: the app in this process; http-proc: the real server entry point in its own process; mysql2: the ceiling. */
type Path = 'http' | 'http-proc' | 'mysql2';
type Outcome = 'confirmed' | 'refused' | 'error';

interface Attempt {
  sessionId: number;
  phone: string;
  size: number;
}

interface RunResult {
  scenario: string;
  path: Path;
  planned: number;
  attempts: number;
  confirmed: number;
  refused: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
  overbooked: number;
  mismatched: number;
  errorSamples: string[];
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: gave up after ${TOTAL_DEADLINE_MS / 1000} s\n`);
  process.exit(2);
}, TOTAL_DEADLINE_MS);
watchdog.unref();

let phoneSeq = 0;
const nextPhone = () => `139${String(++phoneSeq).padStart(8, '0')}`;
let venueSeq = 0;

async function recreateDatabase(url: string): Promise<void> {
  const c = parseDatabaseUrl(url, 1, false);
  if (c.dialect !== 'mysql') throw new Error('the booking bench runs on MySQL/MariaDB only (BENCH_DATABASE_URL=mysql://…)');
  const conn = await mysql.createConnection({ host: c.host, port: c.port, user: c.username, password: c.password });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${c.database}\``);
    await conn.query(`CREATE DATABASE \`${c.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await conn.end();
  }
}

/** Fresh sessions for one run: science bases (no ID numbers), ten sessions per venue at distinct times. */
async function freshSessions(db: Database, edition: Edition, count: number, capacity: number): Promise<number[]> {
  const ids: number[] = [];
  for (let v = 0; v * 10 < count; v++) {
    const venue = await createVenue(db, { kind: 'science_base', code: `bench-${++venueSeq}` });
    for (let k = 0; k < 10 && ids.length < count; k++) {
      const day = 22 + (k % 7);
      const from = k < 7 ? '09:00' : '14:00';
      const to = k < 7 ? '10:30' : '15:30';
      const s = await createSession(db, { edition, venue, on: `2027-05-${day}`, from, to, capacity });
      ids.push(s.id);
    }
  }
  return ids;
}

function plan(sessionIds: number[], attempts: number): Attempt[] {
  return Array.from({ length: attempts }, () => ({
    sessionId: sessionIds[Math.floor(Math.random() * sessionIds.length)]!,
    phone: nextPhone(),
    size: 1 + Math.floor(Math.random() * 3),
  }));
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Runs `attempts` through `CLIENTS` workers, each one attempt at a time; stops early at the run deadline. */
async function drive(attempts: Attempt[], one: (a: Attempt) => Promise<{ outcome: Outcome; error?: string }>) {
  const latencies: number[] = [];
  const counts = { confirmed: 0, refused: 0, error: 0 };
  const errorSamples = new Set<string>();
  let next = 0;
  const started = performance.now();
  const deadline = started + RUN_DEADLINE_MS;
  async function worker() {
    while (next < attempts.length && performance.now() < deadline) {
      const a = attempts[next++]!;
      const t0 = performance.now();
      let result: { outcome: Outcome; error?: string };
      try {
        result = await one(a);
      } catch (err) {
        result = { outcome: 'error', error: (err as Error)?.message ?? String(err) };
      }
      latencies.push(performance.now() - t0);
      counts[result.outcome]++;
      if (result.error && errorSamples.size < 5) errorSamples.add(result.error.slice(0, 200));
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  return { ...counts, attempts: latencies.length, seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errorSamples: [...errorSamples] };
}

function httpAttempt(base: string) {
  return async (a: Attempt): Promise<{ outcome: Outcome; error?: string }> => {
    const body = {
      sessionId: a.sessionId,
      contact: { name: '家长', phone: a.phone },
      visitors: Array.from({ length: a.size }, (_, k) => ({ name: `访客${k + 1}` })),
    };
    const res = await fetch(`${base}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.text();
    if (res.status === 201) return { outcome: 'confirmed' };
    if (res.status === 409 && text.includes('"session_full"')) return { outcome: 'refused' };
    return { outcome: 'error', error: `${res.status} ${text}` };
  };
}

/** The transaction of bookings.service.ts book(), statement for statement, without Sequelize, Koa or HTTP. */
function mysqlAttempt(pool: mysql.Pool, edition: Edition, venueOf: Map<number, number>) {
  const limit = edition.rules.maxBookingsPerPhone;
  return async (a: Attempt): Promise<{ outcome: Outcome; error?: string }> => {
    const now = new Date(NOW);
    const venueId = venueOf.get(a.sessionId)!;
    for (let attempt = 1; ; attempt++) {
      const conn = await pool.getConnection();
      try {
        await conn.query('START TRANSACTION');
        const [taken] = await conn.query<mysql.ResultSetHeader>(
          `UPDATE sessions SET booked = booked + ?, updated_at = ? WHERE id = ? AND status = 'open' AND booked + ? <= capacity`,
          [a.size, now, a.sessionId, a.size],
        );
        if (taken.affectedRows !== 1) {
          await conn.query('ROLLBACK');
          return { outcome: 'refused' };
        }
        await conn.query(
          `INSERT INTO phone_counters (edition_id, phone, confirmed_bookings, no_shows, created_at, updated_at)
           VALUES (?, ?, 0, 0, ?, ?) ON DUPLICATE KEY UPDATE phone = phone`,
          [edition.id, a.phone, now, now],
        );
        const [counted] = await conn.query<mysql.ResultSetHeader>(
          `UPDATE phone_counters SET confirmed_bookings = confirmed_bookings + 1, updated_at = ?
           WHERE edition_id = ? AND phone = ? AND confirmed_bookings < ?`,
          [now, edition.id, a.phone, limit],
        );
        if (counted.affectedRows !== 1) {
          await conn.query('ROLLBACK');
          return { outcome: 'error', error: 'phone_limit_reached' };
        }
        // (The overlap SELECT on booking_visitors runs only for ID numbers: science bases have none.)
        const code = newBookingCode();
        const [inserted] = await conn.query<mysql.ResultSetHeader>(
          `INSERT INTO bookings (code, edition_id, session_id, venue_id, status, party_size, contact_name, contact_phone, language, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'confirmed', ?, ?, ?, 'zh', ?, ?)`,
          [code, edition.id, a.sessionId, venueId, a.size, '家长', a.phone, now, now],
        );
        const rows = Array.from({ length: a.size }, (_, k) => [inserted.insertId, a.sessionId, k, `访客${k + 1}`, null, null, null, now]);
        await conn.query(
          'INSERT INTO booking_visitors (booking_id, session_id, position, name, id_hash, id_masked, active_id_hash, created_at) VALUES ?',
          [rows],
        );
        // writeBooking() queues the family's confirmation message in the same transaction.
        await conn.query(
          `INSERT INTO notifications (dedupe_key, template, language, phone, payload, status, attempts, next_attempt_at, created_at, updated_at)
           VALUES (?, 'booking_confirmed', 'zh', ?, ?, 'pending', 0, ?, ?, ?) ON DUPLICATE KEY UPDATE dedupe_key = dedupe_key`,
          [`booking_confirmed:${code}`, a.phone, JSON.stringify({ code, venue: '测试实验室', venueEn: 'Test Laboratory', startsAt: '2027-05-22 09:00', partySize: a.size }), now, now, now],
        );
        await conn.query('SELECT * FROM sessions WHERE id = ?', [a.sessionId]);
        await conn.query('COMMIT');
        return { outcome: 'confirmed' };
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        const errno = (err as { errno?: number }).errno;
        if (errno !== undefined && RETRYABLE.has(errno) && attempt < 5) {
          await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 10 * attempt));
          continue;
        }
        throw err;
      } finally {
        conn.release();
      }
    }
  };
}

/** Sessions with booked > capacity, and sessions whose counter is not Σ confirmed party_size (plus 201s ≠ rows). */
async function audit(pool: mysql.Pool, sessionIds: number[], confirmedAnswers: number): Promise<{ overbooked: number; mismatched: number }> {
  const [rows] = await pool.query<mysql.RowDataPacket[]>(
    `SELECT s.id, s.capacity, s.booked, COALESCE(SUM(b.party_size), 0) AS party_sum, COUNT(b.id) AS booking_rows
     FROM sessions s LEFT JOIN bookings b ON b.session_id = s.id AND b.status = 'confirmed'
     WHERE s.id IN (?) GROUP BY s.id, s.capacity, s.booked`,
    [sessionIds],
  );
  let overbooked = 0;
  let mismatched = 0;
  let bookingRows = 0;
  for (const r of rows) {
    const booked = Number(r.booked);
    const sum = Number(r.party_sum);
    if (booked > Number(r.capacity) || sum > Number(r.capacity)) overbooked++;
    if (booked !== sum) mismatched++;
    bookingRows += Number(r.booking_rows);
  }
  if (bookingRows !== confirmedAnswers) mismatched++;
  return { overbooked, mismatched };
}

async function main(): Promise<void> {
  const benchStarted = performance.now();
  await recreateDatabase(DATABASE_URL);
  const env: Record<string, string> = { NODE_ENV: 'test', DATABASE_URL };
  if (process.env.BENCH_POOL) env.DATABASE_POOL_MAX = process.env.BENCH_POOL;
  const config = loadConfig(env);
  const db = openDatabase(config.database, silentLogger);
  await new Migrator(db, silentLogger).up();
  const poolSize = config.database.poolMax;

  const app = buildApp({ config, db, clock: fixedClock(NOW), logger: silentLogger });
  const server: Server = createServer(app.callback());
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The same app as `npm start` runs it, in a process of its own: the load generator here no longer shares its core.
  const child = startMain({
    DATABASE_URL,
    PORT: '0',
    HOST: '127.0.0.1',
    OPENDAY_NOW: NOW.toISOString(),
    JOBS_ENABLED: 'false',
    OPENDAY_SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
    ...(process.env.BENCH_POOL ? { DATABASE_POOL_MAX: process.env.BENCH_POOL } : {}),
  });
  const childBase = await child.listening;

  const c = config.database;
  const pool = mysql.createPool({
    host: c.host,
    port: c.port,
    user: c.username,
    password: c.password,
    database: c.database,
    connectionLimit: poolSize,
    timezone: 'Z',
    charset: 'utf8mb4',
  });

  const edition = await createEdition(db, { slug: 'bench' });
  const results: RunResult[] = [];

  async function run(scenario: string, path: Path, spec: { attempts: number; sessions: number; capacity: number }, report = true) {
    const sessionIds = await freshSessions(db, edition, spec.sessions, spec.capacity);
    const venueOf = new Map<number, number>();
    for (const s of await db.models.Session.findAll({ where: { id: sessionIds }, attributes: ['id', 'venueId'] })) venueOf.set(s.id, s.venueId);
    const attempts = plan(sessionIds, spec.attempts);
    const one = path === 'http' ? httpAttempt(base) : path === 'http-proc' ? httpAttempt(childBase) : mysqlAttempt(pool, edition, venueOf);
    const r = await drive(attempts, one);
    const { overbooked, mismatched } = await audit(pool, sessionIds, r.confirmed);
    const result: RunResult = {
      scenario,
      path,
      planned: spec.attempts,
      attempts: r.attempts,
      confirmed: r.confirmed,
      refused: r.refused,
      errors: r.error,
      seconds: r.seconds,
      p50: r.p50,
      p99: r.p99,
      overbooked,
      mismatched,
      errorSamples: r.errorSamples,
    };
    if (!report) return;
    results.push(result);
    process.stdout.write(
      `${scenario.padEnd(6)} ${path.padEnd(6)} ${r.attempts} attempts in ${r.seconds.toFixed(2)} s: ${r.confirmed} confirmed, ${r.refused} refused, ` +
        `${r.error} errors; ${fmt(r.attempts / r.seconds)} attempts/s, ${fmt(r.confirmed / r.seconds)} confirmed/s; ` +
        `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; overbooked ${overbooked}, mismatched ${mismatched}\n`,
    );
    for (const e of r.errorSamples) process.stdout.write(`         error sample: ${e}\n`);
  }

  process.stdout.write(`booking bench: ${c.host}:${c.port}/${c.database}, ${CLIENTS} concurrent clients, database pool ${poolSize} (app and mysql2)\n`);
  // Warm-up (not reported): JIT, connection pools, buffer pool.
  await run('warmup', 'http', { attempts: 400, sessions: 10, capacity: 40 }, false);
  await run('warmup', 'http-proc', { attempts: 400, sessions: 10, capacity: 40 }, false);
  await run('warmup', 'mysql2', { attempts: 400, sessions: 10, capacity: 40 }, false);

  for (const [name, spec] of [['hot', HOT], ['spread', SPREAD]] as const) {
    await run(name, 'http', spec);
    await run(name, 'http-proc', spec);
    await run(name, 'mysql2', spec);
  }
  await child.stop();

  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await pool.end();
  await db.close();

  // The table.
  const head = ['scenario', 'path', 'attempts', 'confirmed', 'refused', 'errors', 'attempts/s', 'confirmed/s', 'p50 ms', 'p99 ms', 'overbooked', 'mismatched'];
  const rows = results.map((r) => [
    r.scenario,
    r.path,
    r.attempts < r.planned ? `${r.attempts}*` : String(r.attempts),
    String(r.confirmed),
    String(r.refused),
    String(r.errors),
    fmt(r.attempts / r.seconds),
    fmt(r.confirmed / r.seconds),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    String(r.overbooked),
    String(r.mismatched),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  process.stdout.write('\n' + line(head) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n');
  for (const row of rows) process.stdout.write(line(row) + '\n');
  if (results.some((r) => r.attempts < r.planned)) {
    process.stdout.write(`* stopped at the ${RUN_DEADLINE_MS / 1000} s run deadline before its ${HOT.attempts}/${SPREAD.attempts} attempts; rates are over the attempts made\n`);
  }
  process.stdout.write('\n');
  for (const scenario of ['hot', 'spread']) {
    const ceiling = results.find((r) => r.scenario === scenario && r.path === 'mysql2')!;
    for (const path of ['http', 'http-proc'] as const) {
      const http = results.find((r) => r.scenario === scenario && r.path === path)!;
      const ratio = http.attempts / http.seconds / (ceiling.attempts / ceiling.seconds);
      process.stdout.write(`ratio ${scenario.padEnd(6)} ${path.padEnd(9)} attempts/s ÷ mysql2 attempts/s = ${ratio.toFixed(2)}\n`);
    }
  }
  const bad = results.filter((r) => r.overbooked > 0 || r.mismatched > 0);
  process.stdout.write(`total ${((performance.now() - benchStarted) / 1000).toFixed(1)} s; ${bad.length === 0 ? 'nothing overbooked' : `OVERBOOKED or MISMATCHED in ${bad.length} run(s)`}\n`);
  process.exit(bad.length === 0 ? 0 : 1);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toString() : '-';
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
