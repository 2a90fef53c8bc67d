// The venue manager declines a request with a reason; nothing was held.
import { requireVenue, type Actor } from '../../shared/actor.js';
import { groupById } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupErrors } from './groups.errors.js';
import { groupView, type GroupView } from './groups.views.js';
import { notifyTeacher } from './notify.js';

export async function declineVisit(deps: GroupsDeps, actor: Actor, id: number, reason: string): Promise<GroupView> {
  const found = await groupById(deps.db.sql, id);
  if (!found) throw groupErrors.noRequest();
  requireVenue(actor, found.venueId);
  if (found.status !== 'requested') throw groupErrors.wrongState(found.status);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { affectedRows } = await tx.run(
      "UPDATE group_requests SET status = 'declined', reason = :reason, updated_at = :now WHERE id = :id AND status = 'requested'",
      { reason, now, id },
    );
    if (affectedRows !== 1) throw groupErrors.wrongState('changed');
    await deps.audit.record({ actor, action: 'group.decline', targetType: 'group_request', targetId: id, venueId: found.venueId, details: { reason } }, tx);
    await notifyTeacher(deps, tx, (await groupById(tx, id))!, 'declined', reason);
  });
  return groupView(deps.db, (await groupById(deps.db.sql, id))!);
}
