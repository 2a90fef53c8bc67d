// The organisers' reports: the week report, today's admissions, the contact-tracing export.
import type { Actor } from '../../shared/actor.js';
import { contactTrace } from './contact-trace.js';
import { liveView } from './live.js';
import type { ReportsDeps } from './reports.deps.js';
import type { ContactTraceInput, LiveQuery, WeekReportQuery } from './reports.schemas.js';
import { weekReport } from './week.js';

export function createReportsService(deps: ReportsDeps) {
  return {
    weekReport: (query: Omit<WeekReportQuery, 'format'>) => weekReport(deps, query),
    live: (actor: Actor, query: LiveQuery) => liveView(deps, actor, query),
    contactTrace: (actor: Actor, input: ContactTraceInput, format: 'json' | 'csv') => contactTrace(deps, actor, input, format),
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
