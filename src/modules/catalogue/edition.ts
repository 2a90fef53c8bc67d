// An edition of the week: its own dates, timezone and booking rules.
import { asDate, asJson, asLocalDate, asText, asInt } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import type { LocalDate } from '../../shared/time.js';

/** Rules of an edition; a venue may narrow some of them (minimum age, party size, real names). */
export interface EditionRules {
  /** Bookings close this many minutes before a session starts. */
  bookingCutoffMinutes: number;
  /** Default largest party for venues that set none. */
  maxPartySize: number;
  /** Confirmed bookings one phone may hold in the edition. */
  maxBookingsPerPhone: number;
  /** Check-in opens this many minutes before a session starts … */
  checkinOpensMinutesBefore: number;
  /** … and closes this many minutes after it ends. */
  checkinClosesMinutesAfterEnd: number;
  /** A phone whose whole party missed this many visits may not book again in the edition. */
  noShowLimit: number;
  /** Bookings not checked in this many minutes after their session ended count as no-shows. */
  noShowGraceMinutes: number;
  /** How long a waiting-list offer holds its places (never past the booking cutoff). */
  waitlistOfferMinutes: number;
  /**
   * Bookings and waiting-list entries need a phone proven by a one-time code (src/modules/phones). Unset: the
   * service's VERIFY_PHONE (on in production).
   */
  verifyPhone?: boolean;
}

export const DEFAULT_RULES: EditionRules = {
  bookingCutoffMinutes: 60,
  maxPartySize: 5,
  maxBookingsPerPhone: 3,
  checkinOpensMinutesBefore: 30,
  checkinClosesMinutesAfterEnd: 0,
  noShowLimit: 2,
  noShowGraceMinutes: 30,
  waitlistOfferMinutes: 120,
};

/** draft: being set up, seen by staff only; published: public; archived: over, kept for the reports. */
export const EDITION_STATUSES = ['draft', 'published', 'archived'] as const;
export type EditionStatus = (typeof EDITION_STATUSES)[number];

export interface Edition {
  id: number;
  status: EditionStatus;
  slug: string;
  nameZh: string;
  nameEn: string;
  cityZh: string;
  cityEn: string;
  startDate: LocalDate;
  endDate: LocalDate;
  timezone: string;
  bookingOpensAt: Date;
  rules: EditionRules;
}

const parsedRules = new Map<string, EditionRules>();

/**
 * Rules are stored as JSON text (MariaDB's JSON type is LONGTEXT and comes back unparsed); missing keys take the
 * defaults. Every booking reads them: each distinct text is parsed once (editions are few), and the result is frozen
 * so no caller can change what the next one gets.
 */
export function rulesOf(v: unknown): EditionRules {
  if (typeof v !== 'string') return { ...DEFAULT_RULES, ...asJson<Partial<EditionRules>>(v, {}) };
  let rules = parsedRules.get(v);
  if (!rules) {
    rules = Object.freeze({ ...DEFAULT_RULES, ...asJson<Partial<EditionRules>>(v, {}) });
    if (parsedRules.size < 100) parsedRules.set(v, rules);
  }
  return rules;
}

/** An `editions` row (SELECT * or the same columns). */
export function editionOf(r: Row): Edition {
  return {
    id: asInt(r.id),
    status: (r.status === undefined ? 'published' : asText(r.status)) as EditionStatus,
    slug: asText(r.slug),
    nameZh: asText(r.name_zh),
    nameEn: asText(r.name_en),
    cityZh: asText(r.city_zh),
    cityEn: asText(r.city_en),
    startDate: asLocalDate(r.start_date),
    endDate: asLocalDate(r.end_date),
    timezone: asText(r.timezone),
    bookingOpensAt: asDate(r.booking_opens_at),
    rules: rulesOf(r.rules),
  };
}
