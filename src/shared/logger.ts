// JSON log lines on stdout through pino: `time`, `level` (a word), the fields, `msg`. Personal data must be masked
// before it reaches a logger; as a second line of defence, phone and ID-number fields are masked by path (redact). An
// Error given as a field is written as its type, codes, message and stack, without what a driver attaches of the
// request's values (safe-error.ts).
import { writeSync } from 'node:fs';
import { pino, stdTimeFunctions, type DestinationStream, type Logger as Pino } from 'pino';
import { maskIdNumber, maskPhone } from './masking.js';
import { safeError, safeErrorSerializer } from './safe-error.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
}

// Where a phone number or an ID number may sit in a log record, at the top or one level down (`contact.phone`).
const PHONES = ['phone', 'contactPhone', 'contact_phone', '*.phone', '*.contactPhone', '*.contact_phone'];
const ID_NUMBERS = ['idNumber', 'id_number', '*.idNumber', '*.id_number', 'visitors[*].idNumber'];

function censor(value: unknown, path: string[]): unknown {
  if (typeof value !== 'string') return value;
  const key = path.at(-1) ?? '';
  return /phone/i.test(key) ? maskPhone(value) : maskIdNumber(value);
}

/** Fields with every Error made safe (the `err` field goes through the serializer). */
function withErrors(fields: Fields | undefined): Fields {
  if (!fields) return {};
  let out: Fields | undefined;
  for (const key in fields) {
    const value = fields[key];
    if (value instanceof Error && key !== 'err') {
      out ??= { ...fields };
      out[key] = safeError(value);
    }
  }
  return out ?? fields;
}

/** Where lines go: a stream with a file descriptor, written to as a stream and, at exit, directly. */
export interface LineSink {
  fd: number;
  write(text: string): unknown;
}

/**
 * A destination that writes what the callbacks of one turn of the event loop logged in one write. Node writes to a
 * pipe or a file synchronously, one system call per write, and under load that call was the larger part of what a log
 * line cost. Lines still pending when the process exits (process.exit, an uncaught error) are written synchronously
 * from the 'exit' handler, in order, so none is lost; only a SIGKILL within the same turn loses them. (pino's own
 * asynchronous destination can put a line logged just before process.exit ahead of one still being written.)
 */
export function batchedLines(sink: LineSink): DestinationStream {
  let pending: string[] = [];
  const take = (): string => {
    const text = pending.join('');
    pending = [];
    return text;
  };
  const flush = () => {
    if (pending.length > 0) sink.write(take());
  };
  process.on('exit', () => {
    if (pending.length > 0) writeSync(sink.fd, take());
  });
  return {
    write(line: string) {
      if (pending.push(line) === 1) setImmediate(flush);
    },
  };
}

/** `destination`: where lines go (one JSON record per line); by default stdout, in batches (batchedLines). */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const p: Pino = pino(
    {
      level,
      base: undefined,
      messageKey: 'msg',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...PHONES, ...ID_NUMBERS], censor },
      serializers: { err: safeErrorSerializer },
    },
    destination ?? stdoutDestination(),
  );
  return {
    debug: (msg, fields) => p.debug(withErrors(fields), msg),
    info: (msg, fields) => p.info(withErrors(fields), msg),
    warn: (msg, fields) => p.warn(withErrors(fields), msg),
    error: (msg, fields) => p.error(withErrors(fields), msg),
  };
}

let stdout: DestinationStream | undefined;

function stdoutDestination(): DestinationStream {
  return (stdout ??= batchedLines(process.stdout));
}

export const silentLogger: Logger = createLogger('silent', { write: () => undefined });
