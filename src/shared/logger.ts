// One JSON object per line on stdout; personal data must be masked before it reaches a logger. An Error given as a
// field is written as its name, message and stack.
import { writeSync } from 'node:fs';
import type { LogLevel } from '../config.js';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Where lines go: a stream with a file descriptor, written to as a stream and, at exit, directly. */
export interface LineSink {
  fd: number;
  write(text: string): unknown;
}

/**
 * Writes lines to `sink` once per turn of the event loop: what the callbacks of one turn logged goes out in one
 * write. Node writes to a pipe or a file synchronously, one system call per write, and under load that call was the
 * larger part of what a log line cost. Lines still pending when the process exits (process.exit, an uncaught error)
 * are written synchronously from the 'exit' handler, so none is lost; only a SIGKILL within the same turn loses them.
 */
export function batchedLines(sink: LineSink): (line: string) => void {
  let pending: string[] = [];
  const take = (): string => {
    const text = pending.join('\n') + '\n';
    pending = [];
    return text;
  };
  const flush = () => {
    if (pending.length > 0) sink.write(take());
  };
  process.on('exit', () => {
    if (pending.length > 0) writeSync(sink.fd, take());
  });
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

let stdoutLines: ((line: string) => void) | undefined;
const toStdout = (line: string) => (stdoutLines ??= batchedLines(process.stdout))(line);

export function createLogger(level: LogLevel, write: (line: string) => void = toStdout): Logger {
  const emit = (at: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: Fields) => {
    if (RANK[at] < RANK[level]) return;
    const record: Fields = { time: new Date().toISOString(), level: at, msg };
    for (const key in fields) {
      const value = fields[key];
      record[key] = value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
    }
    // No replacer function: with one, JSON.stringify leaves its fast path for every value of every line.
    write(JSON.stringify(record));
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

export const silentLogger: Logger = createLogger('silent');
