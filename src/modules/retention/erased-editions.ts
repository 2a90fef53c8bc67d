// Asking for personal data of an erased edition answers data_erased, rather than an empty list that would read as
// "nobody came".
import { asDate, asInt, asLocalDate, asText } from '../../db/rows.js';
import type { Sql } from '../../db/sql.js';
import { addDays, formatInstant, startOfLocalDay } from '../../shared/time.js';
import { retentionErrors } from './retention.errors.js';

/** Refuses a time range that overlaps an edition whose personal data is erased. */
export async function refuseErasedRange(sql: Sql, from: Date, to: Date): Promise<void> {
  const rows = await sql.select('SELECT id, timezone, start_date, end_date, personal_data_erased_at FROM editions WHERE personal_data_erased_at IS NOT NULL');
  for (const r of rows) {
    const tz = asText(r.timezone);
    const first = startOfLocalDay(asLocalDate(r.start_date), tz);
    const afterLast = startOfLocalDay(addDays(asLocalDate(r.end_date), 1), tz);
    if (from < afterLast && to > first) throw retentionErrors.dataErased(asInt(r.id), formatInstant(asDate(r.personal_data_erased_at), tz));
  }
}
