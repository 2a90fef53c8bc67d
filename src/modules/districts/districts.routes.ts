// The district summary under /api/reports: organisers pick any district or all; district officers read their own.
import Joi from 'joi';
import type { Role } from '../../shared/actor.js';
import { routesFor } from '../../shared/http/route-table.js';
import { id } from '../../shared/http/schemas.js';
import { reportErrors } from '../reports/reports.errors.js';
import { REPORT_CSP } from '../reports/week-report-html.js';
import type { DistrictSummaryQuery } from './district-summary.js';
import { districtSummaryCsv, districtSummaryFilename, districtSummaryHtml } from './district-summary-formats.js';
import type { DistrictsService } from './districts.service.js';

const route = routesFor<DistrictsService>();
const READERS: readonly Role[] = ['organiser', 'district_officer'];

const summaryQuery = Joi.object<DistrictSummaryQuery>({
  district: Joi.string().trim().min(1).max(32).description('the district (exact); organisers may leave it out for every district'),
  editionId: id().description('an edition other than the current one'),
  format: Joi.string().valid('json', 'csv', 'html').default('json'),
});

export const districtRoutes = [
  route({
    method: 'get',
    path: '/api/reports/district-summary',
    summary: 'A district’s summary of the week: venues opened, sessions, places, booked, admitted, no-shows, by day and venue, cancellations',
    description: 'Its figures are the week report’s for the same district (the same computation). District officers read their own districts only.',
    tags: ['reports'],
    auth: READERS,
    query: summaryQuery,
    responses: { 200: { description: 'the summary; CSV or HTML by format', content: ['json', 'csv', 'html'] } },
    errors: [reportErrors.dateOutsideEdition],
    handle: async ({ query: { format, ...query }, actor, ctx }, districts) => {
      const summary = await districts.summary(actor, query);
      if (format === 'csv') {
        ctx.set('Content-Disposition', `attachment; filename="${districtSummaryFilename(summary, 'csv')}"`);
        ctx.type = 'text/csv; charset=utf-8';
        return districtSummaryCsv(summary);
      }
      if (format === 'html') {
        ctx.set('Content-Security-Policy', REPORT_CSP);
        ctx.type = 'text/html; charset=utf-8';
        return districtSummaryHtml(summary);
      }
      return summary;
    },
  }),
];
