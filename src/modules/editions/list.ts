// Editions as organisers see them: every status, with their counts.
import type { Database } from '../../db/database.js';
import { asInt } from '../../db/rows.js';
import type { Sql } from '../../db/sql.js';
import { allEditions, editionById } from '../catalogue/editions.js';
import { editionAdminView, type EditionAdminView, type EditionCounts } from './editions.views.js';

/** Participating venues, sessions not cancelled, confirmed bookings. */
export async function countsOf(sql: Sql, editionId: number): Promise<EditionCounts> {
  const row = await sql.first<{ venues: unknown; sessions: unknown; bookings: unknown }>(
    `SELECT (SELECT COUNT(*) FROM edition_venues WHERE edition_id = :id) AS venues,
            (SELECT COUNT(*) FROM sessions WHERE edition_id = :id AND status <> 'cancelled') AS sessions,
            (SELECT COUNT(*) FROM bookings b JOIN sessions s ON s.id = b.session_id WHERE s.edition_id = :id AND b.status = 'confirmed') AS bookings`,
    { id: editionId },
  );
  return { venues: asInt(row?.venues), sessions: asInt(row?.sessions), bookings: asInt(row?.bookings) };
}

export async function listEditions(deps: { db: Database }): Promise<{ items: EditionAdminView[] }> {
  const editions = await allEditions(deps);
  const items = [];
  for (const e of editions.reverse()) items.push(editionAdminView(e, await countsOf(deps.db.sql, e.id)));
  return { items };
}

export async function getEdition(deps: { db: Database }, id: number): Promise<EditionAdminView> {
  const edition = await editionById(deps, id);
  return editionAdminView(edition, await countsOf(deps.db.sql, id));
}
