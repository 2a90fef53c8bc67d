// The read bench's load generator, an external process: Debian's wrk (C; costs far less CPU than a Node load
// generator on a machine whose cores it shares with the server and the database), or autocannon (npm) where wrk is
// not installed. BENCH_LOAD=autocannon picks autocannon even where wrk is there.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../src/shared/project-root.js';

export interface LoadOptions {
  seconds: number;
  connections: number;
  threads: number;
  headers: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  rps: number;
  /** Latency percentiles, ms (wrk: of the answers that came within its 10 s timeout). */
  p50: number;
  p99: number;
  /** Answers neither 2xx nor 304 (autocannon cannot tell 304 from other 3xx: it counts 1xx, 4xx and 5xx). */
  bad: number;
  firstBadStatus?: number;
  /** Connect, read and write errors and timeouts. */
  socketErrors: number;
}

export interface LoadGenerator {
  name: string;
  run(url: string, opts: LoadOptions): Promise<LoadResult>;
}

const WRK_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'wrk-status.lua');
const AUTOCANNON = path.join(projectRoot, 'node_modules', 'autocannon', 'autocannon.js');

function output(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function wrkValue(text: string, pattern: RegExp, what: string): RegExpExecArray {
  const m = pattern.exec(text);
  if (!m) throw new Error(`cannot read ${what} from wrk's output:\n${text}`);
  return m;
}

const wrk: LoadGenerator = {
  name: 'wrk',
  async run(url, { seconds, connections, threads, headers }) {
    const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--latency', '--timeout', '10s', '-s', WRK_SCRIPT];
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
    const { code, stdout, stderr } = await output('wrk', [...args, url]);
    if (code !== 0) throw new Error(`wrk exited with ${code}: ${stderr}${stdout}`);
    const percentile = (p: number) => {
      const m = wrkValue(stdout, new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm'), `the ${p}th percentile`);
      return Number(m[1]) * UNIT_MS[m[2]!]!;
    };
    const sockets = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
    const status = wrkValue(stdout, /^bench-bad-status: (\d+) (\d+)$/m, 'the status count');
    const requests = Number(wrkValue(stdout, /(\d+) requests in [\d.]+\w+,/, 'the requests')[1]);
    const timeouts = Number(sockets?.[4] ?? 0);
    return {
      requests,
      rps: Number(wrkValue(stdout, /^Requests\/sec:\s+([\d.]+)/m, 'requests/s')[1]),
      // wrk leaves answers slower than its timeout out of the percentiles (they count as timeouts), and prints 0 for
      // every percentile when no answer is left: then there is no latency to show.
      p50: requests > timeouts ? percentile(50) : NaN,
      p99: requests > timeouts ? percentile(99) : NaN,
      bad: Number(status[1]),
      firstBadStatus: Number(status[2]) || undefined,
      socketErrors: sockets ? sockets.slice(1, 5).reduce((n, x) => n + Number(x), 0) : 0,
    };
  },
};

interface AutocannonJson {
  requests: { total: number };
  duration: number;
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  '1xx': number;
  '4xx': number;
  '5xx': number;
}

const autocannon: LoadGenerator = {
  name: 'autocannon',
  async run(url, { seconds, connections, threads, headers }) {
    const args = [AUTOCANNON, '-c', String(connections), '-d', String(seconds), '-w', String(threads), '-t', '10', '-j'];
    for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
    const { code, stdout, stderr } = await output(process.execPath, [...args, url]);
    if (code !== 0) throw new Error(`autocannon exited with ${code}: ${stderr}`);
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as AutocannonJson;
    return {
      requests: r.requests.total,
      rps: r.requests.total / r.duration,
      p50: r.latency.p50,
      p99: r.latency.p99,
      bad: r['1xx'] + r['4xx'] + r['5xx'],
      socketErrors: r.errors + r.timeouts,
    };
  },
};

export function loadGenerator(): LoadGenerator {
  const wanted = process.env.BENCH_LOAD;
  if (wanted !== undefined && wanted !== 'wrk' && wanted !== 'autocannon') throw new Error('BENCH_LOAD must be wrk or autocannon');
  if (wanted !== 'autocannon' && !spawnSync('wrk', ['--version']).error) return wrk;
  if (wanted === 'wrk') throw new Error('wrk is not installed (apt-get install -y wrk)');
  if (existsSync(AUTOCANNON)) return autocannon;
  throw new Error('no load generator: install wrk (apt-get install -y wrk), or run npm install for autocannon');
}
