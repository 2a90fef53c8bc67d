// A MariaDB server of the test's own, in a temporary data directory on a free port, that the test may stop, restart,
// freeze (SIGSTOP) and thaw (SIGCONT) to show what the service does when its database goes away.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';

export interface PrivateMariadb {
  readonly port: number;
  /** mysql://root@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** Starts the server again on the same data directory and port; resolves once it answers. */
  start(): Promise<void>;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 30 s). */
  stop(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets but answers nothing. */
  freeze(): void;
  /** SIGCONT. */
  thaw(): void;
  /** Stops the server and removes its directory. */
  destroy(): Promise<void>;
  /** The server's own error log, for a failure message. */
  errorLog(): string;
}

export interface PrivateMariadbOptions {
  /** Inclusive range of TCP ports to choose from. */
  ports?: [number, number];
}

const SEARCH = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin'];

function findBinary(name: string): string | undefined {
  for (const dir of SEARCH) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why a private server cannot be started here (a missing program), or undefined when it can. */
export function privateMariadbUnavailable(): string | undefined {
  const missing = ['mariadbd', 'mariadb-install-db'].filter((b) => !findBinary(b));
  return missing.length ? `${missing.join(' and ')} not found (install mariadb-server to run this test)` : undefined;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function mysqlIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number(execFileSync('id', ['-u', 'mysql']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'mysql']).toString().trim());
  return { uid, gid };
}

function chownTree(dir: string, ids: { uid: number; gid: number }): void {
  execFileSync('chown', ['-R', `${ids.uid}:${ids.gid}`, dir]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startPrivateMariadb(opts: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
  const unavailable = privateMariadbUnavailable();
  if (unavailable) throw new Error(unavailable);
  const mariadbd = findBinary('mariadbd')!;
  const installDb = findBinary('mariadb-install-db')!;
  const [low, high] = opts.ports ?? [3500, 3599];

  const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-mariadb-'));
  chmodSync(dir, 0o755);
  const datadir = path.join(dir, 'data');
  mkdirSync(datadir);
  const ids = mysqlIds(); // as root the server runs as the mysql user, which must own its directory
  const userArgs = ids ? ['--user=mysql'] : [];
  if (ids) chownTree(dir, ids);
  execFileSync(installDb, ['--no-defaults', '--auth-root-authentication-method=normal', `--datadir=${datadir}`, '--skip-test-db', ...userArgs], {
    stdio: 'pipe',
  });
  if (ids) chownTree(dir, ids);

  const errorLogFile = path.join(dir, 'error.log');
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let frozen = false;
  let port = 0;

  const killOnExit = () => child?.kill('SIGKILL');
  process.on('exit', killOnExit);

  function launch(): void {
    const proc = spawn(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${datadir}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${path.join(dir, 'mysqld.sock')}`,
        `--pid-file=${path.join(dir, 'mysqld.pid')}`,
        `--log-error=${errorLogFile}`,
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=32M',
        '--performance-schema=OFF',
        '--max-connections=300',
        ...userArgs,
      ],
      { stdio: 'ignore' },
    );
    child = proc;
    exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    void exited.then(() => {
      if (child === proc) child = undefined;
    });
  }

  async function ping(): Promise<boolean> {
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
      await conn.query('SELECT 1');
      await conn.end();
      return true;
    } catch {
      return false;
    }
  }

  async function waitUntilUp(timeoutMs = 30_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!child) return false;
      if (await ping()) return true;
      await sleep(150);
    }
    return false;
  }

  async function start(): Promise<void> {
    if (child) return;
    launch();
    if (!(await waitUntilUp())) throw new Error(`private MariaDB did not start on port ${port}:\n${errorLog().slice(-2000)}`);
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc) return;
    if (frozen) thaw();
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  }

  function freeze(): void {
    if (!child?.pid) throw new Error('private MariaDB is not running');
    process.kill(child.pid, 'SIGSTOP');
    frozen = true;
  }

  function thaw(): void {
    if (child?.pid) process.kill(child.pid, 'SIGCONT');
    frozen = false;
  }

  function errorLog(): string {
    try {
      return readFileSync(errorLogFile, 'utf8');
    } catch {
      return '';
    }
  }

  async function destroy(): Promise<void> {
    await stop();
    process.off('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  }

  // Any free port of the range, in an order that differs between runs so two test runs rarely race for the same one.
  const span = high - low + 1;
  const offset = Math.floor(Math.random() * span);
  let attempts = 0;
  for (let i = 0; i < span && attempts < 5; i++) {
    const candidate = low + ((offset + i) % span);
    if (!(await portIsFree(candidate))) continue;
    attempts++;
    port = candidate;
    launch();
    if (await waitUntilUp()) {
      return {
        port,
        url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
        start,
        stop,
        freeze,
        thaw,
        destroy,
        errorLog,
      };
    }
    await stop(); // taken meanwhile, or failed: try the next port
  }
  const log = errorLog();
  await destroy();
  throw new Error(`private MariaDB: could not start on a free port in ${low}–${high}:\n${log.slice(-2000)}`);
}
