// What the read bench reads from the machine while it runs: a process's CPU time and resident memory (from /proc, on
// Linux), the local MySQL/MariaDB server's pid and the statements the service is running, and when a server is idle.
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from '../src/config.js';

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in ticks of 10 ms (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** The MySQL/MariaDB database the service reads: its server's pid (when it runs on this machine) and its running queries. */
export interface DatabaseProbe {
  pid?: number;
  /** Statements the service's connections are running now. */
  running(): Promise<number>;
  close(): Promise<void>;
}

export async function databaseProbe(databaseUrl: string): Promise<DatabaseProbe> {
  const target = parseDatabaseUrl(databaseUrl, 1, false);
  const conn = await mysql.createConnection({ host: target.host, port: target.port, user: target.username, password: target.password });
  let pid: number | undefined;
  if (['127.0.0.1', 'localhost', '::1'].includes(target.host!)) {
    try {
      const [[row]] = await conn.query<mysql.RowDataPacket[]>('SELECT @@pid_file AS file');
      const candidate = Number(readFileSync(String(row!.file), 'utf8').trim());
      if (/^(mariadbd|mysqld)$/.test(readFileSync(`/proc/${candidate}/comm`, 'utf8').trim())) pid = candidate;
    } catch {
      // not Linux, or the pid file is not readable: no database CPU figures
    }
  }
  return {
    pid,
    async running() {
      const [[row]] = await conn.query<mysql.RowDataPacket[]>(
        "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query' AND ID <> CONNECTION_ID()",
        [target.database],
      );
      return Number(row!.n);
    },
    close: () => conn.end(),
  };
}

/**
 * Waits until the service has finished what the previous run left it (requests wrk gave up on are still served):
 * its process idle and, on MySQL, none of its statements running. Answers the seconds waited.
 */
export async function settle(pid: number | undefined, probe: DatabaseProbe | undefined, limitSeconds = 180): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  while (quiet < 2 && Date.now() - started < limitSeconds * 1000) {
    const before = cpuMsOf(pid);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const after = cpuMsOf(pid);
    const idle = before === undefined || after === undefined || after - before <= 10;
    quiet = idle && (!probe || (await probe.running()) === 0) ? quiet + 1 : 0;
  }
  return (Date.now() - started) / 1000;
}

/** Resident memory of a process (VmHWM: the peak; VmRSS: now), MB, from /proc (Linux); undefined elsewhere. */
export function memoryMb(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}
