// Every field of a venue as the registry takes it: its Joi rule, its column, and who may change it. The API, the import
// and the demo seeder write venues through these, so a venue is checked the same way whichever door it came in by.
import Joi from 'joi';
import type { FieldProblem } from '../../shared/errors.js';
import { tagsText, VENUE_KINDS, VENUE_LEVELS, type Venue } from '../catalogue/venue.js';

/** A venue as the registry takes it: every field but its id. */
export type VenueFields = Omit<Venue, 'id'>;

/**
 * Fields only organisers change: what the venue is (its code, kind, level, designation and its official name and
 * host, which come with the designation), not how it presents itself.
 */
export const ORGANISER_ONLY = ['code', 'kind', 'level', 'designationZh', 'designationEn', 'nameZh', 'nameEn', 'hostZh', 'hostEn'] as const;

/** The rules between fields that Joi's per-field rules cannot say. */
export function checkFields(fields: Partial<VenueFields>): FieldProblem[] {
  const r = fields.ageRange;
  return r && r.max < r.min ? [{ field: 'ageRange', message: 'ageRange max must not be below min', type: 'age.order' }] : [];
}

/** Optional text: trimmed; null or an empty string clears it. */
const text = (max: number) => Joi.string().trim().max(max).allow(null, '');
const name = (max: number) => Joi.string().trim().min(1).max(max);

const tag = Joi.string()
  .trim()
  .min(1)
  .max(20)
  .pattern(/^[^,，;；]+$/)
  .rule({ message: { 'string.pattern.base': '{{#label}} must not hold a comma or semicolon' } });

// max ≥ min is checked by checkFields (the API description cannot carry an object-level rule).
const ageRange = Joi.object({
  min: Joi.number().integer().min(0).max(99).required(),
  max: Joi.number().integer().min(0).max(99).required(),
}).allow(null);

/** The rule of each field, optional; create and update make their own objects from it. */
export const FIELD_RULES = {
  code: Joi.string()
    .trim()
    .min(1)
    .max(64)
    .pattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)
    .rule({ message: { 'string.pattern.base': '{{#label}} may hold only letters, digits, . _ and -' } }),
  kind: Joi.string().valid(...VENUE_KINDS),
  level: Joi.string().valid(...VENUE_LEVELS),
  designationZh: name(200),
  designationEn: text(300),
  nameZh: name(200),
  nameEn: text(300),
  hostZh: name(200),
  hostEn: text(300),
  district: text(32),
  addressZh: text(300),
  fieldZh: name(500),
  fieldEn: text(500),
  descriptionZh: text(4000),
  descriptionEn: text(4000),
  minAge: Joi.number().integer().min(0).max(18),
  maxPartySize: Joi.number().integer().min(1).max(20).allow(null),
  realNameRequired: Joi.boolean(),
  accessibilityZh: text(1000),
  accessibilityEn: text(1000),
  // A venue's public switchboard or mobile: digits with the usual separators.
  contactPhone: Joi.string()
    .trim()
    .max(32)
    .pattern(/^\+?[0-9][0-9 ()-]{3,30}$/)
    .rule({ message: { 'string.pattern.base': '{{#label}} must be a telephone number' } })
    .allow(null, ''),
  contactEmail: Joi.string().trim().max(200).email({ tlds: false }).allow(null, ''),
  tags: Joi.array().items(tag).max(20).unique(),
  ageRange,
  visitMinutes: Joi.number().integer().min(5).max(600).allow(null),
  source: text(1000),
} satisfies Record<keyof VenueFields, Joi.Schema>;

export const REQUIRED_ON_CREATE = ['code', 'kind', 'level', 'designationZh', 'nameZh', 'hostZh', 'fieldZh'] as const;

const NULLABLE_TEXT = new Set([
  'designationEn',
  'nameEn',
  'hostEn',
  'fieldEn',
  'district',
  'addressZh',
  'descriptionZh',
  'descriptionEn',
  'accessibilityZh',
  'accessibilityEn',
  'contactPhone',
  'contactEmail',
  'source',
]);
/** English names left empty show the Chinese one. */
const ENGLISH_OF: Record<string, keyof VenueFields> = { designationEn: 'designationZh', nameEn: 'nameZh', hostEn: 'hostZh', fieldEn: 'fieldZh' };

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Column values for the fields given (and, for English names cleared, the Chinese one). */
export function columnValues(fields: Partial<VenueFields>, current?: Partial<VenueFields>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (key === 'tags') out.tags = tagsText(value as string[]);
    else if (key === 'ageRange') {
      const r = value as VenueFields['ageRange'];
      out.age_min = r?.min ?? null;
      out.age_max = r?.max ?? null;
    } else if (key in ENGLISH_OF && (value === '' || value === null)) {
      out[snake(key)] = fields[ENGLISH_OF[key]!] ?? current?.[ENGLISH_OF[key]!] ?? '';
    } else out[snake(key)] = NULLABLE_TEXT.has(key) && value === '' ? null : value;
  }
  return out;
}
