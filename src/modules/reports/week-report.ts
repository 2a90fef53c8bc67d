// The week report's figures: per-session counts from the tables, added up per day, district, kind/level and venue.
// Pure functions; reports.service.ts reads the rows, the CSV and HTML renderers only format what this returns.
import type { LocalDate } from '../../shared/time.js';
import type { VenueKind, VenueLevel } from '../catalogue/venue.js';

/** What the report shows for a venue whose district is not known. */
export const UNKNOWN_DISTRICT = { zh: '未知', en: 'unknown' } as const;
export const UNKNOWN_DISTRICT_LABEL = `${UNKNOWN_DISTRICT.zh} / ${UNKNOWN_DISTRICT.en}`;

export const KIND_LABELS: Record<VenueKind, { zh: string; en: string }> = {
  lab: { zh: '重点实验室', en: 'Key laboratory' },
  science_base: { zh: '科普基地', en: 'Science base' },
};

export const LEVEL_LABELS: Record<VenueLevel, { zh: string; en: string }> = {
  national: { zh: '国家级', en: 'National' },
  provincial: { zh: '省级', en: 'Provincial' },
};

const KIND_LEVELS: [VenueKind, VenueLevel][] = [
  ['lab', 'national'],
  ['lab', 'provincial'],
  ['science_base', 'national'],
  ['science_base', 'provincial'],
];

/** One session as the report sees it (counts in people unless named otherwise). */
export interface SessionFigures {
  sessionId: number;
  date: LocalDate;
  venue: { id: number; name: string; nameEn: string; kind: VenueKind; level: VenueLevel; district: string | null };
  cancelled: boolean;
  capacity: number;
  booked: number;
  admitted: number;
  noShows: number;
  cancelledByFamily: number;
  cancelledByVenue: number;
  /** Cancelled bookings, whoever cancelled them. */
  cancellations: number;
}

export interface Metrics {
  /** Sessions offered: those not cancelled. */
  sessions: number;
  /** Σ capacity of the sessions offered. */
  capacity: number;
  /** Σ party size of confirmed bookings. */
  booked: number;
  /** Σ people let in at the door. */
  admitted: number;
  /** Σ people booked who did not come (see README: counted once check-in has closed). */
  noShows: number;
  /** Cancelled bookings (not people). */
  cancellations: number;
  cancelledByFamily: number;
  cancelledByVenue: number;
  /** booked / capacity, 4 decimals; null without capacity. */
  utilisation: number | null;
  /** admitted / booked, 4 decimals; null without bookings. */
  showUpRate: number | null;
}

export interface DayRow extends Metrics {
  date: LocalDate;
}

export interface DistrictRow extends Metrics {
  /** null: not known. */
  district: string | null;
  label: string;
}

export interface KindLevelRow extends Metrics {
  kind: VenueKind;
  level: VenueLevel;
  label: string;
  labelEn: string;
}

export interface VenueRow extends Metrics {
  venueId: number;
  name: string;
  nameEn: string;
  kind: VenueKind;
  level: VenueLevel;
  district: string | null;
}

export interface WeekFigures {
  totals: Metrics;
  byDay: DayRow[];
  byDistrict: DistrictRow[];
  byKindLevel: KindLevelRow[];
  byVenue: VenueRow[];
}

type Counts = Omit<Metrics, 'utilisation' | 'showUpRate'>;

const zero = (): Counts => ({ sessions: 0, capacity: 0, booked: 0, admitted: 0, noShows: 0, cancellations: 0, cancelledByFamily: 0, cancelledByVenue: 0 });

function add(c: Counts, s: SessionFigures): void {
  if (!s.cancelled) {
    c.sessions += 1;
    c.capacity += s.capacity;
  }
  c.booked += s.booked;
  c.admitted += s.admitted;
  c.noShows += s.noShows;
  c.cancellations += s.cancellations;
  c.cancelledByFamily += s.cancelledByFamily;
  c.cancelledByVenue += s.cancelledByVenue;
}

/** A ratio rounded to 4 decimals, or null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

function withRates(c: Counts): Metrics {
  return { ...c, utilisation: rate(c.booked, c.capacity), showUpRate: rate(c.admitted, c.booked) };
}

function groupBy<K>(sessions: SessionFigures[], key: (s: SessionFigures) => K): Map<K, Counts> {
  const groups = new Map<K, Counts>();
  for (const s of sessions) {
    const k = key(s);
    let c = groups.get(k);
    if (!c) groups.set(k, (c = zero()));
    add(c, s);
  }
  return groups;
}

const collator = new Intl.Collator('zh-CN');

/** Districts in collation order, the unknown one last. */
function compareDistricts(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return collator.compare(a, b);
}

export function districtLabel(district: string | null): string {
  return district ?? UNKNOWN_DISTRICT_LABEL;
}

/** Every date of `dates` gets a row (zeros on a day without sessions), so charts show the whole range. */
export function weekFigures(sessions: SessionFigures[], dates: LocalDate[]): WeekFigures {
  const total = zero();
  for (const s of sessions) add(total, s);

  const days = groupBy(sessions, (s) => s.date);
  const byDay = dates.map((date) => ({ date, ...withRates(days.get(date) ?? zero()) }));

  const districts = groupBy(sessions, (s) => s.venue.district);
  const byDistrict = [...districts.keys()]
    .sort(compareDistricts)
    .map((district) => ({ district, label: districtLabel(district), ...withRates(districts.get(district)!) }));

  const kinds = groupBy(sessions, (s) => `${s.venue.kind}/${s.venue.level}`);
  const byKindLevel = KIND_LEVELS.map(([kind, level]) => ({
    kind,
    level,
    label: `${LEVEL_LABELS[level].zh}${KIND_LABELS[kind].zh}`,
    labelEn: `${LEVEL_LABELS[level].en} ${KIND_LABELS[kind].en.toLowerCase()}`,
    ...withRates(kinds.get(`${kind}/${level}`) ?? zero()),
  }));

  const venues = new Map(sessions.map((s) => [s.venue.id, s.venue]));
  const perVenue = groupBy(sessions, (s) => s.venue.id);
  const byVenue = [...venues.values()]
    .sort((a, b) => compareDistricts(a.district, b.district) || collator.compare(a.name, b.name) || a.id - b.id)
    .map((v) => ({ venueId: v.id, name: v.name, nameEn: v.nameEn, kind: v.kind, level: v.level, district: v.district, ...withRates(perVenue.get(v.id)!) }));

  return { totals: withRates(total), byDay, byDistrict, byKindLevel, byVenue };
}
