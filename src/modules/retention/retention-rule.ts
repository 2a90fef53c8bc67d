// An edition's retention rule: personal data is kept until the summary is done (the summary deadline) and for
// `retentionDays` after it, then erased by the daily retention job. Default: 30 days after a deadline 13 days after
// the last day of the week, i.e. erased after 10 July for a 22–28 May week.
import { asDateOrNull, asInt, asLocalDate, asText } from '../../db/rows.js';
import type { Row, Sql } from '../../db/sql.js';
import { addDays, formatInstant, startOfLocalDay, type LocalDate } from '../../shared/time.js';
import { catalogueErrors } from '../catalogue/catalogue.errors.js';

/** Days from the last day of the week to the default summary deadline (28 May → 10 June, as the notice has it). */
export const DEFAULT_SUMMARY_DAYS_AFTER_END = 13;
export const DEFAULT_RETENTION_DAYS = 30;

export interface RetentionRule {
  editionId: number;
  timezone: string;
  endDate: LocalDate;
  summaryDeadline: LocalDate;
  /** The deadline was not set: the default after the last day. */
  summaryDeadlineIsDefault: boolean;
  retentionDays: number;
  /** Last local date personal data is kept. */
  keptUntil: LocalDate;
  /** The instant from which the daily job erases (local midnight after keptUntil). */
  erasesFrom: Date;
  erasedAt: Date | null;
}

export function ruleOf(r: Row): RetentionRule {
  const endDate = asLocalDate(r.end_date);
  const set = r.summary_deadline === null || r.summary_deadline === undefined ? null : asLocalDate(r.summary_deadline);
  const summaryDeadline = set ?? addDays(endDate, DEFAULT_SUMMARY_DAYS_AFTER_END);
  const retentionDays = r.retention_days === null || r.retention_days === undefined ? DEFAULT_RETENTION_DAYS : asInt(r.retention_days);
  const keptUntil = addDays(summaryDeadline, retentionDays);
  const timezone = asText(r.timezone);
  return {
    editionId: asInt(r.id),
    timezone,
    endDate,
    summaryDeadline,
    summaryDeadlineIsDefault: set === null,
    retentionDays,
    keptUntil,
    erasesFrom: startOfLocalDay(addDays(keptUntil, 1), timezone),
    erasedAt: asDateOrNull(r.personal_data_erased_at),
  };
}

const RULE_SQL = 'SELECT id, timezone, end_date, summary_deadline, retention_days, personal_data_erased_at FROM editions';

export async function ruleById(sql: Sql, editionId: number): Promise<RetentionRule> {
  const row = await sql.first(`${RULE_SQL} WHERE id = :editionId`, { editionId });
  if (!row) throw catalogueErrors.noEdition();
  return ruleOf(row);
}

export async function allRules(sql: Sql): Promise<RetentionRule[]> {
  return (await sql.select(`${RULE_SQL} ORDER BY id`)).map(ruleOf);
}

export interface RetentionView {
  editionId: number;
  summaryDeadline: LocalDate;
  summaryDeadlineIsDefault: boolean;
  retentionDays: number;
  keptUntil: LocalDate;
  erasesFrom: string;
  erasedAt: string | null;
}

export function retentionView(rule: RetentionRule): RetentionView {
  return {
    editionId: rule.editionId,
    summaryDeadline: rule.summaryDeadline,
    summaryDeadlineIsDefault: rule.summaryDeadlineIsDefault,
    retentionDays: rule.retentionDays,
    keptUntil: rule.keptUntil,
    erasesFrom: formatInstant(rule.erasesFrom, rule.timezone),
    erasedAt: rule.erasedAt && formatInstant(rule.erasedAt, rule.timezone),
  };
}
