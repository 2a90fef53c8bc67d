// Group visits counted apart for the organisers: per venue of an edition, the groups confirmed, their pupils and
// adults, and the people admitted at the door (a group's people are also in the week report's booked and admitted).
import { asInt, asTextOrNull } from '../../db/rows.js';
import { currentEdition, editionById } from '../catalogue/editions.js';
import type { GroupsDeps } from './groups.deps.js';

export interface GroupFigures {
  groups: number;
  pupils: number;
  adults: number;
  admitted: number;
}

export interface GroupsReport {
  editionId: number;
  totals: GroupFigures & { requests: number; declined: number; expired: number };
  byVenue: (GroupFigures & { venueId: number; name: string; district: string | null })[];
}

export async function groupsReport(deps: GroupsDeps, editionId?: number): Promise<GroupsReport> {
  const edition = editionId ? await editionById(deps, editionId) : await currentEdition(deps);
  const rows = await deps.db.sql.select(
    `SELECT g.venue_id, v.name_zh, v.district,
            SUM(CASE WHEN g.status = 'confirmed' THEN 1 ELSE 0 END) AS groups_n,
            SUM(CASE WHEN g.status = 'confirmed' THEN g.pupils ELSE 0 END) AS pupils,
            SUM(CASE WHEN g.status = 'confirmed' THEN g.adult_count ELSE 0 END) AS adults,
            SUM(CASE WHEN g.status = 'confirmed' THEN COALESCE((SELECT c.admitted FROM checkins c WHERE c.booking_id = g.booking_id), 0) ELSE 0 END) AS admitted,
            COUNT(*) AS requests,
            SUM(CASE WHEN g.status = 'declined' THEN 1 ELSE 0 END) AS declined,
            SUM(CASE WHEN g.status = 'expired' THEN 1 ELSE 0 END) AS expired
     FROM group_requests g JOIN venues v ON v.id = g.venue_id
     WHERE g.edition_id = :editionId
     GROUP BY g.venue_id, v.name_zh, v.district
     ORDER BY g.venue_id`,
    { editionId: edition.id },
  );
  const totals = { groups: 0, pupils: 0, adults: 0, admitted: 0, requests: 0, declined: 0, expired: 0 };
  const byVenue = rows.map((r) => {
    const f = { groups: asInt(r.groups_n), pupils: asInt(r.pupils), adults: asInt(r.adults), admitted: asInt(r.admitted) };
    totals.groups += f.groups;
    totals.pupils += f.pupils;
    totals.adults += f.adults;
    totals.admitted += f.admitted;
    totals.requests += asInt(r.requests);
    totals.declined += asInt(r.declined);
    totals.expired += asInt(r.expired);
    return { venueId: asInt(r.venue_id), name: String(r.name_zh), district: asTextOrNull(r.district), ...f };
  });
  return { editionId: edition.id, totals, byVenue };
}
