// The venue manager answers a request with a session: one of the teacher's preferred sessions (approve) or another
// (propose). Either way the group's places are held through the places ledger until the teacher confirms; an offer
// not confirmed by its deadline expires and its places go back (expire.ts).
import { asDate } from '../../db/rows.js';
import { requireVenue, type Actor } from '../../shared/actor.js';
import { MINUTE } from '../../shared/time.js';
import { bookingContext } from '../bookings/booking-context.js';
import { bookingWindow, remainingPlaces } from '../catalogue/booking-window.js';
import { placesErrors } from '../places/places.errors.js';
import { groupById, sizeOf } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupErrors } from './groups.errors.js';
import { groupView, type GroupView } from './groups.views.js';
import { notifyTeacher } from './notify.js';

/** How long the teacher has to confirm (never past the session's booking cutoff). */
export const CONFIRM_HOURS = 72;

export async function offerSession(
  deps: GroupsDeps,
  actor: Actor,
  id: number,
  sessionId: number,
  kind: 'approve' | 'propose',
  note?: string,
): Promise<GroupView> {
  const found = await groupById(deps.db.sql, id);
  if (!found) throw groupErrors.noRequest();
  requireVenue(actor, found.venueId);
  if (found.status !== 'requested') throw groupErrors.wrongState(found.status);
  if (kind === 'approve' && !found.preferred.includes(sessionId)) throw groupErrors.notPreferred(found.preferred);
  const ctx = await bookingContext(deps.db.sql, sessionId).catch(() => undefined);
  const now = deps.clock.now();
  if (!ctx || ctx.session.venueId !== found.venueId || ctx.session.editionId !== found.editionId) throw groupErrors.sessionNotOffered(sessionId);
  const closesAt = bookingWindow(ctx.session, ctx.edition).closesAt;
  if (now >= closesAt) throw groupErrors.sessionNotOffered(sessionId);
  const expiresAt = new Date(Math.min(now.getTime() + CONFIRM_HOURS * 60 * MINUTE, closesAt.getTime()));
  const size = sizeOf(found);
  await deps.ledger.transaction(async (p) => {
    await p.lockSessions([sessionId]);
    const holdId = await p.createHold({ id: sessionId, editionId: found.editionId }, size, expiresAt, now);
    if (holdId === null) {
      const places = await p.placesOf(sessionId);
      if (places?.status !== 'open') throw placesErrors.sessionNotBookable(places?.status ?? 'cancelled');
      throw placesErrors.sessionFull(remainingPlaces(places), size);
    }
    const { affectedRows } = await p.tx.run(
      `UPDATE group_requests SET status = 'offered', session_id = :sessionId, proposed = :proposed, hold_id = :holdId, offer_expires_at = :expiresAt,
         reason = :note, updated_at = :now WHERE id = :id AND status = 'requested'`,
      { sessionId, proposed: kind === 'propose', holdId, expiresAt, note: note ?? null, now, id },
    );
    if (affectedRows !== 1) throw groupErrors.wrongState('changed');
    await deps.audit.record(
      { actor, action: `group.${kind}`, targetType: 'group_request', targetId: id, venueId: found.venueId, after: { sessionId, size, expiresAt, note } },
      p.tx,
    );
    const g = (await groupById(p.tx, id))!;
    await notifyTeacher(deps, p.tx, g, kind === 'approve' ? 'approved' : 'proposed', note ?? '');
  });
  deps.logger.info('group visit offered', { id, sessionId, kind, size, expiresAt: asDate(expiresAt).toISOString() });
  return groupView(deps.db, (await groupById(deps.db.sql, id))!);
}
