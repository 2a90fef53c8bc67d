// A venue's slot schedule for one edition: slots per weekday, slots for given dates (which replace that day's weekday
// slots), and closed dates. Expanding it over the edition's dates gives the sessions the venue should have.
import { asInt, asJson, asText } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import { addDays, datesBetween, type LocalDate, type LocalTime } from '../../shared/time.js';

export interface Slot {
  start: LocalTime;
  end: LocalTime;
  capacity: number;
}

export interface WeeklySlot extends Slot {
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
}

export interface DatedSlot extends Slot {
  date: LocalDate;
}

export interface SchedulePattern {
  weekly: WeeklySlot[];
  dates: DatedSlot[];
  closedDates: LocalDate[];
}

export const EMPTY_PATTERN: SchedulePattern = { weekly: [], dates: [], closedDates: [] };

export interface StoredSchedule {
  editionId: number;
  venueId: number;
  pattern: SchedulePattern;
}

export function storedScheduleOf(r: Row): StoredSchedule {
  const pattern = asJson<Partial<SchedulePattern>>(asText(r.pattern), {});
  return {
    editionId: asInt(r.edition_id),
    venueId: asInt(r.venue_id),
    pattern: { weekly: pattern.weekly ?? [], dates: pattern.dates ?? [], closedDates: pattern.closedDates ?? [] },
  };
}

/** ISO weekday of a local date (1 Monday … 7 Sunday). */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export interface DaySlot extends Slot {
  date: LocalDate;
}

/** The slots of each day from `first` to `last`, in date and time order. */
export function expandPattern(pattern: SchedulePattern, first: LocalDate, last: LocalDate): DaySlot[] {
  const closed = new Set(pattern.closedDates);
  const out: DaySlot[] = [];
  for (const date of datesBetween(first, last)) {
    if (closed.has(date)) continue;
    const dated = pattern.dates.filter((s) => s.date === date);
    const slots = dated.length > 0 ? dated : pattern.weekly.filter((s) => s.weekday === isoWeekday(date));
    for (const s of [...slots].sort((a, b) => (a.start < b.start ? -1 : 1))) out.push({ date, start: s.start, end: s.end, capacity: s.capacity });
  }
  return out;
}

/** Slots of one day (or one weekday) that overlap: [a, b] pairs as "HH:MM-HH:MM". */
export function overlaps(slots: readonly Slot[]): [string, string][] {
  const sorted = [...slots].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const found: [string, string][] = [];
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.start < prev.end) found.push([`${prev.start}-${prev.end}`, `${cur.start}-${cur.end}`]);
  }
  return found;
}

/** The same pattern for an edition `days` later: dated slots and closed dates move with it, weekdays stay. */
export function shiftPattern(pattern: SchedulePattern, days: number): SchedulePattern {
  return {
    weekly: pattern.weekly.map((s) => ({ ...s })),
    dates: pattern.dates.map((s) => ({ ...s, date: addDays(s.date, days) })),
    closedDates: pattern.closedDates.map((d) => addDays(d, days)),
  };
}
