// A laboratory or science-popularisation base that opens its doors during the week.
import { asBool, asInt, asIntOrNull, asText, asTextOrNull } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';

export const VENUE_KINDS = ['lab', 'science_base'] as const;
export const VENUE_LEVELS = ['national', 'provincial'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export type VenueLevel = (typeof VENUE_LEVELS)[number];

export interface Venue {
  id: number;
  code: string;
  kind: VenueKind;
  level: VenueLevel;
  designationZh: string;
  designationEn: string;
  nameZh: string;
  nameEn: string;
  hostZh: string;
  hostEn: string;
  district: string | null;
  addressZh: string | null;
  fieldZh: string;
  fieldEn: string;
  descriptionZh: string | null;
  descriptionEn: string | null;
  minAge: number;
  /** null: the edition's default applies. */
  maxPartySize: number | null;
  realNameRequired: boolean;
  accessibilityZh: string | null;
  accessibilityEn: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  source: string | null;
  /** What the search matches besides names and field (恐龙, 机器人, 化学 …). */
  tags: string[];
  /** The ages the visit suits (advice; minAge is the rule). */
  ageRange: { min: number; max: number } | null;
  /** How long a visit takes, in minutes. */
  visitMinutes: number | null;
}

/** Tags are stored between commas (",恐龙,机器人,") so a LIKE on the column finds a tag. */
export function tagsOf(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').filter((t) => t !== '') : [];
}

export function tagsText(tags: readonly string[]): string | null {
  return tags.length === 0 ? null : `,${tags.join(',')},`;
}

/** A `venues` row (SELECT *). */
export function venueOf(r: Row): Venue {
  return {
    id: asInt(r.id),
    code: asText(r.code),
    kind: asText(r.kind) as VenueKind,
    level: asText(r.level) as VenueLevel,
    designationZh: asText(r.designation_zh),
    designationEn: asText(r.designation_en),
    nameZh: asText(r.name_zh),
    nameEn: asText(r.name_en),
    hostZh: asText(r.host_zh),
    hostEn: asText(r.host_en),
    district: asTextOrNull(r.district),
    addressZh: asTextOrNull(r.address_zh),
    fieldZh: asText(r.field_zh),
    fieldEn: asText(r.field_en),
    descriptionZh: asTextOrNull(r.description_zh),
    descriptionEn: asTextOrNull(r.description_en),
    minAge: asInt(r.min_age),
    maxPartySize: asIntOrNull(r.max_party_size),
    realNameRequired: asBool(r.real_name_required),
    accessibilityZh: asTextOrNull(r.accessibility_zh),
    accessibilityEn: asTextOrNull(r.accessibility_en),
    contactPhone: asTextOrNull(r.contact_phone),
    contactEmail: asTextOrNull(r.contact_email),
    source: asTextOrNull(r.source),
    tags: tagsOf(r.tags),
    ageRange:
      r.age_min === null || r.age_min === undefined || r.age_max === null || r.age_max === undefined ? null : { min: asInt(r.age_min), max: asInt(r.age_max) },
    visitMinutes: asIntOrNull(r.visit_minutes ?? null),
  };
}
