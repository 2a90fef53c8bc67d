// The venue's queue of group requests (the venues the actor serves), and a teacher's own requests.
import { servesVenue, requireVenue, type Actor } from '../../shared/actor.js';
import { groupOf } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupView, type GroupView } from './groups.views.js';

export async function listForStaff(deps: GroupsDeps, actor: Actor, filter: { venueId?: number; status?: string }): Promise<GroupView[]> {
  if (filter.venueId !== undefined) requireVenue(actor, filter.venueId);
  const rows = await deps.db.sql.select(
    `SELECT * FROM group_requests WHERE (:venueId IS NULL OR venue_id = :venueId) AND (:status IS NULL OR status = :status) ORDER BY id`,
    { venueId: filter.venueId ?? null, status: filter.status ?? null },
  );
  const mine = rows.map(groupOf).filter((g) => servesVenue(actor, g.venueId));
  return Promise.all(mine.map((g) => groupView(deps.db, g)));
}

export async function listForTeacher(deps: GroupsDeps, phone: string): Promise<GroupView[]> {
  const rows = await deps.db.sql.select('SELECT * FROM group_requests WHERE contact_phone = :phone ORDER BY id DESC', { phone });
  return Promise.all(rows.map((r) => groupView(deps.db, groupOf(r))));
}
