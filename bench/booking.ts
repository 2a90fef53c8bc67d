// Booking throughput on MariaDB/MySQL: the real HTTP endpoint against "the ceiling", the same transaction sent
// straight through mysql2, and against a bare HTTP server around that transaction.
//
// What it measures. Two scenarios, each run on every path with the same number of concurrent clients:
//   hot    — every client rushes ONE session (capacity 300) with 3000 attempts, parties of 1–3;
//   spread — 4000 attempts spread at random over 100 sessions (capacity 40 each).
// Paths:
//   endpoint — POST /api/bookings of the real entry point as `npm start` runs it (the build, dist/src/main.js, on plain
//              node with the start script's node options; OPENDAY_NOW pinned inside the booking window, log level
//              info) in a process of its own;
//   bare     — the ceiling's transaction behind a minimal Koa server in a process of its own (bare-server.ts): what the
//              HTTP hop alone costs here, with none of the app's validation, rules, views or logging;
//   mysql2   — the ceiling: the transaction of bookings.service.ts book(), statement for statement (ceiling.ts),
//              issued from this process through a mysql2 pool of the same size as the app's pool.
// The load generator is this process: CLIENTS workers, each posting one attempt at a time over a keep-alive
// connection of its own (http-load.ts: plain sockets, not node:http). It shares the machine's cores with the server
// and the database, so the bench also prints the CPU time each process spent per attempt (from /proc, when the
// database runs on this machine).
// Each scenario runs in BENCH_ROUNDS rounds (3), every path once per round in an order turned by one each round, so
// that a slow spell of this noisy machine does not fall on one path only. Each run gets fresh sessions and every
// attempt a phone of its own; a short unreported warm-up runs first.
// Per run: attempts, confirmed, refused (409), errors (anything else), attempts/s, confirmed/s, p50/p99 latency,
// overbooked sessions (booked > capacity) and mismatches (booked ≠ Σ confirmed party_size, or 201s ≠ booking rows).
// The table sums each scenario and path over its rounds. The ratios endpoint ÷ mysql2, bare ÷ mysql2 and endpoint ÷ bare
// (attempts/s) are taken per round, between runs a few seconds apart, and their median is the figure to read; the last
// line says whether the spread median meets the target (0.6). Exit code 1 if anything is overbooked or mismatched (a
// missed target is reported, not an exit code: it is a measurement of this machine). Last, the peak resident memory of
// each HTTP server over the whole bench.
//
// Run (MariaDB at 127.0.0.1:3306; the bench database is DROPPED and recreated; `npm run bench:booking` builds first):
//   npm run bench:booking
//   BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/openday_bench BENCH_CLIENTS=64 npm run bench:booking
// Optional: BENCH_CLIENTS (64), BENCH_POOL (the app's DATABASE_POOL_MAX; default: the test config's), BENCH_HOT_N (3000),
// BENCH_SPREAD_N (4000), BENCH_ROUNDS (3).
import { readFileSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type mysql from 'mysql2/promise';
import { loadConfig, parseDatabaseUrl } from '../src/config.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { Migrator } from '../src/db/migrator.js';
import type { Edition } from '../src/modules/catalogue/edition.js';
import { silentLogger } from '../src/shared/logger.js';
import { createEdition, createSession, createVenue } from '../test/helpers/factories.js';
import { recreateMysqlDatabase } from '../test/helpers/test-db.js';
import { startMain, type ServerProcess } from '../test/helpers/server-process.js';
import { ceilingBooking, ceilingPool, type Attempt, type Outcome } from './ceiling.js';
import { JsonPoster } from './http-load.js';

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/openday_bench';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 64);
const HOT = { attempts: Number(process.env.BENCH_HOT_N ?? 3000), sessions: 1, capacity: 300 };
const SPREAD = { attempts: Number(process.env.BENCH_SPREAD_N ?? 4000), sessions: 100, capacity: 40 };
const NOW = new Date('2027-05-10T02:00:00Z'); // inside the factory edition's booking window (opens 2027-05-08 09:00 +08:00)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TARGET_RATIO = 0.6; // the issue's bar for the spread rush: endpoint attempts/s ÷ mysql2 attempts/s
const WARMUP_N = 2000;
const RUN_DEADLINE_MS = 35_000; // a run stops issuing attempts after this, whatever N says
const TOTAL_DEADLINE_MS = 480_000; // and the whole bench gives up after 8 minutes

/** endpoint: the real server in its own process; bare: the ceiling behind a minimal HTTP server; mysql2: the ceiling. */
type Path = 'endpoint' | 'bare' | 'mysql2';
const PATHS: Path[] = ['endpoint', 'bare', 'mysql2'];

interface RunResult {
  scenario: string;
  path: Path;
  round: number;
  /** Every attempt's latency, ms, sorted. */
  latencies: number[];
  planned: number;
  attempts: number;
  confirmed: number;
  refused: number;
  errors: number;
  seconds: number;
  overbooked: number;
  mismatched: number;
  errorSamples: string[];
  /** CPU ms per attempt: this process (the load generator; for mysql2 the client itself), the HTTP server's process, the database server. */
  cpu: { bench: number; server?: number; database?: number };
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench: gave up after ${TOTAL_DEADLINE_MS / 1000} s\n`);
  process.exit(2);
}, TOTAL_DEADLINE_MS);
watchdog.unref();

let phoneSeq = 0;
const nextPhone = () => `139${String(++phoneSeq).padStart(8, '0')}`;
let venueSeq = 0;

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
  return {
    ...counts,
    attempts: latencies.length,
    seconds,
    latencies,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errorSamples: [...errorSamples],
  };
}

const posters = new Map<string, JsonPoster>();

function httpAttempt(base: string) {
  let poster = posters.get(base);
  if (!poster) posters.set(base, (poster = new JsonPoster(base)));
  return async (a: Attempt): Promise<{ outcome: Outcome; error?: string }> => {
    const body = {
      sessionId: a.sessionId,
      contact: { name: '家长', phone: a.phone },
      visitors: Array.from({ length: a.size }, (_, k) => ({ name: `访客${k + 1}` })),
    };
    const res = await poster.post('/api/bookings', JSON.stringify(body));
    if (res.status === 201) return { outcome: 'confirmed' };
    if (res.status === 409 && res.text.includes('"session_full"')) return { outcome: 'refused' };
    return { outcome: 'error', error: `${res.status} ${res.text}` };
  };
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in clock ticks of 10 ms (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** Peak resident memory (VmHWM, MB) of a process, from /proc (Linux); undefined elsewhere. */
function peakRssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

/** The script and node options of `npm start` (package.json), so the endpoint runs exactly as it does. */
function startCommand(): [string, string[]] {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || !words.at(-1)!.endsWith('.js') || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`the bench reads npm start as "node [--options] script.js", not: ${pkg.scripts.start}`);
  }
  return [words.at(-1)!, words.slice(1, -1)];
}

/** The local MariaDB/MySQL server's pid, when the bench database runs on this machine. */
function databasePid(): number | undefined {
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'mariadbd' || comm === 'mysqld') return Number(entry);
    }
  } catch {
    // not Linux, or /proc not readable
  }
  return undefined;
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
  const target = parseDatabaseUrl(DATABASE_URL, 1, false);
  if (target.dialect !== 'mysql') throw new Error('the booking bench runs on MySQL/MariaDB only (BENCH_DATABASE_URL=mysql://…)');
  await recreateMysqlDatabase(target);
  const env: Record<string, string> = { NODE_ENV: 'test', DATABASE_URL };
  if (process.env.BENCH_POOL) env.DATABASE_POOL_MAX = process.env.BENCH_POOL;
  const config = loadConfig(env);
  const db = openDatabase(config.database, silentLogger);
  await new Migrator(db, silentLogger).up();
  const poolSize = config.database.poolMax;

  // The servers, each in a process of its own, with the same pool size.
  const pool = { DATABASE_URL, DATABASE_POOL_MAX: String(poolSize) };
  const servers: Record<Exclude<Path, 'mysql2'>, ServerProcess> = {
    endpoint: startMain(
      { ...pool, PORT: '0', HOST: '127.0.0.1', OPENDAY_NOW: NOW.toISOString(), JOBS_ENABLED: 'false', OPENDAY_SEED_DEMO: 'false', LOG_LEVEL: 'info' },
      ...startCommand(),
    ),
    bare: startMain({ ...pool, BENCH_NOW: NOW.toISOString() }, 'bench/bare-server.ts'),
  };
  const urls = { endpoint: await servers.endpoint.listening, bare: await servers.bare.listening };
  const ceiling = ceilingPool(config.database, poolSize);
  const dbPid = databasePid();

  const edition = await createEdition(db, { slug: 'bench' });
  const results: RunResult[] = [];

  async function run(scenario: string, path: Path, spec: { attempts: number; sessions: number; capacity: number }, round: number, report = true) {
    const sessionIds = await freshSessions(db, edition, spec.sessions, spec.capacity);
    const attempts = plan(sessionIds, spec.attempts);
    const one = path === 'mysql2' ? ceilingBooking(ceiling, NOW) : httpAttempt(urls[path]);
    const serverPid = path === 'mysql2' ? undefined : servers[path].child.pid;
    const cpu0 = { bench: process.cpuUsage(), server: cpuMsOf(serverPid), database: cpuMsOf(dbPid) };
    const r = await drive(attempts, one);
    const benchCpu = process.cpuUsage(cpu0.bench);
    const perAttempt = (before: number | undefined, after: number | undefined) =>
      before === undefined || after === undefined ? undefined : (after - before) / r.attempts;
    const cpu = {
      bench: (benchCpu.user + benchCpu.system) / 1000 / r.attempts,
      server: perAttempt(cpu0.server, cpuMsOf(serverPid)),
      database: perAttempt(cpu0.database, cpuMsOf(dbPid)),
    };
    const { overbooked, mismatched } = await audit(ceiling.promise(), sessionIds, r.confirmed);
    const result: RunResult = {
      scenario,
      path,
      round,
      latencies: r.latencies,
      planned: spec.attempts,
      attempts: r.attempts,
      confirmed: r.confirmed,
      refused: r.refused,
      errors: r.error,
      seconds: r.seconds,
      overbooked,
      mismatched,
      errorSamples: r.errorSamples,
      cpu,
    };
    if (!report) return;
    results.push(result);
    process.stdout.write(
      `${scenario.padEnd(6)} ${path.padEnd(8)} round ${round}: ${r.attempts} attempts in ${r.seconds.toFixed(2)} s: ${r.confirmed} confirmed, ${r.refused} refused, ` +
        `${r.error} errors; ${fmt(r.attempts / r.seconds)} attempts/s, ${fmt(r.confirmed / r.seconds)} confirmed/s; ` +
        `p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; overbooked ${overbooked}, mismatched ${mismatched}; ` +
        `CPU ms/attempt: bench ${ms(cpu.bench)}, server ${ms(cpu.server)}, database ${ms(cpu.database)}\n`,
    );
    for (const e of r.errorSamples) process.stdout.write(`         error sample: ${e}\n`);
  }

  process.stdout.write(
    `booking bench: ${config.database.host}:${config.database.port}/${config.database.database}, ${CLIENTS} concurrent clients, database pool ${poolSize} (every path)\n`,
  );
  // Warm-up (not reported): JIT, connection pools, buffer pool.
  // Warm-up, long enough for V8 to optimise each server's hot code (with 400 attempts the first reported round still
  // ran about a quarter slower than the others on every HTTP path).
  for (const path of PATHS) await run('warmup', path, { attempts: WARMUP_N, sessions: 50, capacity: 40 }, 0, false);
  // Rounds: every path once per round, the order turned by one each round, so that a slow spell of the machine falls
  // on different paths; each round's ratios compare runs made a few seconds apart.
  for (const [name, spec] of [
    ['hot', HOT],
    ['spread', SPREAD],
  ] as const) {
    for (let round = 1; round <= ROUNDS; round++) {
      for (let k = 0; k < PATHS.length; k++) await run(name, PATHS[(k + round - 1) % PATHS.length]!, spec, round);
    }
  }
  const peak = { endpoint: peakRssMb(servers.endpoint.child.pid), bare: peakRssMb(servers.bare.child.pid) };
  await Promise.all([servers.endpoint.stop(), servers.bare.stop()]);
  for (const poster of posters.values()) poster.close();
  await new Promise((resolve) => ceiling.end(resolve));
  await db.close();

  // The table: each scenario and path over all its rounds.
  const head = [
    'scenario',
    'path',
    'attempts',
    'confirmed',
    'refused',
    'errors',
    'attempts/s',
    'confirmed/s',
    'p50 ms',
    'p99 ms',
    'overbooked',
    'mismatched',
    'cpu bench',
    'cpu server',
    'cpu db',
  ];
  const sum = (rs: RunResult[], f: (r: RunResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  /** CPU ms per attempt over the runs, weighted by their attempts; undefined where any run could not measure it. */
  const cpuOver = (rs: RunResult[], f: (r: RunResult) => number | undefined) =>
    rs.some((r) => f(r) === undefined) ? undefined : sum(rs, (r) => f(r)! * r.attempts) / sum(rs, (r) => r.attempts);
  const rows: string[][] = [];
  for (const scenario of ['hot', 'spread']) {
    for (const path of PATHS) {
      const rs = results.filter((r) => r.scenario === scenario && r.path === path);
      const latencies = rs.flatMap((r) => r.latencies).sort((x, y) => x - y);
      const seconds = sum(rs, (r) => r.seconds);
      const attempts = sum(rs, (r) => r.attempts);
      rows.push([
        scenario,
        path,
        attempts < sum(rs, (r) => r.planned) ? `${attempts}*` : String(attempts),
        String(sum(rs, (r) => r.confirmed)),
        String(sum(rs, (r) => r.refused)),
        String(sum(rs, (r) => r.errors)),
        fmt(attempts / seconds),
        fmt(sum(rs, (r) => r.confirmed) / seconds),
        percentile(latencies, 0.5).toFixed(1),
        percentile(latencies, 0.99).toFixed(1),
        String(sum(rs, (r) => r.overbooked)),
        String(sum(rs, (r) => r.mismatched)),
        ms(cpuOver(rs, (r) => r.cpu.bench)),
        ms(cpuOver(rs, (r) => r.cpu.server)),
        ms(cpuOver(rs, (r) => r.cpu.database)),
      ]);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  process.stdout.write(`\n${ROUNDS} round(s) per scenario; attempts/s over all rounds\n` + line(head) + '\n' + line(widths.map((w) => '-'.repeat(w))) + '\n');
  for (const row of rows) process.stdout.write(line(row) + '\n');
  if (results.some((r) => r.attempts < r.planned)) {
    process.stdout.write(
      `* stopped at the ${RUN_DEADLINE_MS / 1000} s run deadline before its ${HOT.attempts}/${SPREAD.attempts} attempts; rates are over the attempts made\n`,
    );
  }
  process.stdout.write(
    'cpu: CPU ms per attempt of the bench process (the load generator; for mysql2 the client itself), the HTTP server process and the local database server (- where not measurable)\n',
  );
  const mb = (n: number | undefined) => (n === undefined ? '-' : `${Math.round(n)} MB`);
  process.stdout.write(`peak resident memory over the whole bench: endpoint ${mb(peak.endpoint)}, bare ${mb(peak.bare)}\n`);
  process.stdout.write('\n');
  const rate = (r: RunResult) => r.attempts / r.seconds;
  let spreadMedian = NaN; // spread endpoint ÷ mysql2: the figure the target is about
  // endpoint ÷ bare: what the app itself (validation, rules, views, logging, Sequelize's pool) costs on top of the HTTP hop.
  const pairs: [Path, Path][] = [
    ['endpoint', 'mysql2'],
    ['bare', 'mysql2'],
    ['endpoint', 'bare'],
  ];
  for (const scenario of ['hot', 'spread']) {
    for (const [path, over] of pairs) {
      const perRound = Array.from({ length: ROUNDS }, (_, i) => {
        const of = (p: Path) => results.find((r) => r.scenario === scenario && r.path === p && r.round === i + 1)!;
        return rate(of(path)) / rate(of(over));
      });
      const sorted = [...perRound].sort((x, y) => x - y);
      const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
      if (scenario === 'spread' && path === 'endpoint' && over === 'mysql2') spreadMedian = median;
      process.stdout.write(
        `ratio ${scenario.padEnd(6)} ${path.padEnd(8)} attempts/s ÷ ${over.padEnd(6)} attempts/s, per round: ${perRound.map((x) => x.toFixed(2)).join(' ')}; median ${median.toFixed(2)}\n`,
      );
    }
  }
  process.stdout.write(
    `target: spread endpoint ÷ mysql2 median ≥ ${TARGET_RATIO}: ${spreadMedian >= TARGET_RATIO ? 'met' : 'NOT met'} (${spreadMedian.toFixed(2)})\n`,
  );
  const bad = results.filter((r) => r.overbooked > 0 || r.mismatched > 0);
  process.stdout.write(
    `total ${((performance.now() - benchStarted) / 1000).toFixed(1)} s; ${bad.length === 0 ? 'nothing overbooked' : `OVERBOOKED or MISMATCHED in ${bad.length} run(s)`}\n`,
  );
  process.exit(bad.length === 0 ? 0 : 1);
}

function ms(n: number | undefined): string {
  return n === undefined ? '-' : n.toFixed(2);
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toString() : '-';
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
