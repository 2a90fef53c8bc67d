// Joi at the edge: unknown keys stripped, every problem reported, thrown as a ValidationError.
//
// A schema's own message for a rule goes on that rule: `.pattern(re).rule({ message: { 'string.pattern.base': … } })`.
// Joi compiles it once, and uses it only when the rule fails. `.messages()` on a nested schema is merged with the
// options and compiled again at every validation (Joi caches that only for calls without options, and this one has
// options): it doubled the cost of validating a booking. Keep `.messages()` for a schema's top level and for what is not
// a rule (`.or`, `.xor`).
import type Joi from 'joi';
import { ValidationError, type FieldProblem } from '../errors.js';

export function parse<T>(schema: Joi.Schema<T>, value: unknown): T {
  const { error, value: result } = schema.validate(value, { abortEarly: false, stripUnknown: true, convert: true });
  if (error) {
    const seen = new Set<string>();
    const fields: FieldProblem[] = [];
    for (const d of error.details) {
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
