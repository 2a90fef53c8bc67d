// Reading raw column values the same way on both dialects: MySQL gives Dates, numbers and 0/1; SQLite gives text for
// instants ('2027-05-22 01:00:00.000 +00:00') and dates, and 0/1 for booleans.
import type { LocalDate } from '../shared/time.js';

export function asDate(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}

export function asDateOrNull(v: unknown): Date | null {
  return v === null || v === undefined ? null : asDate(v);
}

/** A DATEONLY column: text on SQLite, possibly a Date at midnight UTC on MySQL. */
export function asLocalDate(v: unknown): LocalDate {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

export function asInt(v: unknown): number {
  return v === null || v === undefined ? 0 : Number(v);
}

export function asIntOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

export function asBool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || (typeof v === 'bigint' && v === 1n);
}

export function asText(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

export function asTextOrNull(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** A JSON text column (or an object the driver already parsed). */
export function asJson<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined || v === '') return fallback;
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
