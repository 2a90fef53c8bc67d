// Walks every operation of the OpenAPI document and sends it malformed input: each path parameter, query parameter,
// header and body property gets wrong types, huge strings, control characters, odd Unicode, extreme numbers, arrays,
// objects, nothing at all; bodies lose required fields and gain extra ones; every path gets unknown methods. Whatever
// comes in, the answer must be a 4xx in the one error shape, never a 5xx. Deterministic: values come from a seeded
// generator (FUZZ_SEED to change the seed). What only Node's HTTP parser sees (oversized request lines and headers,
// control characters in headers) is sent to a real server process at the end.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { koaHandler } from '../../src/shared/http/node-handler.js';
import { errorCodeOf, errorShapeProblem } from '../helpers/error-shape.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { validIdNumber } from '../helpers/id-numbers.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { requestBytes, sendRaw, type RawResult } from '../helpers/raw-http.js';
import { seededRandom, type Random } from '../helpers/seeded-random.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20270522);
const UNKNOWN_METHODS = ['PROPFIND', 'PURGE', 'SEARCH', 'TRACE', 'MKCOL', 'LOCK', 'REPORT'];
const CONCURRENCY = 4;
const HUGE_BODY_STRING = 100 * 1024;
/** In-process URL parts and headers stay under Node's 16 KB header limit; the parser's own limits are tested last. */
const LONG_URL_PART = 8 * 1024;

// ---------------------------------------------------------------------------------------------------------------------
// The OpenAPI document, as far as the fuzzer reads it

interface JsonSchema {
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

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

interface Operation {
  method: string;
  /** OpenAPI form: /api/venues/{id} */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  protected: boolean;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; 'x-roles'?: string[] }>
  >;
}

function operationsOf(doc: OpenApiDocument): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content?.['application/json']?.schema,
        protected: (op['x-roles'] ?? []).length > 0,
      });
    }
  }
  return ops;
}

const typeOf = (s: JsonSchema): string => (Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'string') : (s.type ?? 'string'));

// ---------------------------------------------------------------------------------------------------------------------
// What is sent, and what came back

type Expectation = 'control' | 'method';

interface Case {
  op: string;
  label: string;
  method: string;
  target: string;
  headers: [string, string][];
  body?: string;
  /** control: text with a control character → 400 validation_failed; method: an unknown method → 405 or 501. */
  expect?: Expectation;
}

interface Outcome {
  c: Case;
  result: RawResult;
}

function describeCase(c: Case, result?: RawResult): string {
  const target = c.target.length > 90 ? `${c.target.slice(0, 90)}…(${c.target.length})` : c.target;
  const answer = result?.response
    ? `${result.response.status} ${errorCodeOf(result.response.text) ?? JSON.stringify(result.response.text.slice(0, 60))}`
    : `no answer (${result?.failure})`;
  return `${c.method} ${target} [${c.label}] → ${answer}`;
}

/** A failure message listing how many went wrong and the first examples. */
function report(title: string, bad: { c: Case; result: RawResult; why?: string }[]): string {
  const byLabel = new Map<string, number>();
  for (const b of bad) byLabel.set(b.c.label.replace(/ ".*$/, ''), (byLabel.get(b.c.label.replace(/ ".*$/, '')) ?? 0) + 1);
  const kinds = [...byLabel.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  const examples = bad
    .slice(0, 25)
    .map((b) => `  ${describeCase(b.c, b.result)}${b.why ? ` (${b.why})` : ''}`)
    .join('\n');
  return `${bad.length} ${title}\n  by kind: ${kinds}\n${examples}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Values: what is valid for each name (so one malformed value is all that is wrong), and the malformed ones

interface Fixtures {
  editionId: number;
  startDate: string;
  venueId: number;
  openSessionId: number;
  fullSessionId: number;
  manageSessionId: number;
  booking: { code: string; phone: string; key: string; token: string };
  waitlist: { id: number; phone: string };
  organiser: Staff;
  targetUser: Staff;
  login: { username: string; password: string };
}

let idSeq = 0;

function hint(name: string, op: Operation, schema: JsonSchema, f: Fixtures): unknown {
  const p = op.path;
  switch (name) {
    case 'id':
      if (p.startsWith('/api/venues/') || p.startsWith('/api/manage/venues/')) return f.venueId;
      if (p.startsWith('/api/sessions/') && p.endsWith('/waitlist')) return f.fullSessionId;
      if (p.startsWith('/api/sessions/')) return f.openSessionId;
      if (p.startsWith('/api/waitlist/')) return f.waitlist.id;
      if (p.startsWith('/api/manage/users/')) return f.targetUser.id;
      if (p.startsWith('/api/manage/sessions/')) return f.manageSessionId;
      return 1;
    case 'code':
      return f.booking.code;
    case 'phone':
      return p.startsWith('/api/waitlist/') ? f.waitlist.phone : f.booking.phone;
    case 'key':
      return f.booking.key;
    case 'token':
      return f.booking.token;
    case 'venueId':
      return f.venueId;
    case 'venueIds':
      return [f.venueId];
    case 'sessionId':
      return f.openSessionId;
    case 'editionId':
      return f.editionId;
    case 'actorId':
      return f.organiser.id;
    case 'date':
      return f.startDate;
    case 'from':
      return schema.format === 'date-time' ? `${f.startDate}T00:00:00+08:00` : f.startDate;
    case 'to':
      return schema.format === 'date-time' ? `${f.startDate}T20:00:00+08:00` : f.startDate;
    case 'name':
      return '王小明';
    case 'idNumber':
      return validIdNumber(7000 + ++idSeq);
    case 'username':
      return p === '/api/auth/login' ? f.login.username : 'fuzz.newuser';
    case 'password':
      return f.login.password;
    case 'gate':
      return 'east-gate';
    case 'admitted':
      return 1;
    case 'reason':
      return 'fuzz: tracing a reported case';
    case 'capacity':
      return 12;
    case 'startTime':
      return '14:00';
    case 'endTime':
      return '15:30';
    case 'district':
      return '小店区';
    case 'q':
      return '实验室';
    case 'action':
      return 'auth.login';
    case 'targetType':
      return 'user';
    case 'targetId':
      return String(f.targetUser.id);
    case 'displayName':
      return '模糊测试';
    default:
      return undefined;
  }
}

function example(schema: JsonSchema, name: string, op: Operation, f: Fixtures): unknown {
  const h = hint(name, op, schema, f);
  if (h !== undefined) return h;
  if (schema.enum) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => example(schema.items ?? {}, name, op, f));
    case 'object':
      return baselineObject(schema, op, f);
    default:
      return 'fuzz'.padEnd(schema.minLength ?? 4, 'z');
  }
}

/** The required properties (with the oneOf branch holding `focus`, or the first), or one property when at least one is needed. */
function baselineObject(schema: JsonSchema, op: Operation, f: Fixtures, focus?: string): Record<string, unknown> {
  const keys = new Set(schema.required ?? []);
  if (schema.oneOf?.length) {
    const branch = schema.oneOf.find((b) => focus && b.required?.includes(focus)) ?? schema.oneOf[0]!;
    for (const k of branch.required ?? []) keys.add(k);
  }
  const props = Object.keys(schema.properties ?? {});
  if (keys.size === 0 && (schema.minProperties ?? 0) > 0) keys.add(focus && props.includes(focus) ? focus : props[0]!);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = example(schema.properties?.[k] ?? {}, k, op, f);
  return out;
}

interface UrlValue {
  label: string;
  /** Already percent-encoded, as it goes on the request line. */
  raw: string;
  control?: boolean;
}

const enc = encodeURIComponent;
const UNICODE_EDGES = [
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
const CONTROLS = ['\u0000', '\u0007', '\u001b'];
const BAD_ESCAPES = ['%ED%A0%80', '%C0%AF', '%FF%FE', '%zz', '%'];
const ODD_NUMBERS = ['-1', '0', '-0', '2147483648', '99999999999999999999', '1e309', '-1e309', '0x10', 'NaN', 'Infinity', ' 1', '1.5'];

/** `valid`: a valid value, not yet encoded. */
function urlValues(schema: JsonSchema, valid: string, random: Random): UrlValue[] {
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
function sample<T>(random: Random, items: readonly T[], n: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < n && pool.length > 0) out.push(pool.splice(random.int(pool.length), 1)[0]!);
  return out;
}

/** Replaced after JSON.stringify: numbers JavaScript cannot hold, and keys an object literal would not keep. */
class RawJson {
  constructor(readonly text: string) {}
}

function toJson(value: unknown): string {
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

interface JsonValue {
  label: string;
  value: unknown;
  control?: boolean;
}

const ODD_JSON_NUMBERS: unknown[] = [-1, 0, 2147483648, 1e308, -1e308, ...['9007199254740993', '1e400', '-0', '1E2', '0.1e-400'].map((n) => new RawJson(n))];

function jsonValues(schema: JsonSchema, valid: unknown, random: Random): JsonValue[] {
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
function propertyPaths(schema: JsonSchema, prefix: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema; parent: JsonSchema }[] {
  const out: { path: (string | number)[]; schema: JsonSchema; parent: JsonSchema }[] = [];
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, name];
    out.push({ path, schema: prop, parent: schema });
    if (typeOf(prop) === 'object') out.push(...propertyPaths(prop, path));
    if (typeOf(prop) === 'array' && prop.items && typeOf(prop.items) === 'object') out.push(...propertyPaths(prop.items, [...path, 0]));
  }
  return out;
}

const REMOVE = Symbol('remove');

/** The baseline body with the value at `path` replaced (or removed). */
function bodyWith(schema: JsonSchema, op: Operation, f: Fixtures, path: (string | number)[], value: unknown): unknown {
  const body = baselineObject(schema, op, f, typeof path[0] === 'string' ? path[0] : undefined);
  let container: Record<string | number, unknown> = body;
  let s = schema;
  for (const key of path.slice(0, -1)) {
    const child = typeof key === 'number' ? (s.items ?? {}) : (s.properties?.[key] ?? {});
    if (container[key] === undefined || container[key] === null) container[key] = example(child, String(key), op, f);
    container = container[key] as Record<string | number, unknown>;
    s = child;
  }
  const last = path[path.length - 1]!;
  if (value === REMOVE) delete container[last];
  else container[last] = value;
  return body;
}

// ---------------------------------------------------------------------------------------------------------------------
// The cases for one operation

interface Built {
  target: string;
  headers: [string, string][];
  body?: string;
}

function buildCases(op: Operation, f: Fixtures, random: Random, auth: () => [string, string][]): Case[] {
  const opName = `${op.method} ${op.path}`;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');

  const validValue = (p: Parameter) => String(example(p.schema, p.name, op, f));
  const validUrl = (p: Parameter) => enc(validValue(p));
  const baselineQuery = new Map<string, string>();
  for (const p of queryParams) {
    if (p.required || hint(p.name, op, p.schema, f) !== undefined) baselineQuery.set(p.name, validUrl(p));
  }
  const baselineBody = op.body ? baselineObject(op.body, op, f) : undefined;

  function build(over: { path?: Record<string, string>; query?: string; headers?: [string, string][]; body?: string | null; noAuth?: boolean } = {}): Built {
    let target = op.path;
    for (const p of pathParams) target = target.replace(`{${p.name}}`, over.path?.[p.name] ?? validUrl(p));
    const query = over.query ?? [...baselineQuery.entries()].map(([k, v]) => `${k}=${v}`).join('&');
    if (query) target += `?${query}`;
    const headers: [string, string][] = [...(op.protected && !over.noAuth ? auth() : []), ...(over.headers ?? [])];
    let body: string | undefined;
    if (over.body !== undefined) body = over.body ?? undefined;
    else if (baselineBody !== undefined) body = toJson(baselineBody);
    if (body !== undefined && !headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
    return { target, headers, body };
  }

  const cases: Case[] = [];
  const add = (label: string, built: Built, expect?: Expectation, method = op.method) => cases.push({ op: opName, label, method, ...built, expect });

  add('baseline', build());
  if (op.method === 'GET') add('baseline HEAD', build(), undefined, 'HEAD');

  for (const p of pathParams) {
    for (const v of urlValues(p.schema, validValue(p), random)) {
      add(`path ${p.name}: ${v.label}`, build({ path: { [p.name]: v.raw } }), v.control ? 'control' : undefined);
    }
  }

  for (const p of queryParams) {
    const others = [...baselineQuery.entries()].filter(([k]) => k !== p.name).map(([k, v]) => `${k}=${v}`);
    const withValue = (...parts: string[]) => [...others, ...parts].join('&');
    for (const v of urlValues(p.schema, validValue(p), random)) {
      add(`query ${p.name}: ${v.label}`, build({ query: withValue(`${p.name}=${v.raw}`) }), v.control ? 'control' : undefined);
    }
    add(`query ${p.name}: repeated key`, build({ query: withValue(`${p.name}=${validUrl(p)}`, `${p.name}=${validUrl(p)}`) }));
    add(`query ${p.name}: repeated key, two values`, build({ query: withValue(`${p.name}=${validUrl(p)}`, `${p.name}=other`) }));
    add(`query ${p.name}: bracket object`, build({ query: withValue(`${p.name}%5Ba%5D=1`, `${p.name}%5Bb%5D=2`) }));
    add(`query ${p.name}: JSON object`, build({ query: withValue(`${p.name}=${enc('{"a":1}')}`) }));
    add(`query ${p.name}: key without value`, build({ query: withValue(p.name) }));
    if (p.required) add(`query ${p.name}: missing required`, build({ query: others.join('&') }));
  }
  if (op.method === 'GET')
    add(
      'query: unknown keys',
      build({
        query: [...baselineQuery.entries()]
          .map(([k, v]) => `${k}=${v}`)
          .concat('zz=1', '__proto__=x', 'constructor=y')
          .join('&'),
      }),
    );

  for (const p of headerParams) {
    const valid = String(example(p.schema, p.name, op, f));
    const values: string[] = [
      'short',
      'has a space',
      '',
      'x'.repeat(LONG_URL_PART),
      '中文键值-12345678',
      '\u{1f600}-key-12345',
      '../../../../etc',
      "k' OR '1'='1",
    ];
    for (const v of values) add(`header ${p.name}: ${JSON.stringify(v.slice(0, 20))}`, build({ headers: [[p.name, v]] }));
    add(
      `header ${p.name}: repeated`,
      build({
        headers: [
          [p.name, `${valid}-a-123456`],
          [p.name, `${valid}-b-123456`],
        ],
      }),
    );
    add(`header ${p.name}: random`, build({ headers: [[p.name, random.text(30).replace(/[^\x20-\x7e]/g, '')]] }));
  }

  if (op.protected) {
    add('auth: none', build({ noAuth: true }));
    add('auth: bad bearer', build({ noAuth: true, headers: [['Authorization', 'Bearer x.y.z']] }));
    add('auth: long bearer', build({ noAuth: true, headers: [['Authorization', `Bearer ${'a'.repeat(LONG_URL_PART)}`]] }));
    add('auth: bad cookie', build({ noAuth: true, headers: [['Cookie', 'openday_session=%00%ff; openday_session=x']] }));
  }

  if (op.body) {
    const schema = op.body;
    for (const { path, schema: prop } of propertyPaths(schema)) {
      const name = path.filter((k) => typeof k === 'string').join('.');
      const validProp = example(prop, String(path[path.length - 1]), op, f);
      for (const v of jsonValues(prop, validProp, random)) {
        add(`body ${name}: ${v.label}`, build({ body: toJson(bodyWith(schema, op, f, path, v.value)) }), v.control ? 'control' : undefined);
      }
    }
    // Missing required fields, at every level.
    for (const { path, parent } of propertyPaths(schema)) {
      const key = path[path.length - 1]!;
      if (typeof key === 'string' && parent.required?.includes(key)) {
        add(`body ${path.join('.')}: missing required`, build({ body: toJson(bodyWith(schema, op, f, path, REMOVE)) }));
      }
    }
    const base = toJson(baselineBody);
    const withExtra = (extra: string) => (base === '{}' ? `{${extra}}` : `{${extra},${base.slice(1)}`);
    add('body: extra fields', build({ body: withExtra('"extra":"x","isAdmin":true,"role":"organiser"') }));
    add('body: prototype keys', build({ body: withExtra('"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}') }));
    add('body: duplicate keys', build({ body: base === '{}' ? base : `${base.slice(0, -1)},${base.slice(1)}` }));
    for (const [label, text] of [
      ['an array', '[]'],
      ['a string', '"x"'],
      ['a number', '1'],
      ['null', 'null'],
      ['true', 'true'],
      ['empty object', '{}'],
      ['invalid JSON', '{"a":'],
      ['a lone brace', '{'],
      ['a byte-order mark', `\ufeff${base}`],
      ['nested 20,000 deep', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
      ['nested objects 5,000 deep', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
      ['only whitespace', '   '],
    ] as const) {
      add(`body: ${label}`, build({ body: text }));
    }
    add('body: missing', build({ body: null }));
    add('body: declared text/plain', build({ body: base, headers: [['Content-Type', 'text/plain']] }));
    add('body: declared form', build({ body: 'a=b&c=d', headers: [['Content-Type', 'application/x-www-form-urlencoded']] }));
    add('body: JSON with another charset', build({ body: base, headers: [['Content-Type', 'application/json; charset=utf-16']] }));
  } else if (op.method !== 'GET') {
    add('body: one not described', build({ body: '{"extra":1}' }));
  }
  // Text with control characters first (a stable sort): a sign-in throttle tripped by the rest must not decide their answer.
  return cases.sort((a, b) => Number(a.expect !== 'control') - Number(b.expect !== 'control'));
}

/** Unknown methods on the concrete form of every path, and on /healthz; with staff credentials so only the method is wrong. */
function methodCases(ops: Operation[], f: Fixtures, auth: () => [string, string][]): Case[] {
  const byPath = new Map<string, Operation>();
  for (const op of ops) if (!byPath.has(op.path) || op.protected) byPath.set(op.path, op);
  const cases: Case[] = [];
  const targets = new Map<string, boolean>([['/healthz', false]]);
  for (const [path, op] of byPath) {
    let target = path;
    for (const p of op.parameters.filter((x) => x.in === 'path')) target = target.replace(`{${p.name}}`, enc(String(example(p.schema, p.name, op, f))));
    targets.set(target, op.protected);
  }
  for (const [target, isProtected] of targets) {
    for (const method of UNKNOWN_METHODS) {
      cases.push({ op: `${method} ${target}`, label: `unknown method ${method}`, method, target, headers: isProtected ? auth() : [], expect: 'method' });
    }
  }
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------------

describe('fuzzing every operation of the OpenAPI document', function () {
  this.timeout(180_000);
  let h: Harness;
  let server: Server;
  let port: number;
  const outcomes: Outcome[] = [];

  before(async function () {
    this.timeout(180_000);
    h = await startHarness();
    server = createServer(koaHandler(h.app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;

    // A world in which every operation has something real to act on.
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const openSession = await createSession(h.db, { edition, venue, capacity: 500 });
    const fullSession = await createSession(h.db, { edition, venue, capacity: 1, from: '11:00', to: '12:00' });
    const manageSession = await createSession(h.db, { edition, venue, capacity: 20, from: '13:00', to: '14:00' });
    const booked = await h.http.post('/api/bookings', {
      sessionId: openSession.id,
      contact: { name: '王小明', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });
    expect(booked.status, booked.text).to.equal(201);
    const filled = await h.http.post('/api/bookings', {
      sessionId: fullSession.id,
      contact: { name: '李四', phone: '13900000002' },
      visitors: [{ name: '李四' }],
    });
    expect(filled.status, filled.text).to.equal(201);
    const joined = await h.http.post(`/api/sessions/${fullSession.id}/waitlist`, {
      contact: { name: '赵五', phone: '13900000003' },
      visitors: [{ name: '赵五' }],
    });
    expect(joined.status, joined.text).to.equal(201);
    const organiser = await signedIn(h, 'organiser');
    const targetUser = await signedIn(h, 'door_staff', [venue.id]);
    // Signing out ends every session of an account: each sign-out gets an organiser of its own.
    const signOuts: Staff[] = [];
    for (let i = 0; i < 4; i++) signOuts.push(await signedIn(h, 'organiser'));
    const login = { username: 'fuzz.login', password: 'fuzz-login-password' };
    await h.services.accounts.createUser({ ...login, role: 'door_staff', venueIds: [venue.id] }, null);

    const f: Fixtures = {
      editionId: edition.id,
      startDate: edition.startDate,
      venueId: venue.id,
      openSessionId: openSession.id,
      fullSessionId: fullSession.id,
      manageSessionId: manageSession.id,
      booking: {
        code: booked.body.code,
        phone: '13900000001',
        key: new URL(booked.body.qr.png as string, 'http://x').searchParams.get('key')!,
        token: booked.body.qr.token,
      },
      waitlist: { id: joined.body.id, phone: '13900000003' },
      organiser,
      targetUser,
      login,
    };

    const doc = (await h.http.get('/api/openapi.json')).body as OpenApiDocument;
    const ops = operationsOf(doc);
    expect(ops.length, 'operations in the document').to.be.greaterThan(20);
    const random = seededRandom(SEED);
    const organiserAuth = (): [string, string][] => [['Authorization', organiser.headers.authorization!]];
    const cases: Case[] = [];
    for (const op of ops) {
      let auth = organiserAuth;
      if (op.method === 'POST' && op.path === '/api/auth/logout') {
        auth = () => {
          const staff = signOuts.pop();
          if (!staff) throw new Error('fuzz: more sign-outs than prepared accounts');
          return [['Authorization', staff.headers.authorization!]];
        };
      }
      cases.push(...buildCases(op, f, random, auth));
    }
    cases.push(...methodCases(ops, f, organiserAuth));

    const started = Date.now();
    let next = 0;
    const host = `127.0.0.1:${port}`;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const result = await sendRaw(port, requestBytes(host, c), { head: c.method === 'HEAD', timeoutMs: 15_000 });
          outcomes.push({ c, result });
        }
      }),
    );
    const statuses = new Map<string, number>();
    for (const o of outcomes) {
      const k = String(o.result.response?.status ?? o.result.failure);
      statuses.set(k, (statuses.get(k) ?? 0) + 1);
    }
    const summary = [...statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}×${n}`)
      .join(' ');
    process.stdout.write(
      `      fuzz: ${outcomes.length} requests over ${ops.length} operations (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}\n`,
    );
  });

  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.close();
  });

  it('then every request is answered, and never with a 5xx (an unknown method may be a 501)', () => {
    const bad = outcomes.filter(({ c, result }) => {
      const status = result.response?.status;
      if (status === undefined) return true;
      return status >= 500 && !(c.expect === 'method' && status === 501);
    });
    expect(bad, report('requests answered with a 5xx or not at all', bad)).to.have.length(0);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted by a body').to.equal(undefined);
  });

  it('then every refusal is in the error shape {error:{code,message,details}}', () => {
    const bad = outcomes
      .map((o) => ({
        ...o,
        why: o.result.response && errorShapeProblem(o.c.method, o.result.response.status, o.result.response.headers['content-type'], o.result.response.text),
      }))
      .filter((o) => o.why);
    expect(bad, report('refusals not in the error shape', bad)).to.have.length(0);
  });

  it('then text with a control character (NUL, BEL, ESC) in any path, query or body input is refused with 400 validation_failed', () => {
    const control = outcomes.filter((o) => o.c.expect === 'control');
    expect(control.length).to.be.greaterThan(100);
    const bad = control.filter(({ result }) => result.response?.status !== 400 || errorCodeOf(result.response.text) !== 'validation_failed');
    expect(bad, report(`of ${control.length} inputs with a control character not refused with 400 validation_failed`, bad)).to.have.length(0);
  });

  it('then an unknown method on any path or /healthz answers 405 (with Allow) or 501, in the error shape', () => {
    const methods = outcomes.filter((o) => o.c.expect === 'method');
    expect(methods.length).to.be.greaterThan(UNKNOWN_METHODS.length * 10);
    const bad = methods
      .map((o) => {
        const r = o.result.response;
        let why: string | undefined;
        if (!r) why = 'no answer';
        else if (r.status !== 405 && r.status !== 501) why = `status ${r.status}`;
        else if (r.status === 405 && !r.headers.allow) why = 'no Allow header';
        else why = errorShapeProblem(o.c.method, r.status, r.headers['content-type'], r.text);
        return { ...o, why };
      })
      .filter((o) => o.why);
    expect(bad, report(`of ${methods.length} unknown-method requests answered otherwise`, bad)).to.have.length(0);
  });
});

describe("fuzzing Node's HTTP parser in a real server process", function () {
  this.timeout(60_000);
  let server: LiveServer;
  let doc: OpenApiDocument;
  let sent = 0;

  before(async function () {
    this.timeout(60_000);
    server = await startLiveServer();
    doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument;
  });
  after(async () => {
    process.stdout.write(`      parser fuzz: ${sent} requests\n`);
    await server?.stop();
  });

  async function send(method: string, target: string, headers: [string, string][] = [], body?: string): Promise<RawResult> {
    sent++;
    return sendRaw(server.port, requestBytes(`127.0.0.1:${server.port}`, { method, target, headers, body }), { timeoutMs: 15_000 });
  }

  function expectErrorShape(result: RawResult, statuses: number[], what: string): void {
    const r = result.response;
    expect(r, `${what}: no answer (${result.failure})`).to.not.equal(undefined);
    expect(statuses, `${what}: status ${r!.status}`).to.include(r!.status);
    expect(errorShapeProblem('GET', r!.status, r!.headers['content-type'], r!.text), `${what}: error shape`).to.equal(undefined);
  }

  it('when the URL is over 16 KB, then 414 or 431 in the error shape', async () => {
    expectErrorShape(await send('GET', `/api/venues?q=${'a'.repeat(17 * 1024)}`), [414, 431], 'URL of 17 KB');
  });

  it('when a header is 20 KB, then 431 in the error shape', async () => {
    expectErrorShape(await send('GET', '/api/venues', [['X-Fuzz', 'a'.repeat(20 * 1024)]]), [431], 'header of 20 KB');
  });

  it('when a header value holds a NUL byte, then 400 in the error shape', async () => {
    expectErrorShape(await send('GET', '/healthz', [['X-Fuzz', 'a\u0000b']]), [400], 'NUL in a header');
  });

  it('when a header value or the request line holds another control character, then 400 in the error shape', async () => {
    const bad: string[] = [];
    const check = (what: string, result: RawResult) => {
      const r = result.response;
      const why = !r
        ? `no answer (${result.failure})`
        : r.status !== 400
          ? `status ${r.status}`
          : errorShapeProblem('GET', r.status, r.headers['content-type'], r.text);
      if (why) bad.push(`${what}: ${why}`);
    };
    for (const ch of ['\u0007', '\u001b', '\u0000']) {
      check(`X-Fuzz with ${JSON.stringify(ch)}`, await send('GET', '/api/venues', [['X-Fuzz', `a${ch}b`]]));
      check(`request target with ${JSON.stringify(ch)}`, await send('GET', `/api/venues?q=a${ch}b`));
      for (const op of operationsOf(doc)) {
        for (const p of op.parameters.filter((x) => x.in === 'header')) {
          check(
            `${op.method} ${op.path} ${p.name} with ${JSON.stringify(ch)}`,
            await send(op.method, op.path.replace(/\{[^}]+\}/g, '1'), [[p.name, `key-${ch}-12345678`]], op.body ? '{}' : undefined),
          );
        }
      }
    }
    expect(bad, bad.join('\n')).to.have.length(0);
  });

  it('when any path parameter, query parameter or header of the document holds 100 KB, then a 4xx in the error shape', async () => {
    const bad: string[] = [];
    const huge = 'x'.repeat(100 * 1024);
    for (const op of operationsOf(doc)) {
      for (const p of op.parameters) {
        const target = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (p.in === 'path' && p.name === name ? huge : '1'));
        const result =
          p.in === 'query'
            ? await send(op.method, `${target}?${p.name}=${huge}`)
            : p.in === 'header'
              ? await send(op.method, target, [[p.name, huge]])
              : p.in === 'path'
                ? await send(op.method, target)
                : undefined;
        if (!result) continue;
        const r = result.response;
        const why = !r
          ? `no answer (${result.failure})`
          : r.status < 400 || r.status >= 500
            ? `status ${r.status}`
            : errorShapeProblem(op.method, r.status, r.headers['content-type'], r.text);
        if (why) bad.push(`${op.method} ${op.path} ${p.in} ${p.name}: ${why}`);
      }
    }
    expect(bad, `${bad.length} answered otherwise:\n${bad.slice(0, 20).join('\n')}`).to.have.length(0);
  });
});
