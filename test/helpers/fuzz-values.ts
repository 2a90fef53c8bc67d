// Malformed values for fuzzing, by where they go (a URL, a JSON body) and the schema they should have broken:
// wrong types, huge strings, control characters, odd Unicode, extreme numbers, arrays, objects. Sampled with a seeded
// generator, so a run repeats exactly.
import type { Random } from './seeded-random.js';

/** A body string over the 64 KiB body limit. */
export const HUGE_BODY_STRING = 100 * 1024;
/** URL parts and headers that stay under Node's 16 KB header limit (the parser's own limits are tested apart). */
export const LONG_URL_PART = 8 * 1024;

/** The part of JSON Schema the fuzzer reads. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  minLength?: number;
  minItems?: number;
  minProperties?: number;
  oneOf?: { required?: string[] }[];
  format?: string;
  description?: string;
}

/** The type of a schema, `null` aside. */
export const typeOf = (s: JsonSchema): string => (Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? 'string'));

export interface UrlValue {
  label: string;
  /** Already percent-encoded, as it goes on the request line. */
  raw: string;
  control?: boolean;
}

export const enc = encodeURIComponent;
export const UNICODE_EDGES = [
  '\u202eevil',
  '\u200b',
  'e\u0301',
  '\u{1f468}\u200d\u{1f469}\u200d\u{1f467}\u200d\u{1f466}',
  '\uffff',
  '１２３',
  '\u00a0',
  '\u0130',
  '\ufeffx',
];
export const CONTROLS = ['\u0000', '\u0007', '\u001b'];
export const BAD_ESCAPES = ['%ED%A0%80', '%C0%AF', '%FF%FE', '%zz', '%'];
export const ODD_NUMBERS = ['-1', '0', '-0', '2147483648', '99999999999999999999', '1e309', '-1e309', '0x10', 'NaN', 'Infinity', ' 1', '1.5'];

/** `valid`: a valid value, not yet encoded. */
export function urlValues(schema: JsonSchema, valid: string, random: Random): UrlValue[] {
  const t = typeOf(schema);
  const numeric = t === 'integer' || t === 'number';
  return [
    { label: 'empty', raw: '' },
    { label: 'wrong type', raw: t === 'string' ? '12345' : 'abc' },
    { label: 'wrong type', raw: t === 'boolean' ? '2' : 'true' },
    { label: 'long 8 KB', raw: 'x'.repeat(LONG_URL_PART) },
    ...CONTROLS.map((ch) => ({ label: `control ${JSON.stringify(ch)}`, raw: enc(`a${ch}b`), control: true })),
    ...CONTROLS.map((ch) => ({ label: `control inside a valid value ${JSON.stringify(ch)}`, raw: enc(`${valid}${ch}`), control: true })),
    ...sample(random, UNICODE_EDGES, 3).map((u) => ({ label: `unicode ${JSON.stringify(u)}`, raw: enc(u) })),
    ...sample(random, BAD_ESCAPES, 3).map((raw) => ({ label: `bad escape ${raw}`, raw })),
    ...(numeric ? ODD_NUMBERS : sample(random, ODD_NUMBERS, 2)).map((n) => ({ label: `number ${JSON.stringify(n)}`, raw: enc(n) })),
    { label: 'random', raw: enc(random.text(200)) },
  ];
}

/** `n` of `items`, chosen by the seeded generator (all of them when there are no more). */
export function sample<T>(random: Random, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(random.int(pool.length), 1)[0]!);
  return out;
}

/** Replaced after JSON.stringify: numbers JavaScript cannot hold, and keys an object literal would not keep. */
export class RawJson {
  constructor(readonly text: string) {}
}

export function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0000RAW${raws.length - 1}\u0000`;
    }
    return v;
  });
  return text.replace(/"\\u0000RAW(\d+)\\u0000"/g, (_m, i: string) => raws[Number(i)]!);
}

export interface JsonValue {
  label: string;
  value: unknown;
  control?: boolean;
}

const ODD_JSON_NUMBERS: unknown[] = [-1, 0, 2147483648, 1e308, -1e308, ...['9007199254740993', '1e400', '-0', '1E2', '0.1e-400'].map((n) => new RawJson(n))];

export function jsonValues(schema: JsonSchema, valid: unknown, random: Random): JsonValue[] {
  const t = typeOf(schema);
  const numeric = t === 'integer' || t === 'number';
  const wrongTypes: unknown[] =
    t === 'string'
      ? [12345, true, 1.5]
      : numeric
        ? ['abc', String(valid), 1.5, true]
        : t === 'boolean'
          ? ['yes', 1]
          : t === 'array'
            ? ['x', 1]
            : ['x', 1, true];
  const text = t === 'string' || typeof valid === 'string';
  return [
    ...sample(random, wrongTypes, 2).map((value) => ({ label: `wrong type ${JSON.stringify(value)}`, value })),
    { label: 'null', value: null },
    { label: 'empty string', value: '' },
    { label: 'huge 100 KB', value: 'x'.repeat(HUGE_BODY_STRING) },
    ...CONTROLS.map((ch) => ({ label: `control ${JSON.stringify(ch)}`, value: `a${ch}b`, control: true })),
    ...(typeof valid === 'string'
      ? CONTROLS.map((ch) => ({ label: `control inside a valid value ${JSON.stringify(ch)}`, value: `${valid}${ch}`, control: true }))
      : []),
    ...sample(random, [...UNICODE_EDGES, '\ud800', '\udfff x'], text ? 3 : 1).map((u) => ({ label: `unicode ${JSON.stringify(u)}`, value: u })),
    ...(numeric ? ODD_JSON_NUMBERS : sample(random, ODD_JSON_NUMBERS, 1)).map((n) => ({
      label: `number ${n instanceof RawJson ? n.text : String(n)}`,
      value: n,
    })),
    { label: 'array of the valid value', value: [valid, valid] },
    random.pick([
      { label: 'empty array', value: [] },
      { label: 'object', value: { a: 1 } },
      { label: 'operator object', value: { $gt: '' } },
    ]),
    { label: 'random', value: random.text(300) },
  ];
}

/** Every property path of a body schema, nested objects and the first item of arrays included. */
