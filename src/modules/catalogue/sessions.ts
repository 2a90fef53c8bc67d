// Sessions of the current edition, and one session.
import type { ListSessionsQuery } from './catalogue.schemas.js';
import { catalogueErrors } from './catalogue.errors.js';
import { sessionView, type SessionView } from './catalogue.views.js';
import { currentEdition, editionById, type EditionsDeps } from './editions.js';
import type { Page } from './list-venues.js';
import { sessionOf, type Session } from './session.js';

export async function listSessions(deps: EditionsDeps, query: ListSessionsQuery): Promise<Page<SessionView>> {
  const edition = await currentEdition(deps);
  const where = ['edition_id = :editionId'];
  const params: Record<string, unknown> = { editionId: edition.id };
  if (query.venueId !== undefined) {
    where.push('venue_id = :venueId');
    params.venueId = query.venueId;
  }
  if (query.date !== undefined) {
    where.push('date = :date');
    params.date = query.date;
  }
  const clause = where.join(' AND ');
  const count = await deps.db.sql.first<{ n: unknown }>(`SELECT COUNT(*) AS n FROM sessions WHERE ${clause}`, params);
  const rows = await deps.db.sql.select(`SELECT * FROM sessions WHERE ${clause} ORDER BY starts_at, venue_id, id LIMIT :limit OFFSET :offset`, {
    ...params,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const now = deps.clock.now();
  return { items: rows.map((r) => sessionView(sessionOf(r), edition, now)), total: Number(count?.n ?? 0), page: query.page, pageSize: query.pageSize };
}

/** A session row by id, or the catalogue's not-found. */
export async function sessionById({ db }: Pick<EditionsDeps, 'db'>, id: number): Promise<Session> {
  const row = await db.sql.first('SELECT * FROM sessions WHERE id = :id', { id });
  if (!row) throw catalogueErrors.noSession(id);
  return sessionOf(row);
}

export async function sessionDetail(deps: EditionsDeps, id: number): Promise<SessionView> {
  const session = await sessionById(deps, id);
  return sessionView(session, await editionById(deps, session.editionId), deps.clock.now());
}
