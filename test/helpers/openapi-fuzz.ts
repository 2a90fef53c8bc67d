// Reads an OpenAPI document and turns each operation into fuzz cases: the operation made valid from hints (so one
// malformed value is all that is wrong in a case), then each path parameter, query parameter, header and body property
// malformed in turn, required fields dropped, extra ones added, whole bodies of the wrong kind; and unknown methods on
// every path. Sending them and judging the answers is the test's part.
import { errorCodeOf } from './error-shape.js';
import { LONG_URL_PART, enc, jsonValues, toJson, typeOf, urlValues, type JsonSchema } from './fuzz-values.js';
import type { RawResult } from './raw-http.js';
import type { Random } from './seeded-random.js';

export const UNKNOWN_METHODS = ['PROPFIND', 'PURGE', 'SEARCH', 'TRACE', 'MKCOL', 'LOCK', 'REPORT'];

// ---------------------------------------------------------------------------------------------------------------------
// The OpenAPI document, as far as the fuzzer reads it

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** OpenAPI form: /api/venues/{id} */
  path: string;
  parameters: Parameter[];
  body?: JsonSchema;
  protected: boolean;
}

export interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> }; 'x-roles'?: string[] }>
  >;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
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

// ---------------------------------------------------------------------------------------------------------------------
// What is sent, and what came back

export type Expectation = 'control' | 'method';

export interface Case {
  op: string;
  label: string;
  method: string;
  target: string;
  headers: [string, string][];
  body?: string;
  /** control: text with a control character → 400 validation_failed; method: an unknown method → 405 or 501. */
  expect?: Expectation;
}

export interface Outcome {
  c: Case;
  result: RawResult;
}

export function describeCase(c: Case, result?: RawResult): string {
  const target = c.target.length > 90 ? `${c.target.slice(0, 90)}…(${c.target.length})` : c.target;
  const answer = result?.response
    ? `${result.response.status} ${errorCodeOf(result.response.text) ?? JSON.stringify(result.response.text.slice(0, 60))}`
    : `no answer (${result?.failure})`;
  return `${c.method} ${target} [${c.label}] → ${answer}`;
}

/** A failure message listing how many went wrong and the first examples. */
export function report(title: string, bad: { c: Case; result: RawResult; why?: string }[]): string {
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

/** A valid value for an input of this name in this operation, or undefined to fall back on its schema. */
export type Hint = (name: string, op: Operation, schema: JsonSchema) => unknown;

export function example(schema: JsonSchema, name: string, op: Operation, hint: Hint): unknown {
  const h = hint(name, op, schema);
  if (h !== undefined) return h;
  if (schema.enum) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => example(schema.items ?? {}, name, op, hint));
    case 'object':
      return baselineObject(schema, op, hint);
    default:
      return 'fuzz'.padEnd(schema.minLength ?? 4, 'z');
  }
}

/** The required properties (with the oneOf branch holding `focus`, or the first), or one property when at least one is needed. */
export function baselineObject(schema: JsonSchema, op: Operation, hint: Hint, focus?: string): Record<string, unknown> {
  const keys = new Set(schema.required ?? []);
  if (schema.oneOf?.length) {
    const branch = schema.oneOf.find((b) => focus && b.required?.includes(focus)) ?? schema.oneOf[0]!;
    for (const k of branch.required ?? []) keys.add(k);
  }
  const props = Object.keys(schema.properties ?? {});
  if (keys.size === 0 && (schema.minProperties ?? 0) > 0) keys.add(focus && props.includes(focus) ? focus : props[0]!);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = example(schema.properties?.[k] ?? {}, k, op, hint);
  return out;
}

export function propertyPaths(schema: JsonSchema, prefix: (string | number)[] = []): { path: (string | number)[]; schema: JsonSchema; parent: JsonSchema }[] {
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
export function bodyWith(schema: JsonSchema, op: Operation, hint: Hint, path: (string | number)[], value: unknown): unknown {
  const body = baselineObject(schema, op, hint, typeof path[0] === 'string' ? path[0] : undefined);
  let container: Record<string | number, unknown> = body;
  let s = schema;
  for (const key of path.slice(0, -1)) {
    const child = typeof key === 'number' ? (s.items ?? {}) : (s.properties?.[key] ?? {});
    if (container[key] === undefined || container[key] === null) container[key] = example(child, String(key), op, hint);
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

export function buildCases(op: Operation, hint: Hint, random: Random, auth: () => [string, string][]): Case[] {
  const opName = `${op.method} ${op.path}`;
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const headerParams = op.parameters.filter((p) => p.in === 'header');

  const validValue = (p: Parameter) => String(example(p.schema, p.name, op, hint));
  const validUrl = (p: Parameter) => enc(validValue(p));
  const baselineQuery = new Map<string, string>();
  for (const p of queryParams) {
    if (p.required || hint(p.name, op, p.schema) !== undefined) baselineQuery.set(p.name, validUrl(p));
  }
  const baselineBody = op.body ? baselineObject(op.body, op, hint) : undefined;

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
    const valid = String(example(p.schema, p.name, op, hint));
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
      const validProp = example(prop, String(path[path.length - 1]), op, hint);
      for (const v of jsonValues(prop, validProp, random)) {
        add(`body ${name}: ${v.label}`, build({ body: toJson(bodyWith(schema, op, hint, path, v.value)) }), v.control ? 'control' : undefined);
      }
    }
    // Missing required fields, at every level.
    for (const { path, parent } of propertyPaths(schema)) {
      const key = path[path.length - 1]!;
      if (typeof key === 'string' && parent.required?.includes(key)) {
        add(`body ${path.join('.')}: missing required`, build({ body: toJson(bodyWith(schema, op, hint, path, REMOVE)) }));
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
export function methodCases(ops: Operation[], hint: Hint, auth: () => [string, string][]): Case[] {
  const byPath = new Map<string, Operation>();
  for (const op of ops) if (!byPath.has(op.path) || op.protected) byPath.set(op.path, op);
  const cases: Case[] = [];
  const targets = new Map<string, boolean>([['/healthz', false]]);
  for (const [path, op] of byPath) {
    let target = path;
    for (const p of op.parameters.filter((x) => x.in === 'path')) target = target.replace(`{${p.name}}`, enc(String(example(p.schema, p.name, op, hint))));
    targets.set(target, op.protected);
  }
  for (const [target, isProtected] of targets) {
    for (const method of UNKNOWN_METHODS) {
      cases.push({ op: `${method} ${target}`, label: `unknown method ${method}`, method, target, headers: isProtected ? auth() : [], expect: 'method' });
    }
  }
  return cases;
}
