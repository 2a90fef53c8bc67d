// Organisers' reports under /api/reports, in the format asked for.
import { ROLES } from '../../shared/actor.js';
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { contactTraceCsv, contactTraceFilename } from './contact-trace-csv.js';
import { retentionErrors } from '../retention/retention.errors.js';
import { reportErrors } from './reports.errors.js';
import { contactTraceBody, contactTraceQuery, liveQuery, weekReportQuery } from './reports.schemas.js';
import type { ReportsService } from './reports.service.js';
import { weekReportCsv, weekReportFilename } from './week-report-csv.js';
import { REPORT_CSP, weekReportHtml } from './week-report-html.js';

const route = routesFor<ReportsService>();

const tags = ['reports'];

const ORGANISER: readonly Role[] = ['organiser'];

export const reportRoutes = [
  route({
    method: 'get',
    path: '/api/reports/week',
    summary: 'Week report per day, district, kind/level and venue (JSON, CSV or printable HTML)',
    description:
      'Computed live from bookings, check-ins and no-shows. format=csv: UTF-8 with BOM, one row per figure group; format=html: a self-contained printable page with SVG charts.',
    tags,
    auth: ORGANISER,
    query: weekReportQuery,
    responses: {
      200: {
        description: '{ edition, filters, generatedAt, totals, byDay, byDistrict, byKindLevel, byVenue }; CSV or HTML by format',
        content: ['json', 'csv', 'html'],
      },
    },
    errors: [reportErrors.dateOutsideEdition],
    handle: async ({ query: { format, ...query }, ctx }, reports) => {
      const report = await reports.weekReport(query);
      ctx.set('Cache-Control', 'private, no-store');
      if (format === 'csv') {
        ctx.set('Content-Disposition', `attachment; filename="${weekReportFilename(report, 'csv')}"`);
        ctx.type = 'text/csv; charset=utf-8';
        return weekReportCsv(report);
      }
      if (format === 'html') {
        ctx.set('Content-Security-Policy', REPORT_CSP);
        ctx.set('Content-Disposition', `inline; filename="${weekReportFilename(report, 'html')}"`);
        ctx.type = 'text/html; charset=utf-8';
        return weekReportHtml(report);
      }
      return report;
    },
  }),
  route({
    method: 'get',
    path: '/api/reports/live',
    summary: 'People admitted today, per venue and session (organisers: all venues; others: theirs)',
    tags,
    auth: ROLES,
    query: liveQuery,
    responses: { 200: { description: '{ edition, date, generatedAt, totals, venues: [{ …, sessions }] }' } },
    handle: ({ query, actor, ctx }, reports) => {
      ctx.set('Cache-Control', 'private, no-store');
      return reports.live(actor, query);
    },
  }),
  route({
    method: 'post',
    path: '/api/reports/contact-trace',
    summary: 'Everyone admitted at a venue in a time range, with full phone numbers (audited with the reason)',
    tags,
    auth: ORGANISER,
    query: contactTraceQuery,
    body: contactTraceBody,
    responses: { 200: { description: '{ venue, from, to, reason, count, people, items }; CSV when format=csv', content: ['json', 'csv'] } },
    errors: [retentionErrors.dataErased],
    handle: async ({ query, body, actor, ctx }, reports) => {
      const trace = await reports.contactTrace(actor, body, query.format);
      ctx.set('Cache-Control', 'private, no-store');
      if (query.format !== 'csv') return trace;
      ctx.set('Content-Disposition', `attachment; filename="${contactTraceFilename(trace)}"`);
      ctx.type = 'text/csv; charset=utf-8';
      return contactTraceCsv(trace);
    },
  }),
];
