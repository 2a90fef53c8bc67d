// District officers' reading: the summary each district files after the week.
import type { Actor } from '../../shared/actor.js';
import type { ReportsDeps } from '../reports/reports.deps.js';
import { districtSummary, type DistrictSummaryQuery } from './district-summary.js';

export function createDistrictsService(deps: ReportsDeps) {
  return {
    summary: (actor: Actor, query: Omit<DistrictSummaryQuery, 'format'>) => districtSummary(deps, actor, query),
  };
}

export type DistrictsService = ReturnType<typeof createDistrictsService>;
