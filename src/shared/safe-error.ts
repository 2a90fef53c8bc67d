// What of an error may be written to the log. A database driver's error carries the statement with its bound values
// (`sql`, `parameters`, and again under `original`/`parent`), and its message may quote them: a family's phone, a name,
// the bytes a client sent. So only the type, a few codes, and the message and stack with phone- and ID-number-like
// digits masked and control characters replaced are kept; causes the same way.
import { CONTROL_CHARACTERS } from './control-characters.js';
import { maskIdNumber, maskPhone } from './masking.js';

const CODES = ['code', 'errno', 'sqlState', 'syscall', 'status'] as const;
const ID_NUMBER = /(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])|(?<![0-9])[0-9]{15}(?![0-9])/g;
const PHONE = /(?<![0-9])(?:\+?86)?1[3-9][0-9]{9}(?![0-9])/g;
const MAX_MESSAGE = 1000;

/** Text safe to log: personal numbers masked, control characters replaced, cut at 1000 characters. */
export function redactText(text: string): string {
  const cut = text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
  return cut.replace(CONTROL_CHARACTERS, '\uFFFD').replace(ID_NUMBER, maskIdNumber).replace(PHONE, maskPhone);
}

export interface SafeError {
  type: string;
  message: string;
  stack?: string;
  cause?: SafeError;
  [code: string]: unknown;
}

export function safeError(err: Error, depth = 0): SafeError {
  const type = err.name || err.constructor?.name || 'Error';
  const message = redactText(String(err.message ?? ''));
  const out: SafeError = { type, message };
  const fields = err as unknown as Record<string, unknown>;
  for (const key of CODES) {
    const v = fields[key];
    if (typeof v === 'string' || typeof v === 'number') out[key] = typeof v === 'string' ? redactText(v) : v;
  }
  if (typeof err.stack === 'string') {
    // The stack's first lines repeat the message; the frames after it hold no input.
    const frames = err.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = [`${type}: ${message}`, ...frames].join('\n');
  }
  // Sequelize wraps the driver's error (original/parent); `cause` is the standard place.
  const inner = err.cause ?? fields.original ?? fields.parent;
  if (inner instanceof Error && inner !== err && depth < 3) out.cause = safeError(inner, depth + 1);
  return out;
}

/** For the logger: an Error becomes a SafeError, anything else is written as it is. */
export function safeErrorSerializer(value: unknown): unknown {
  return value instanceof Error ? safeError(value) : value;
}
