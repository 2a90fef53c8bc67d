// Staff preview of an edition as families will see it (a draft included): its venues with their sessions and places.
import { asInt, asText, asTextOrNull } from '../../db/rows.js';
import { editionView, type EditionView } from '../catalogue/catalogue.views.js';
import { editionById } from '../catalogue/editions.js';
import type { EditionsDeps } from './editions.deps.js';

export interface PreviewVenue {
  id: number;
  code: string;
  name: string;
  nameEn: string;
  district: string | null;
  sessionCount: number;
  places: number;
}

export async function previewEdition(
  deps: Pick<EditionsDeps, 'db'>,
  id: number,
): Promise<{ edition: EditionView & { status: string }; venues: PreviewVenue[] }> {
  const edition = await editionById(deps, id);
  const rows = await deps.db.sql.select(
    `SELECT v.id, v.code, v.name_zh, v.name_en, v.district,
            (SELECT COUNT(*) FROM sessions s WHERE s.edition_id = ev.edition_id AND s.venue_id = v.id AND s.status <> 'cancelled') AS session_count,
            (SELECT COALESCE(SUM(s.capacity), 0) FROM sessions s WHERE s.edition_id = ev.edition_id AND s.venue_id = v.id AND s.status <> 'cancelled') AS places
     FROM edition_venues ev JOIN venues v ON v.id = ev.venue_id
     WHERE ev.edition_id = :id ORDER BY v.id`,
    { id },
  );
  return {
    edition: { ...editionView(edition), status: edition.status },
    venues: rows.map((r) => ({
      id: asInt(r.id),
      code: asText(r.code),
      name: asText(r.name_zh),
      nameEn: asText(r.name_en),
      district: asTextOrNull(r.district),
      sessionCount: asInt(r.session_count),
      places: asInt(r.places),
    })),
  };
}
