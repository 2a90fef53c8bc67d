// Offers the teacher never confirmed: at their deadline the hold expires, its places go back (and on to the waiting
// list), and the request is marked expired. The every-minute groups job.
import { asInt } from '../../db/rows.js';
import { groupOf, sizeOf } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { notifyTeacher } from './notify.js';

export async function expireOffers(deps: GroupsDeps & { placesFreed: { emit(sessionId: number): Promise<void> } }): Promise<{ expired: number }> {
  const now = deps.clock.now();
  const due = (
    await deps.db.sql.select("SELECT * FROM group_requests WHERE status = 'offered' AND offer_expires_at <= :now ORDER BY id", {
      now,
    })
  ).map(groupOf);
  let expired = 0;
  for (const g of due) {
    const done = await deps.ledger.transaction(async (p) => {
      await p.lockSessions([g.sessionId!]);
      await p.endHold({ id: g.holdId!, sessionId: g.sessionId!, places: sizeOf(g) }, 'expired', now);
      const { affectedRows } = await p.tx.run("UPDATE group_requests SET status = 'expired', updated_at = :now WHERE id = :id AND status = 'offered'", {
        now,
        id: g.id,
      });
      if (affectedRows === 1) await notifyTeacher(deps, p.tx, g, 'expired');
      return affectedRows === 1;
    });
    if (done) {
      expired++;
      await deps.placesFreed.emit(asInt(g.sessionId));
    }
  }
  return { expired };
}
