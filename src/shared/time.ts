// Instants are stored in UTC; dates and times of day are thought of in an edition's IANA timezone.

export type LocalDate = string; // YYYY-MM-DD
export type LocalTime = string; // HH:MM

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall clock of `timeZone` at `instant`, from Intl (the costly part: a few microseconds per call). */
function intlWallClock(instant: Date, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The offset (ms) that turns `instant` into the wall clock `w` read at it. */
function offsetMsOf(w: Wall, instant: Date): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

// Offsets change only at a zone's transitions, which fall on quarter hours (UTC). So the offset is kept per zone and
// quarter hour, once Intl has shown it to be the same at both ends of that quarter hour and a whole number of minutes
// (a quarter hour holding a transition, or an old local-mean-time offset, is always asked of Intl). A listing of 600
// sessions formats 1,800 instants; a booking rush formats the same few again and again.
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED_OFFSETS = 10_000;
const offsets = new Map<string, number>();

function cachedOffsetMs(instant: Date, timeZone: string): number | undefined {
  const quarter = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
  const key = `${timeZone} ${quarter}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  const start = new Date(quarter * QUARTER_HOUR_MS);
  const end = new Date((quarter + 1) * QUARTER_HOUR_MS - 1000);
  const atStart = offsetMsOf(intlWallClock(start, timeZone), start);
  const atEnd = offsetMsOf(intlWallClock(end, timeZone), end);
  if (atStart !== atEnd || atStart % 60_000 !== 0) return undefined;
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, atStart);
  return atStart;
}

/** The wall clock of `timeZone` at `instant`, with the offset (ms) that leads there from UTC. */
function zoned(instant: Date, timeZone: string): { wall: Wall; offsetMs: number } {
  const offsetMs = cachedOffsetMs(instant, timeZone);
  if (offsetMs === undefined) {
    const wall = intlWallClock(instant, timeZone);
    return { wall, offsetMs: offsetMsOf(wall, instant) };
  }
  const shifted = new Date(instant.getTime() + offsetMs);
  const wall = {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
  return { wall, offsetMs };
}

/** Minutes to add to UTC to get the wall clock of `timeZone` at `instant` (+480 for Asia/Shanghai). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return Math.round(zoned(instant, timeZone).offsetMs / 60000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The local calendar date of an instant. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const w = zoned(instant, timeZone).wall;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** ISO 8601 with the zone's offset, e.g. 2027-05-22T09:00:00+08:00. */
export function formatInstant(instant: Date, timeZone: string): string {
  const { wall: w, offsetMs } = zoned(instant, timeZone);
  const off = Math.round(offsetMs / 60000);
  const sign = off < 0 ? '-' : '+';
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The instant at which the wall clock of `timeZone` shows `date` `time`. */
export function zonedInstant(date: LocalDate, time: LocalTime, timeZone: string): Date {
  const dm = DATE_RE.exec(date);
  const tm = TIME_RE.exec(time);
  if (!dm || !isLocalDate(date)) throw new RangeError(`not a date: ${date}`);
  if (!tm) throw new RangeError(`not a time: ${time}`);
  const asUtc = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  // Two passes settle the offset, also across a daylight-saving change.
  let guess = asUtc - offsetMinutes(new Date(asUtc), timeZone) * 60000;
  guess = asUtc - offsetMinutes(new Date(guess), timeZone) * 60000;
  return new Date(guess);
}

export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  return zonedInstant(date, '00:00', timeZone);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** Every date from `first` to `last`, both included. */
export function datesBetween(first: LocalDate, last: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}

export const MINUTE = 60_000;

/** For messages people read: 2027-05-22 09:00 in the zone's wall clock. */
export function formatLocal(instant: Date, timeZone: string): string {
  return formatInstant(instant, timeZone).slice(0, 16).replace('T', ' ');
}
