// Joi → JSON Schema (the dialect of OpenAPI 3.1), from Joi's own describe() output, for the Joi features this codebase
// uses. Anything it does not know throws, so a new kind of rule fails the OpenAPI test instead of being documented wrong.
import type Joi from 'joi';

export type JsonSchema = Record<string, unknown>;

/** A message as describe() gives it: a string, or a template object. */
type DescribedMessage = string | { template: string };

interface Rule {
  name: string;
  args?: Record<string, unknown>;
  /** Set by `.rule({ message })`: one message, or one per error code. */
  message?: DescribedMessage | Record<string, DescribedMessage>;
}

interface Described {
  type: string;
  flags?: {
    presence?: 'required' | 'optional' | 'forbidden';
    only?: boolean;
    default?: unknown;
    description?: string;
    format?: string[] | string;
    label?: string;
  };
  rules?: Rule[];
  allow?: unknown[];
  keys?: Record<string, Described>;
  items?: Described[];
  matches?: { schema?: Described; then?: Described; otherwise?: Described }[];
  dependencies?: { rel: string; peers: string[] }[];
  preferences?: { messages?: Record<string, string> };
  notes?: string[];
}

/** Joi's `/source/flags` form of a regular expression → a JSON Schema pattern (ECMA-262, flags other than u/s dropped). */
function pattern(regex: string, path: string): string {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(regex);
  if (!m) throw new Error(`${path}: cannot read pattern ${regex}`);
  if (m[2]!.includes('i')) throw new Error(`${path}: case-insensitive patterns are not supported`);
  return m[1]!;
}

const isRef = (v: unknown): v is { ref: { path: string[] } } | { ref: string } => typeof v === 'object' && v !== null && 'ref' in v;
const refName = (v: unknown): string => {
  const r = (v as { ref: unknown }).ref;
  if (typeof r === 'string') return r;
  const p = (r as { path?: string[]; key?: string }).path ?? [(r as { key?: string }).key ?? '?'];
  return p.join('.');
};

const messageText = (m: DescribedMessage): string => (typeof m === 'string' ? m : m.template);

/** A rule's own messages (`.rule({ message })`), one or one per error code. */
function ruleMessages(rule: Rule): string[] {
  const m = rule.message;
  if (m === undefined) return [];
  if (typeof m === 'string' || typeof (m as { template?: unknown }).template === 'string') return [messageText(m as DescribedMessage)];
  return Object.values(m as Record<string, DescribedMessage>).map(messageText);
}

/** The schema's own error messages, without Joi's label placeholder: what the server checks, in its words. */
function messages(d: Described): string | undefined {
  const own = [...Object.values(d.preferences?.messages ?? {}), ...(d.rules ?? []).flatMap(ruleMessages)];
  const texts = own.map((m) => `“${m.replace(/^\{\{#label\}\}\s*/, '').replace(/\{\{#label\}\}/g, 'it')}”`);
  return texts.length ? `refused with: ${texts.join(', ')}` : undefined;
}

/** Whether a plain schema already accepts `value` (so listing it again as allowed adds nothing). */
function accepts(s: JsonSchema, value: unknown): boolean {
  return value === '' && s.type === 'string' && !s.minLength && !s.pattern && !s.format;
}

function stringSchema(d: Described, path: string, notes: string[]): JsonSchema {
  const s: JsonSchema = { type: 'string' };
  for (const rule of d.rules ?? []) {
    const a = rule.args ?? {};
    switch (rule.name) {
      case 'min':
        s.minLength = a.limit;
        break;
      case 'max':
        s.maxLength = a.limit;
        break;
      case 'length':
        s.minLength = a.limit;
        s.maxLength = a.limit;
        break;
      case 'pattern':
        s.pattern = pattern(String(a.regex), path);
        break;
      case 'email':
        s.format = 'email';
        break;
      case 'isoDate':
        s.format = 'date-time';
        break;
      case 'guid':
        s.format = 'uuid';
        break;
      case 'trim':
        notes.push('leading and trailing spaces are removed');
        break;
      case 'case':
        notes.push(`converted to ${String(a.direction)} case`);
        break;
      case 'custom':
        notes.push('checked by a custom rule');
        break;
      default:
        throw new Error(`${path}: string rule ${rule.name} is not supported`);
    }
  }
  return s;
}

function numberSchema(d: Described, path: string, notes: string[]): JsonSchema {
  const s: JsonSchema = { type: 'number' };
  for (const rule of d.rules ?? []) {
    const a = rule.args ?? {};
    if (isRef(a.limit)) {
      notes.push(`${rule.name} ${refName(a.limit)}`);
      continue;
    }
    switch (rule.name) {
      case 'integer':
        s.type = 'integer';
        break;
      case 'min':
        s.minimum = a.limit;
        break;
      case 'max':
        s.maximum = a.limit;
        break;
      case 'greater':
        s.exclusiveMinimum = a.limit;
        break;
      case 'less':
        s.exclusiveMaximum = a.limit;
        break;
      case 'multiple':
        s.multipleOf = a.base;
        break;
      case 'sign':
        if (a.sign === 'positive') s.exclusiveMinimum = 0;
        else s.exclusiveMaximum = 0;
        break;
      case 'custom':
        notes.push('checked by a custom rule');
        break;
      default:
        throw new Error(`${path}: number rule ${rule.name} is not supported`);
    }
  }
  return s;
}

function dateSchema(d: Described, path: string, notes: string[]): JsonSchema {
  const s: JsonSchema = { type: 'string', format: 'date-time' };
  const words: Record<string, string> = { greater: 'later than', less: 'earlier than', min: 'not earlier than', max: 'not later than' };
  for (const rule of d.rules ?? []) {
    const a = rule.args ?? {};
    if (rule.name === 'custom') notes.push('checked by a custom rule');
    else if (words[rule.name]) notes.push(`${words[rule.name]} ${isRef(a.date) ? refName(a.date) : String(a.date)}`);
    else throw new Error(`${path}: date rule ${rule.name} is not supported`);
  }
  return s;
}

function arraySchema(d: Described, path: string, notes: string[]): JsonSchema {
  const items = (d.items ?? []).map((item, i) => convert(item, `${path}[${i}]`));
  const s: JsonSchema = { type: 'array' };
  if (items.length === 1) s.items = items[0];
  else if (items.length > 1) s.items = { anyOf: items };
  for (const rule of d.rules ?? []) {
    const a = rule.args ?? {};
    switch (rule.name) {
      case 'min':
        s.minItems = a.limit;
        break;
      case 'max':
        s.maxItems = a.limit;
        break;
      case 'length':
        s.minItems = a.limit;
        s.maxItems = a.limit;
        break;
      case 'unique':
        // A comparator decides what "the same" means, which JSON Schema's uniqueItems cannot say.
        notes.push('items must be unique');
        break;
      default:
        throw new Error(`${path}: array rule ${rule.name} is not supported`);
    }
  }
  return s;
}

function objectSchema(d: Described, path: string, notes: string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, child] of Object.entries(d.keys ?? {})) {
    if (child.flags?.presence === 'forbidden') continue;
    properties[key] = convert(child, `${path}.${key}`);
    if (child.flags?.presence === 'required') required.push(key);
  }
  const s: JsonSchema = { type: 'object', properties };
  if (required.length) s.required = required;
  for (const rule of d.rules ?? []) {
    if (rule.name === 'min') s.minProperties = rule.args?.limit;
    else if (rule.name === 'max') s.maxProperties = rule.args?.limit;
    else throw new Error(`${path}: object rule ${rule.name} is not supported`);
  }
  for (const dep of d.dependencies ?? []) {
    const alternatives = dep.peers.map((p) => ({ required: [p] }));
    if (dep.rel === 'or') s.anyOf = alternatives;
    else if (dep.rel === 'xor') s.oneOf = alternatives;
    else notes.push(`${dep.rel}: ${dep.peers.join(', ')}`);
  }
  return s;
}

/** Converts one described Joi schema; `path` names it in errors. */
function convert(d: Described, path: string): JsonSchema {
  const notes: string[] = [];
  let s: JsonSchema;
  switch (d.type) {
    case 'string':
      s = stringSchema(d, path, notes);
      break;
    case 'number':
      s = numberSchema(d, path, notes);
      break;
    case 'boolean':
      s = { type: 'boolean' };
      break;
    case 'date':
      s = dateSchema(d, path, notes);
      break;
    case 'array':
      s = arraySchema(d, path, notes);
      break;
    case 'object':
      s = objectSchema(d, path, notes);
      break;
    case 'alternatives':
      s = {
        anyOf: (d.matches ?? []).flatMap((m, i) =>
          [m.schema, m.then, m.otherwise].filter((x): x is Described => x !== undefined).map((x) => convert(x, `${path}|${i}`)),
        ),
      };
      break;
    case 'any':
      s = {};
      break;
    default:
      throw new Error(`${path}: Joi type ${d.type} is not supported`);
  }

  const allow = d.allow ?? [];
  const allowsNull = allow.includes(null);
  const extras = allow.filter((v) => v !== null && (d.flags?.only || !accepts(s, v)));
  if (d.flags?.only) {
    s.enum = allowsNull ? [...extras, null] : extras;
    if (allowsNull && typeof s.type === 'string') s.type = [s.type, 'null'];
  } else if (extras.length > 0) {
    s = { anyOf: [s, { enum: allowsNull ? [...extras, null] : extras }] };
  } else if (allowsNull) {
    if (typeof s.type === 'string') s.type = [s.type, 'null'];
    else s = { anyOf: [s, { type: 'null' }] };
  }

  const flags = d.flags ?? {};
  if (flags.default !== undefined && typeof flags.default !== 'function' && !isRef(flags.default)) s.default = flags.default;
  const told = messages(d);
  // A custom rule's own messages say what it checks better than "a custom rule" does.
  const own = told ? notes.filter((n) => n !== 'checked by a custom rule') : notes;
  const description = [flags.description, told, ...(d.notes ?? []), ...own].filter(Boolean);
  if (description.length) s.description = [...new Set(description)].join('; ');
  return s;
}

/** JSON Schema of a Joi schema. */
export function jsonSchemaOf(schema: Joi.Schema, name = 'value'): JsonSchema {
  return convert(schema.describe() as Described, name);
}

/** Whether the top of a Joi schema is marked required (a request body that must be sent). */
export function isRequired(schema: Joi.Schema): boolean {
  return (schema.describe() as Described).flags?.presence === 'required';
}
