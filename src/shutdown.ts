// A graceful stop on SIGTERM (and SIGINT): from the signal on, /readyz answers 503 and every answer says
// `Connection: close`; the jobs stop; connections are still accepted for SHUTDOWN_DRAIN_MS (so a load balancer sees the
// 503 and moves on), then refused; the requests in flight are answered, the database is closed, and the process exits
// 0 — all within SHUTDOWN_GRACE_MS. Only what still runs at the end of the grace period is cut (exit code 1, logged).
// SIGINT (Ctrl-C at a terminal) skips the drain delay.
import type { Database } from './db/database.js';
import type { HttpServer } from './http-server.js';
import type { Lifecycle } from './shared/lifecycle.js';
import type { Logger } from './shared/logger.js';

export interface StopDeps {
  lifecycle: Lifecycle;
  http: HttpServer;
  jobs?: { stop(): Promise<void> };
  db: Database;
  logger: Logger;
  drainMs: number;
  graceMs: number;
}

/** Time kept at the end of the grace period to close the database and write the last log lines. */
const CLOSING_MS = 500;

export function stopOnSignals(deps: StopDeps): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    void gracefulStop(deps, signal).then((code) => process.exit(code));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** Runs the stop; resolves with the exit code. */
export async function gracefulStop(deps: StopDeps, signal: NodeJS.Signals): Promise<number> {
  const { lifecycle, http, jobs, db, logger, graceMs } = deps;
  const started = Date.now();
  const drainMs = signal === 'SIGINT' ? 0 : deps.drainMs;
  lifecycle.stop();
  logger.info('stopping', { signal, drainMs, graceMs });
  // Whatever hangs (a job, the database), the process is gone by the end of the grace period.
  setTimeout(() => {
    logger.error('shutdown: the grace period ended before the process could stop', { graceMs });
    process.exit(1);
  }, graceMs).unref();

  const deadline = started + Math.max(0, graceMs - CLOSING_MS);
  const jobsStopped = (jobs?.stop() ?? Promise.resolve()).then(
    () => true,
    (err: unknown) => {
      logger.error('shutdown: the jobs did not stop cleanly', { err });
      return false;
    },
  );
  const { cut } = await http.shutdown({ drainMs, deadline });
  if (cut > 0) logger.error('shutdown: requests still running at the end of the grace period were cut', { requests: cut, graceMs });
  const jobsOk = await jobsStopped;
  try {
    await db.close();
  } catch (err) {
    logger.error('shutdown: the database did not close cleanly', { err });
    return 1;
  }
  logger.info('stopped', { signal, ms: Date.now() - started });
  return cut === 0 && jobsOk ? 0 : 1;
}
