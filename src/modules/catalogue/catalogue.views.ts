// The JSON shapes the catalogue answers with; instants are shown in the edition's timezone.
import { datesBetween, formatInstant } from '../../shared/time.js';
import { bookingWindow, isBookable, remainingPlaces } from './booking-window.js';
import type { Edition, EditionRules } from './edition.js';
import type { Session, SessionStatus } from './session.js';
import type { Venue, VenueKind, VenueLevel } from './venue.js';

export interface EditionView {
  id: number;
  slug: string;
  name: string;
  nameEn: string;
  city: string;
  cityEn: string;
  startDate: string;
  endDate: string;
  dates: string[];
  timezone: string;
  bookingOpensAt: string;
  rules: EditionRules;
}

export function editionView(e: Edition): EditionView {
  return {
    id: e.id,
    slug: e.slug,
    name: e.nameZh,
    nameEn: e.nameEn,
    city: e.cityZh,
    cityEn: e.cityEn,
    startDate: e.startDate,
    endDate: e.endDate,
    dates: datesBetween(e.startDate, e.endDate),
    timezone: e.timezone,
    bookingOpensAt: formatInstant(e.bookingOpensAt, e.timezone),
    rules: e.rules,
  };
}

export interface SessionView {
  id: number;
  venueId: number;
  editionId: number;
  date: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  remaining: number;
  status: SessionStatus;
  bookable: boolean;
  bookingClosesAt: string;
}

export function sessionView(
  s: Pick<Session, 'id' | 'venueId' | 'editionId' | 'date' | 'startsAt' | 'endsAt' | 'capacity' | 'booked' | 'status'>,
  edition: Pick<Edition, 'timezone' | 'bookingOpensAt' | 'rules'>,
  now: Date,
): SessionView {
  const tz = edition.timezone;
  return {
    id: s.id,
    venueId: s.venueId,
    editionId: s.editionId,
    date: s.date,
    startsAt: formatInstant(s.startsAt, tz),
    endsAt: formatInstant(s.endsAt, tz),
    capacity: s.capacity,
    booked: s.booked,
    remaining: remainingPlaces(s),
    status: s.status,
    bookable: isBookable(s, edition, now),
    bookingClosesAt: formatInstant(bookingWindow(s, edition).closesAt, tz),
  };
}

export interface VenueSummaryView {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  kind: VenueKind;
  level: VenueLevel;
  designation: string;
  designationEn: string;
  district: string | null;
  host: string;
  hostEn: string;
  field: string;
  fieldEn: string;
  /** The rule: no visitor younger than this. */
  minAge: number;
  /** Advice: the ages the visit suits. */
  ageRange: { min: number; max: number } | null;
  tags: string[];
  sessionCount: number;
  /** Places left in bookable sessions (of the chosen day, when the list asks for one). */
  remaining: number;
}

export interface VenueRules {
  minAge: number;
  maxPartySize: number;
  realNameRequired: boolean;
}

/** The venue's own rules, falling back to the edition's where the venue sets none. */
export function venueRules(v: Pick<Venue, 'minAge' | 'maxPartySize' | 'realNameRequired'>, edition: Pick<Edition, 'rules'>): VenueRules {
  return { minAge: v.minAge, maxPartySize: v.maxPartySize ?? edition.rules.maxPartySize, realNameRequired: v.realNameRequired };
}

export type VenueDetailView = ReturnType<typeof venueDetailView>;

export function venueDetailView(v: Venue, edition: Edition, sessions: SessionView[], remaining: number) {
  return {
    id: v.id,
    code: v.code,
    name: v.nameZh,
    nameEn: v.nameEn,
    kind: v.kind,
    level: v.level,
    designation: v.designationZh,
    designationEn: v.designationEn,
    district: v.district,
    address: v.addressZh,
    host: v.hostZh,
    hostEn: v.hostEn,
    field: v.fieldZh,
    fieldEn: v.fieldEn,
    description: v.descriptionZh,
    descriptionEn: v.descriptionEn,
    rules: venueRules(v, edition),
    accessibility: v.accessibilityZh,
    accessibilityEn: v.accessibilityEn,
    contact: { phone: v.contactPhone, email: v.contactEmail },
    tags: v.tags,
    ageRange: v.ageRange,
    visitMinutes: v.visitMinutes,
    editionId: edition.id,
    remaining,
    sessions,
  };
}
