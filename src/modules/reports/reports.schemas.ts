// Joi schemas of the organisers' reports: the week report, the live view and the contact-tracing export.
import Joi from 'joi';
import type { LocalDate } from '../../shared/time.js';
import { id, localDate } from '../../shared/http/schemas.js';

/** Longest time range one contact-tracing export may cover. */
export const MAX_TRACE_DAYS = 14;

export type WeekReportFormat = 'json' | 'csv' | 'html';

export interface WeekReportQuery {
  editionId?: number;
  from?: LocalDate;
  to?: LocalDate;
  district?: string;
  format: WeekReportFormat;
}

export const weekReportQuery = Joi.object<WeekReportQuery>({
  editionId: id().description('an edition other than the current one'),
  from: localDate().description('first local date, within the edition (default: its first day)'),
  to: localDate().description('last local date, within the edition (default: its last day)'),
  district: Joi.string().trim().min(1).max(32).description('only venues of this district (exact)'),
  format: Joi.string().valid('json', 'csv', 'html').default('json'),
});

export interface LiveQuery {
  venueId?: number;
}

export const liveQuery = Joi.object<LiveQuery>({
  venueId: id().description('one venue (it must be one the caller serves)'),
});

export interface ContactTraceInput {
  venueId: number;
  from: Date;
  to: Date;
  reason: string;
}

export const contactTraceBody = Joi.object<ContactTraceInput>({
  venueId: id().required(),
  from: Joi.date().iso().required().description('start of the time range, an ISO 8601 instant'),
  to: Joi.date()
    .iso()
    .required()
    .greater(Joi.ref('from'))
    .custom((value: Date, helpers) => {
      const from = (helpers.state.ancestors[0] as { from?: unknown } | undefined)?.from;
      return from instanceof Date && value.getTime() - from.getTime() > MAX_TRACE_DAYS * 86_400_000 ? helpers.error('range.too_long') : value;
    })
    .rule({ message: { 'range.too_long': `{{#label}} must be at most ${MAX_TRACE_DAYS} days after from` } })
    .description('end of the time range, an ISO 8601 instant after from'),
  reason: Joi.string().trim().min(10).max(500).required().description('why the data is needed; kept in the audit log'),
}).required();

export const contactTraceQuery = Joi.object<{ format: 'json' | 'csv' }>({
  format: Joi.string().valid('json', 'csv').default('json'),
});
