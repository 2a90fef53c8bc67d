// The summary a district's science department files after the week: computed by the week report itself (so its
// figures are the week report's for that district), with the venues that opened and the cancelled sessions' reasons.
import type { Actor } from '../../shared/actor.js';
import { districtsFor } from '../../shared/districts.js';
import { ValidationError } from '../../shared/errors.js';
import { asInt, asJson } from '../../db/rows.js';
import type { ReportsDeps } from '../reports/reports.deps.js';
import { weekReport, type WeekReport } from '../reports/week.js';

export interface DistrictSummaryQuery {
  district?: string;
  editionId?: number;
  format: 'json' | 'csv' | 'html';
}

export interface DistrictSummary extends Omit<WeekReport, 'byDistrict' | 'byKindLevel'> {
  /** null: every district (organisers only). */
  district: string | null;
  /** Venues with at least one session not cancelled. */
  venuesOpened: number;
  cancelledSessions: { count: number; reasons: { reason: string; sessions: number }[] };
  /**
   * Visitors by age band. Birth dates are not kept (an ID number is stored only as a keyed hash and a masked form), so
   * every visitor counts as unknown until bookings record an age.
   */
  ageBands: { band: string; visitors: number }[];
}

export async function districtSummary(deps: ReportsDeps, actor: Actor, query: Omit<DistrictSummaryQuery, 'format'>): Promise<DistrictSummary> {
  const districts = districtsFor(actor, query.district);
  if (districts && districts.length !== 1) {
    throw new ValidationError([{ field: 'district', message: 'district must name one of your districts', type: 'any.required' }]);
  }
  const district = districts?.[0];
  const report = await weekReport(deps, { editionId: query.editionId, district });
  const cancelledIds = await deps.db.sql.select<{ id: unknown }>(
    `SELECT s.id FROM sessions s JOIN venues v ON v.id = s.venue_id
     WHERE s.edition_id = :editionId AND s.status = 'cancelled'${district === undefined ? '' : ' AND v.district = :district'}`,
    { editionId: report.edition.id, district },
  );
  const reasons = new Map<string, number>();
  if (cancelledIds.length > 0) {
    const audit = await deps.db.sql.select<{ target_id: string; details: string | null }>(
      "SELECT target_id, details FROM audit_log WHERE action = 'session.cancel' AND target_type = 'session' AND target_id IN (:ids) ORDER BY id",
      { ids: cancelledIds.map((r) => String(asInt(r.id))) },
    );
    const bySession = new Map(audit.map((a) => [a.target_id, asJson<{ reason?: string }>(a.details, {}).reason ?? '']));
    for (const r of cancelledIds) {
      const reason = bySession.get(String(asInt(r.id))) || '未说明 / not given';
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
  }
  const visitors = await deps.db.sql.first<{ n: unknown }>(
    `SELECT COUNT(*) AS n FROM booking_visitors bv JOIN bookings b ON b.id = bv.booking_id JOIN sessions s ON s.id = b.session_id JOIN venues v ON v.id = s.venue_id
     WHERE s.edition_id = :editionId AND b.status = 'confirmed'${district === undefined ? '' : ' AND v.district = :district'}`,
    { editionId: report.edition.id, district },
  );
  const { byDistrict: _d, byKindLevel: _k, ...rest } = report;
  return {
    ...rest,
    district: district ?? null,
    venuesOpened: report.byVenue.filter((v) => v.sessions > 0).length,
    cancelledSessions: { count: cancelledIds.length, reasons: [...reasons].map(([reason, sessions]) => ({ reason, sessions })) },
    ageBands: [{ band: 'unknown', visitors: asInt(visitors?.n) }],
  };
}
