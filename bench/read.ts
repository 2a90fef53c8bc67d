// Catalogue reads at the opening rush: the real service against a bare server that answers the same paths with the
// very same bytes, per public catalogue endpoint.
//
// What it measures. For each endpoint — GET /api/edition, GET /api/venues, GET /api/venues/:id (a venue with
// sessions), GET /api/sessions?venueId=… (the same venue) — two paths:
//   service — the real entry point as `npm start` runs it (the build, dist/src/main.js, on plain node with the start
//             script's node options), in production mode (log level info, jobs off, throw-away secrets), in a process
//             of its own;
//   bare    — bare-read-server.ts in a process of its own: Koa answering the same paths with the bytes, content type
//             and content encoding the service sent for them, captured once before the runs: what the HTTP hop costs.
// The load generator is Debian's wrk (C, little CPU: it shares the machine's cores with what it measures), 2 threads,
// BENCH_CONNECTIONS (32) keep-alive connections, BENCH_DURATION (5) seconds per run, asking as a browser's fetch does
// (Accept: application/json, Accept-Encoding: gzip, deflate, br); autocannon (npm) only where wrk is not installed.
// After a short unreported warm-up of every path, BENCH_ROUNDS (3) rounds run each endpoint on both paths once, in an
// order turned by one each round, so that a slow spell of this noisy machine does not fall on one path only; the ratio
// service ÷ bare (requests/s) is taken within each round and its median is the figure to read. Each run starts on an
// idle server: wrk stops waiting for answers when a run ends, but the server goes on serving what it was asked, so
// before each run the bench waits until the server's process is idle and, on MySQL, none of its statements is running. Target: every median
// ≥ 0.5 (printed as met / NOT met; a measurement, not an exit code). Exit code 1 if any answer was not 2xx or 304.
//
// Data (BENCH_SCALE):
//   taiyuan (default) — the demo data the service seeds at start (OPENDAY_SEED_DEMO): on SQLite in a fresh temporary
//             file, or on MySQL/MariaDB with BENCH_DATABASE_URL (that database is DROPPED and recreated);
//   national — the edition `npm run db:seed:scale` wrote, in BENCH_DATABASE_URL (default
//             mysql://root@127.0.0.1:3306/openday_scale), read as it is (not dropped).
// BENCH_PORT: first of two TCP ports for the two servers (default 0: any free ports).
//
// Run: npm run bench:read    (it builds first)
//      BENCH_DATABASE_URL=mysql://root@127.0.0.1:3306/openday_readbench npm run bench:read
//      BENCH_SCALE=national npm run bench:read
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { parseDatabaseUrl } from '../src/config.js';
import { projectRoot } from '../src/shared/project-root.js';
import { recreateMysqlDatabase } from '../test/helpers/test-db.js';
import { startMain, type ServerProcess } from '../test/helpers/server-process.js';
import type { CapturedAnswer } from './bare-read-server.js';
import { loadGenerator, type LoadResult } from './load-generator.js';
import { cpuMsOf, databaseProbe, memoryMb, settle, type DatabaseProbe } from './process-stats.js';

const env = process.env;
const ROUNDS = positive('BENCH_ROUNDS', 3);
const DURATION = positive('BENCH_DURATION', 5);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 32);
const THREADS = 2;
const WARMUP_SECONDS = 2;
const SCALE = env.BENCH_SCALE ?? 'taiyuan';
const PORT = Number(env.BENCH_PORT ?? 0);
const TARGET_RATIO = 0.5;
const HEADERS = { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br' };

type Target = 'service' | 'bare';
const TARGETS: Target[] = ['service', 'bare'];

interface Endpoint {
  name: string;
  path: string;
}

interface Run extends LoadResult {
  endpoint: string;
  target: Target;
  round: number;
  /** CPU ms the HTTP server's process spent per request. */
  cpuPerRequest?: number;
  /** CPU ms the local database server spent per request (MySQL/MariaDB on this machine). */
  dbCpuPerRequest?: number;
}

function positive(name: string, fallback: number): number {
  const n = Number(env[name] ?? fallback);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

/** GET with the browser-like headers; the body exactly as it came over the wire (not decompressed). */
function get(base: string, urlPath: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${urlPath}`, { headers: HEADERS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function decoded(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return gunzipSync(body);
  if (encoding === 'deflate') return inflateSync(body);
  if (encoding === 'br') return brotliDecompressSync(body);
  return body;
}

/** The script and node options of `npm start` (package.json), so the service runs exactly as it does. */
function startCommand(): [string, string[]] {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.trim().split(/\s+/);
  if (words[0] !== 'node' || !words.at(-1)!.endsWith('.js') || words.slice(1, -1).some((w) => !w.startsWith('--'))) {
    throw new Error(`the bench reads npm start as "node [--options] script.js", not: ${pkg.scripts.start}`);
  }
  return [words.at(-1)!, words.slice(1, -1)];
}

/** Once listening, stop keeping the process's log lines (one per request at level info): read and drop them. */
function drainStdout(server: ServerProcess): void {
  server.child.stdout.removeAllListeners('data');
  server.child.stdout.resume();
}

/** Starts the service on the data BENCH_SCALE asks for; answers it and a line saying what it runs on. */
async function startService(tmp: string): Promise<{ server: ServerProcess; url: string; data: string; databaseUrl: string }> {
  let databaseUrl: string;
  let seedDemo: boolean;
  let data: string;
  if (SCALE === 'national') {
    databaseUrl = env.BENCH_DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/openday_scale';
    const target = parseDatabaseUrl(databaseUrl, 1, false);
    if (target.dialect !== 'mysql') throw new Error('BENCH_SCALE=national reads the MySQL/MariaDB database written by npm run db:seed:scale');
    seedDemo = false;
    data = `national scale: ${target.host}:${target.port}/${target.database} as db:seed:scale left it`;
  } else if (SCALE === 'taiyuan') {
    databaseUrl = env.BENCH_DATABASE_URL ?? `sqlite:${path.join(tmp, 'read.sqlite')}`;
    const target = parseDatabaseUrl(databaseUrl, 1, false);
    if (target.dialect === 'mysql') await recreateMysqlDatabase(target);
    seedDemo = true;
    data =
      target.dialect === 'mysql'
        ? `Taiyuan demo data on MySQL/MariaDB ${target.host}:${target.port}/${target.database} (dropped and recreated)`
        : 'Taiyuan demo data on SQLite (a fresh temporary file)';
  } else {
    throw new Error(`BENCH_SCALE must be taiyuan or national, not ${SCALE}`);
  }
  const secret = () => randomBytes(32).toString('base64url');
  const server = startMain(
    {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      JOBS_ENABLED: 'false',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATABASE_URL: databaseUrl,
      OPENDAY_SEED_DEMO: String(seedDemo),
      OPENDAY_TOKEN_KEYS: `bench:${secret()}`,
      OPENDAY_PII_KEY: secret(),
      OPENDAY_AUTH_SECRET: secret(),
    },
    ...startCommand(),
  );
  const url = await server.listening;
  drainStdout(server);
  return { server, url, data, databaseUrl };
}

/** The four endpoints, with the first venue that has sessions standing in for "a venue". */
async function endpoints(url: string): Promise<Endpoint[]> {
  const edition = await get(url, '/api/edition');
  if (edition.status !== 200) {
    throw new Error(`GET /api/edition answered ${edition.status}${SCALE === 'national' ? ': run npm run db:seed:scale first' : ''}`);
  }
  const list = await get(url, '/api/venues?pageSize=100');
  const venues = JSON.parse(decoded(list.body, list.headers['content-encoding'] as string | undefined).toString('utf8')) as {
    items: { id: number; sessionCount: number }[];
  };
  const venue = venues.items.find((v) => v.sessionCount > 0);
  if (!venue) throw new Error('no venue with sessions in the edition');
  return [
    { name: 'GET /api/edition', path: '/api/edition' },
    { name: 'GET /api/venues', path: '/api/venues' },
    { name: 'GET /api/venues/:id', path: `/api/venues/${venue.id}` },
    { name: 'GET /api/sessions?venueId=', path: `/api/sessions?venueId=${venue.id}` },
  ];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const fmt = (n: number | undefined, digits = 0) => (n === undefined || !Number.isFinite(n) ? '-' : n.toFixed(digits));
/** Requests/s, with a decimal or two where there are very few. */
const rate = (n: number) => fmt(n, n > 0 && n < 1 ? 2 : n < 10 ? 1 : 0);
/** A ratio with two decimals, or one significant digit below 0.01 (a collapse still shows how far off it is). */
const ratio = (x: number) => (x > 0 && x < 0.01 ? x.toPrecision(1) : x.toFixed(2));
const mb = (n: number | undefined) => (n === undefined ? '-' : `${Math.round(n)} MB`);

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

async function main(): Promise<void> {
  const started = Date.now();
  const generator = loadGenerator();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'openday-read-bench-'));
  let service: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  let probe: DatabaseProbe | undefined;
  try {
    const svc = await startService(tmp);
    service = svc.server;
    const eps = await endpoints(svc.url);

    // Capture each endpoint's answer once; the bare server replays exactly these bytes and headers.
    const captured: CapturedAnswer[] = [];
    process.stdout.write(
      `read bench: ${svc.data}; ${generator.name}, ${THREADS} threads, ${CONNECTIONS} connections, ${DURATION} s per run, ${ROUNDS} rounds ` +
        `(after a ${WARMUP_SECONDS} s warm-up of every path)\nanswers (as the load generator gets them, asking with Accept-Encoding: ${HEADERS['Accept-Encoding']}):\n`,
    );
    for (const ep of eps) {
      const res = await get(svc.url, ep.path);
      if (res.status !== 200) throw new Error(`${ep.name} (${ep.path}) answered ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
      const encoding = res.headers['content-encoding'] as string | undefined;
      captured.push({
        path: ep.path,
        status: res.status,
        contentType: String(res.headers['content-type']),
        contentEncoding: encoding,
        bodyBase64: res.body.toString('base64'),
      });
      const plain = decoded(res.body, encoding).length;
      process.stdout.write(
        `  ${ep.name.padEnd(28)} ${ep.path.padEnd(24)} ${String(res.body.length).padStart(8)} bytes  ` +
          `${encoding ? `compressed (${encoding}, ${plain} bytes plain)` : 'not compressed'}  ${res.headers['content-type']}\n`,
      );
    }
    const responsesFile = path.join(tmp, 'answers.json');
    writeFileSync(responsesFile, JSON.stringify(captured));
    bare = startMain({ BENCH_RESPONSES: responsesFile, PORT: String(PORT === 0 ? 0 : PORT + 1) }, 'bench/bare-read-server.ts');
    const urls: Record<Target, string> = { service: svc.url, bare: await bare.listening };
    drainStdout(bare);
    for (const a of captured) {
      const res = await get(urls.bare, a.path);
      if (!res.body.equals(Buffer.from(a.bodyBase64, 'base64'))) throw new Error(`the bare server's answer to ${a.path} differs from the service's`);
    }
    const pids: Record<Target, number | undefined> = { service: service.child.pid, bare: bare.child.pid };
    probe = parseDatabaseUrl(svc.databaseUrl, 1, false).dialect === 'mysql' ? await databaseProbe(svc.databaseUrl) : undefined;
    const dbPid = probe?.pid;

    const runs: Run[] = [];
    const once = async (ep: Endpoint, target: Target, round: number, seconds: number): Promise<Run> => {
      const waited = await settle(pids[target], target === 'service' ? probe : undefined);
      const cpu0 = [cpuMsOf(pids[target]), cpuMsOf(dbPid)];
      const r = await generator.run(`${urls[target]}${ep.path}`, { seconds, connections: CONNECTIONS, threads: THREADS, headers: HEADERS });
      const cpu1 = [cpuMsOf(pids[target]), cpuMsOf(dbPid)];
      const per = (i: number) => (cpu0[i] === undefined || cpu1[i] === undefined ? undefined : (cpu1[i]! - cpu0[i]!) / r.requests);
      const run: Run = { ...r, endpoint: ep.name, target, round, cpuPerRequest: per(0), dbCpuPerRequest: per(1) };
      if (round > 0) {
        process.stdout.write(
          `round ${round}  ${ep.name.padEnd(28)} ${target.padEnd(7)} ${rate(r.rps).padStart(7)} req/s  p50 ${fmt(r.p50, 1)} ms  p99 ${fmt(r.p99, 1)} ms  ` +
            `cpu ${fmt(run.cpuPerRequest, 2)} ms/req${dbPid ? `, db ${fmt(run.dbCpuPerRequest, 2)} ms/req` : ''}${r.bad ? `  ${r.bad} answers not 2xx/304 (first: ${r.firstBadStatus})` : ''}${r.socketErrors ? `  socket errors: ${r.socketErrors}` : ''}` +
            `${waited >= 1 ? `  (after ${waited.toFixed(0)} s waiting for the server to finish the previous run's requests)` : ''}\n`,
        );
      }
      return run;
    };
    const all: Run[] = [];
    for (const ep of eps) for (const target of TARGETS) all.push(await once(ep, target, 0, WARMUP_SECONDS));
    const order = eps.flatMap((ep) => TARGETS.map((target) => [ep, target] as const));
    for (let round = 1; round <= ROUNDS; round++) {
      for (let k = 0; k < order.length; k++) {
        const [ep, target] = order[(k + round - 1) % order.length]!;
        runs.push(await once(ep, target, round, DURATION));
      }
    }
    all.push(...runs);
    const memory = { service: { peak: memoryMb(pids.service, 'VmHWM'), now: memoryMb(pids.service, 'VmRSS') }, bare: { peak: memoryMb(pids.bare, 'VmHWM') } };

    // Per endpoint: every run, the ratios per round and their median.
    const verdicts: string[] = [];
    for (const ep of eps) {
      const rows = runs
        .filter((r) => r.endpoint === ep.name)
        .sort((a, b) => a.round - b.round || TARGETS.indexOf(a.target) - TARGETS.indexOf(b.target))
        .map((r) => [
          String(r.round),
          r.target,
          rate(r.rps),
          fmt(r.p50, 1),
          fmt(r.p99, 1),
          fmt(r.cpuPerRequest, 3),
          fmt(r.dbCpuPerRequest, 3),
          String(r.requests),
          String(r.bad + r.socketErrors),
        ]);
      const ratios = Array.from({ length: ROUNDS }, (_, i) => {
        const of = (t: Target) => runs.find((r) => r.endpoint === ep.name && r.target === t && r.round === i + 1)!.rps;
        return of('service') / of('bare');
      });
      const m = median(ratios);
      const met = m >= TARGET_RATIO;
      process.stdout.write(
        `\n${ep.name}  (${ep.path})\n` +
          table(['round', 'path', 'req/s', 'p50 ms', 'p99 ms', 'cpu ms/req', 'db ms/req', 'requests', 'errors'], rows) +
          `service ÷ bare req/s per round: ${ratios.map(ratio).join(' ')}; median ${ratio(m)}: target ≥ ${TARGET_RATIO} ${met ? 'met' : 'NOT met'}\n`,
      );
      verdicts.push(`  ${ep.name.padEnd(28)} median ${ratio(m)}  ${met ? 'met' : 'NOT met'}`);
    }
    const bad = all.reduce((n, r) => n + r.bad, 0);
    const socketErrors = all.reduce((n, r) => n + r.socketErrors, 0);
    process.stdout.write(
      `\ntarget: service ÷ bare req/s median ≥ ${TARGET_RATIO} for every endpoint\n${verdicts.join('\n')}\n` +
        `cpu ms/req: CPU time of the HTTP server's process per request; db ms/req: of the local MySQL/MariaDB server, all its clients (- on SQLite, or where /proc ` +
        `is not readable); errors: answers not 2xx/304 and socket errors ` +
        `(timeouts are answers slower than 10 s: wrk leaves them out of the percentiles)\n` +
        `resident memory: service peak ${mb(memory.service.peak)} (now ${mb(memory.service.now)}), bare peak ${mb(memory.bare.peak)}\n` +
        `answers not 2xx/304: ${bad}; socket errors (connect, read, write, timeout): ${socketErrors}; total ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
    );
    process.exitCode = bad > 0 ? 1 : 0;
  } finally {
    await Promise.all([service?.stop(), bare?.stop(), probe?.close()]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
