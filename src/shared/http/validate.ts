// Joi at the edge: unknown keys stripped, every problem reported, thrown as a ValidationError. Before Joi, any text
// holding a control character (C0 but tab, line feed and carriage return; DEL) is refused, whatever its field: no such
// byte has a meaning in this service's input, and SQLite refuses a NUL inside a statement.
//
// A schema's own message for a rule goes on that rule: `.pattern(re).rule({ message: { 'string.pattern.base': … } })`.
// Joi compiles it once, and uses it only when the rule fails. `.messages()` on a nested schema is merged with the
// options and compiled again at every validation (Joi caches that only for calls without options, and this one has
// options): it doubled the cost of validating a booking. Keep `.messages()` for a schema's top level and for what is not
// a rule (`.or`, `.xor`).
import type Joi from 'joi';
import { CONTROL_CHARACTER } from '../control-characters.js';
import { ValidationError, type FieldProblem } from '../errors.js';

/** Enough to name what is wrong; a body of many bad strings is not listed in full. */
const MAX_REPORTED = 20;

/** Every string (value or key) in `value` that holds a control character, by its field path. */
export function controlCharacterFields(value: unknown, label?: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  const problem = (path: string) => {
    const field = path || label || '(body)';
    out.push({ field, message: `${field} must not contain control characters`, type: 'string.control' });
  };
  // Iterative: a 64 KiB body can nest thousands of levels deep.
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0 && out.length < MAX_REPORTED) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (CONTROL_CHARACTER.test(v)) problem(path);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], path ? `${path}.${i}` : String(i)]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        const at = path ? `${path}.${key}` : key;
        if (CONTROL_CHARACTER.test(key)) problem(JSON.stringify(at).slice(1, -1));
        else stack.push([(v as Record<string, unknown>)[key], at]);
      }
    }
  }
  return out;
}

/** `name`: what to call the value when it is not an object (a header's name). */
export function parse<T>(schema: Joi.Schema<T>, value: unknown, name?: string): T {
  const control = controlCharacterFields(value, name);
  const { error, value: result } = schema.validate(value, { abortEarly: false, stripUnknown: true, convert: true });
  if (error || control.length > 0) {
    const seen = new Set<string>(control.map((p) => p.field));
    const fields: FieldProblem[] = [...control];
    for (const d of error?.details ?? []) {
      const label = d.context?.label as string | undefined;
      const field = d.path.join('.') || (label && label !== 'value' ? label : '(body)');
      if (seen.has(field)) continue;
      seen.add(field);
      fields.push({ field, message: d.message.replace(/"/g, ''), type: d.type });
    }
    throw new ValidationError(fields);
  }
  return result as T;
}
