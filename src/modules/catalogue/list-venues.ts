// The venues of the current edition with places left, filtered and paged.
import { asInt, asText, asTextOrNull } from '../../db/rows.js';
import type { Row } from '../../db/sql.js';
import type { ListVenuesQuery } from './catalogue.schemas.js';
import type { VenueSummaryView } from './catalogue.views.js';
import { currentEdition, type EditionsDeps } from './editions.js';
import { SEARCHED_COLUMNS, takesPart } from './participation.js';
import type { VenueKind, VenueLevel } from './venue.js';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** `!` escapes LIKE wildcards the same way on SQLite and MySQL (a backslash does not). */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

function summaryOf(r: Row): VenueSummaryView {
  return {
    id: asInt(r.id),
    code: asText(r.code),
    name: asText(r.name_zh),
    nameEn: asText(r.name_en),
    kind: asText(r.kind) as VenueKind,
    level: asText(r.level) as VenueLevel,
    designation: asText(r.designation_zh),
    designationEn: asText(r.designation_en),
    district: asTextOrNull(r.district),
    host: asText(r.host_zh),
    hostEn: asText(r.host_en),
    field: asText(r.field_zh),
    fieldEn: asText(r.field_en),
    sessionCount: asInt(r.session_count),
    remaining: asInt(r.remaining),
  };
}

export async function listVenues(deps: EditionsDeps, query: ListVenuesQuery): Promise<Page<VenueSummaryView>> {
  const edition = await currentEdition(deps);
  const params: Record<string, unknown> = { editionId: edition.id, now: deps.clock.now() };
  const sessionFilters = ['s.edition_id = :editionId', "s.status <> 'cancelled'"];
  if (query.date) {
    sessionFilters.push('s.date = :date');
    params.date = query.date;
  }
  const where = ['a.session_count > 0', takesPart('v')];
  for (const key of ['kind', 'level', 'district'] as const) {
    if (query[key] !== undefined) {
      where.push(`v.${key} = :${key}`);
      params[key] = query[key];
    }
  }
  if (query.q) {
    where.push(`(${SEARCHED_COLUMNS.map((c) => `v.${c} LIKE :q ESCAPE '!'`).join(' OR ')})`);
    params.q = likePattern(query.q);
  }
  if (query.available === true) where.push('a.remaining > 0');
  if (query.available === false) where.push('a.remaining = 0');

  // Places left count open sessions that have not started yet.
  const from = `
    FROM venues v
    JOIN (
      SELECT s.venue_id,
             COUNT(*) AS session_count,
             SUM(CASE WHEN s.status = 'open' AND s.starts_at > :now THEN s.capacity - s.booked ELSE 0 END) AS remaining
      FROM sessions s
      WHERE ${sessionFilters.join(' AND ')}
      GROUP BY s.venue_id
    ) a ON a.venue_id = v.id
    WHERE ${where.join(' AND ')}`;

  const count = await deps.db.sql.first<{ total: unknown }>(`SELECT COUNT(*) AS total ${from}`, params);
  const rows = await deps.db.sql.select(
    `SELECT v.id, v.code, v.kind, v.level, v.designation_zh, v.designation_en, v.name_zh, v.name_en, v.host_zh, v.host_en,
            v.district, v.field_zh, v.field_en, a.session_count, a.remaining
     ${from}
     ORDER BY v.id
     LIMIT :limit OFFSET :offset`,
    { ...params, limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: rows.map(summaryOf), total: asInt(count?.total), page: query.page, pageSize: query.pageSize };
}
