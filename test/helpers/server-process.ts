// The real entry point (src/main.ts) in a child process, as `npm start` runs it: for tests that need a whole server.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { projectRoot } from '../../src/shared/project-root.js';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Settles when the process has exited (never rejects). */
  exited: Promise<Exit>;
  /** The URL from the "… listening" log line; rejects if the process exits first. */
  listening: Promise<string>;
  /** Everything the process wrote to stdout so far (JSON log lines). */
  stdout(): string;
  /** SIGTERM, then the exit; SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<Exit>;
}

/**
 * Spawns `node --import tsx src/main.ts` (or another `script` that logs a "… listening" line with its url; a built
 * `.js` script runs on plain node, as `npm start` runs dist/src/main.js, with `nodeOptions` before it) from the project
 * root; `env` comes on top of PATH, NODE_ENV=test and LOG_LEVEL=info.
 */
export function startMain(env: Record<string, string>, script = 'src/main.ts', nodeOptions: string[] = []): ServerProcess {
  const child = spawn(process.execPath, [...nodeOptions, ...(script.endsWith('.js') ? [script] : ['--import', 'tsx', script])], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  let running = true;
  void exited.then(() => (running = false));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = listeningUrl(stdout);
      if (url) {
        clearInterval(timer);
        resolve(url);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before listening: ${stderr}`));
    });
  });
  listening.catch(() => undefined); // callers that never await it must not see an unhandled rejection

  async function stop(graceMs = 10_000): Promise<Exit> {
    if (running) child.kill('SIGTERM');
    const killer = setTimeout(() => running && child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(killer);
    }
  }

  return { child, exited, listening, stdout: () => stdout, stop };
}

/** The url of the first "… listening" JSON log line, if one has been written. */
function listeningUrl(stdout: string): string | undefined {
  for (const line of stdout.split('\n')) {
    if (!line.includes('listening')) continue;
    try {
      const record = JSON.parse(line) as { msg?: string; url?: string };
      if (record.msg?.endsWith('listening') && record.url) return record.url;
    } catch {
      // a line still being written
    }
  }
  return undefined;
}
