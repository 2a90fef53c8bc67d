// Read side of the catalogue: the current edition, its venues with places left, and their sessions.
import { QueryTypes } from 'sequelize';
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { NotFoundError } from '../../shared/errors.js';
import { addDays, startOfLocalDay } from '../../shared/time.js';
import { remainingPlaces } from './booking-window.js';
import type { ListSessionsQuery, ListVenuesQuery } from './catalogue.schemas.js';
import { editionView, sessionView, venueDetailView, type SessionView, type VenueSummaryView } from './catalogue.views.js';
import type { Edition } from './edition.model.js';
import type { Session } from './session.model.js';

export interface CatalogueDeps {
  db: Database;
  clock: Clock;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const NO_EDITION = { zh: '尚无开放周安排', en: 'No edition of the week has been scheduled' };

/** `!` escapes LIKE wildcards the same way on SQLite and MySQL (a backslash does not). */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

interface VenueRow {
  id: number;
  code: string;
  kind: VenueSummaryView['kind'];
  level: VenueSummaryView['level'];
  designation_zh: string;
  designation_en: string;
  name_zh: string;
  name_en: string;
  host_zh: string;
  host_en: string;
  district: string | null;
  field_zh: string;
  field_en: string;
  session_count: number | string;
  remaining: number | string;
}

export function createCatalogueService({ db, clock }: CatalogueDeps) {
  const { Edition, Venue, Session } = db.models;

  /** The edition running now, else the next one, else the last one. */
  async function currentEdition(): Promise<Edition> {
    const now = clock.now();
    const editions = await Edition.findAll({
      order: [
        ['startDate', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const edition = editions.find((e) => startOfLocalDay(addDays(e.endDate, 1), e.timezone) > now) ?? editions.at(-1);
    if (!edition) throw new NotFoundError(NO_EDITION);
    return edition;
  }

  async function editionById(id: number): Promise<Edition> {
    const edition = await Edition.findByPk(id);
    if (!edition) throw new NotFoundError(NO_EDITION);
    return edition;
  }

  async function getEdition() {
    return editionView(await currentEdition());
  }

  async function listVenues(query: ListVenuesQuery): Promise<Page<VenueSummaryView>> {
    const edition = await currentEdition();
    const replacements: Record<string, unknown> = { editionId: edition.id, now: clock.now() };
    const sessionFilters = ['s.edition_id = :editionId', "s.status <> 'cancelled'"];
    if (query.date) {
      sessionFilters.push('s.date = :date');
      replacements.date = query.date;
    }
    const where = ['a.session_count > 0'];
    for (const key of ['kind', 'level', 'district'] as const) {
      if (query[key] !== undefined) {
        where.push(`v.${key} = :${key}`);
        replacements[key] = query[key];
      }
    }
    if (query.q) {
      const columns = ['name_zh', 'name_en', 'host_zh', 'host_en', 'field_zh', 'field_en'];
      where.push(`(${columns.map((c) => `v.${c} LIKE :q ESCAPE '!'`).join(' OR ')})`);
      replacements.q = likePattern(query.q);
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

    const [countRow] = await db.sequelize.query<{ total: number | string }>(`SELECT COUNT(*) AS total ${from}`, {
      type: QueryTypes.SELECT,
      replacements,
    });
    const rows = await db.sequelize.query<VenueRow>(
      `SELECT v.id, v.code, v.kind, v.level, v.designation_zh, v.designation_en, v.name_zh, v.name_en, v.host_zh, v.host_en,
              v.district, v.field_zh, v.field_en, a.session_count, a.remaining
       ${from}
       ORDER BY v.id
       LIMIT :limit OFFSET :offset`,
      { type: QueryTypes.SELECT, replacements: { ...replacements, limit: query.pageSize, offset: (query.page - 1) * query.pageSize } },
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        code: r.code,
        name: r.name_zh,
        nameEn: r.name_en,
        kind: r.kind,
        level: r.level,
        designation: r.designation_zh,
        designationEn: r.designation_en,
        district: r.district,
        host: r.host_zh,
        hostEn: r.host_en,
        field: r.field_zh,
        fieldEn: r.field_en,
        sessionCount: Number(r.session_count),
        remaining: Number(r.remaining),
      })),
      total: Number(countRow?.total ?? 0),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  function placesLeft(sessions: Session[], now: Date): number {
    return sessions.filter((s) => s.status === 'open' && s.startsAt > now).reduce((sum, s) => sum + remainingPlaces(s), 0);
  }

  async function getVenue(id: number) {
    const venue = await Venue.findByPk(id);
    if (!venue) throw new NotFoundError({ zh: '未找到该场馆', en: 'No such venue' }, { venueId: id });
    const edition = await currentEdition();
    const sessions = await Session.findAll({
      where: { venueId: id, editionId: edition.id },
      order: [['startsAt', 'ASC']],
    });
    const now = clock.now();
    return venueDetailView(
      venue,
      edition,
      sessions.map((s) => sessionView(s, edition, now)),
      placesLeft(sessions, now),
    );
  }

  async function listSessions(query: ListSessionsQuery): Promise<{ items: SessionView[] }> {
    const edition = await currentEdition();
    const where: Record<string, unknown> = { editionId: edition.id };
    if (query.venueId !== undefined) where.venueId = query.venueId;
    if (query.date !== undefined) where.date = query.date;
    const sessions = await Session.findAll({
      where,
      order: [
        ['startsAt', 'ASC'],
        ['venueId', 'ASC'],
      ],
    });
    const now = clock.now();
    return { items: sessions.map((s) => sessionView(s, edition, now)) };
  }

  async function getSession(id: number): Promise<SessionView> {
    const session = await Session.findByPk(id);
    if (!session) throw new NotFoundError({ zh: '未找到该场次', en: 'No such session' }, { sessionId: id });
    return sessionView(session, await editionById(session.editionId), clock.now());
  }

  return { currentEdition, editionById, getEdition, listVenues, getVenue, listSessions, getSession };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
