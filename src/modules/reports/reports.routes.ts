// Organisers' reports under /api/reports. Thin: who may ask, validate, call the service, answer in the format asked.
import Router from '@koa/router';
import { parse } from '../../shared/http/validate.js';
import { requireRole } from '../accounts/actor.js';
import { contactTraceCsv, contactTraceFilename } from './contact-trace-csv.js';
import { contactTraceBody, contactTraceQuery, liveQuery, weekReportQuery } from './reports.schemas.js';
import type { ReportsService } from './reports.service.js';
import { weekReportCsv, weekReportFilename } from './week-report-csv.js';
import { REPORT_CSP, weekReportHtml } from './week-report-html.js';

export function reportRoutes(reports: ReportsService): Router {
  const router = new Router();

  router.get('/reports/week', async (ctx) => {
    requireRole(ctx.state.actor, 'organiser');
    const { format, ...query } = parse(weekReportQuery, ctx.query);
    const report = await reports.weekReport(query);
    ctx.set('Cache-Control', 'private, no-store');
    if (format === 'csv') {
      ctx.set('Content-Disposition', `attachment; filename="${weekReportFilename(report, 'csv')}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = weekReportCsv(report);
      return;
    }
    if (format === 'html') {
      ctx.set('Content-Security-Policy', REPORT_CSP);
      ctx.set('Content-Disposition', `inline; filename="${weekReportFilename(report, 'html')}"`);
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = weekReportHtml(report);
      return;
    }
    ctx.body = report;
  });

  router.get('/reports/live', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser', 'venue_manager', 'door_staff');
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await reports.live(actor, parse(liveQuery, ctx.query));
  });

  router.post('/reports/contact-trace', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser');
    const { format } = parse(contactTraceQuery, ctx.query);
    const trace = await reports.contactTrace(actor, parse(contactTraceBody, ctx.request.body), format);
    ctx.set('Cache-Control', 'private, no-store');
    if (format === 'csv') {
      ctx.set('Content-Disposition', `attachment; filename="${contactTraceFilename(trace)}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = contactTraceCsv(trace);
      return;
    }
    ctx.body = trace;
  });

  return router;
}
