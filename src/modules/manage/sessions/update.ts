// A manager changes a session's capacity (never below the places taken), times (same day) or status (open/closed).
// Families whose session moved are told.
import type { Actor } from '../../../shared/actor.js';
import { ValidationError } from '../../../shared/errors.js';
import { formatLocal, zonedInstant } from '../../../shared/time.js';
import { sessionOf } from '../../catalogue/session.js';
import { manageErrors } from '../manage.errors.js';
import type { SessionChanges } from '../manage.schemas.js';
import type { ManageSessionView } from '../manage.views.js';
import { managedSession, sessionState, viewOfSession, type ManageDeps } from '../managed-session.js';
import { isSessionStartConflict } from './create.js';

export async function updateSession(deps: ManageDeps, actor: Actor, sessionId: number, changes: SessionChanges): Promise<ManageSessionView> {
  const { session: found, edition, venue } = await managedSession(deps, actor, sessionId);
  if (found.status === 'cancelled') throw manageErrors.sessionCancelled();
  const tz = edition.timezone;
  const now = deps.clock.now();
  try {
    const { queued, freed } = await deps.ledger.transaction(async (p) => {
      // The row lock first, so `before` is exact and nothing books in between.
      await p.lockSessions([sessionId]);
      const read = async () => sessionOf((await p.tx.first('SELECT * FROM sessions WHERE id = :id', { id: sessionId }))!);
      const before = await read();
      if (before.status === 'cancelled') throw manageErrors.sessionCancelled();
      // Times are edited on the session's own date.
      const startsAt = changes.startTime !== undefined ? zonedInstant(before.date, changes.startTime, tz) : before.startsAt;
      const endsAt = changes.endTime !== undefined ? zonedInstant(before.date, changes.endTime, tz) : before.endsAt;
      if (startsAt >= endsAt) {
        const field = changes.endTime !== undefined ? 'endTime' : 'startTime';
        throw new ValidationError([{ field, message: 'endTime must be later than startTime', type: 'time.order' }]);
      }
      const moved = startsAt.getTime() !== before.startsAt.getTime() || endsAt.getTime() !== before.endsAt.getTime();
      if (changes.capacity !== undefined) await p.setCapacity(sessionId, changes.capacity, now);
      if (moved) {
        await p.tx.run('UPDATE sessions SET starts_at = :startsAt, ends_at = :endsAt, updated_at = :now WHERE id = :id', {
          startsAt,
          endsAt,
          now,
          id: sessionId,
        });
      }
      if (changes.status !== undefined) await p.setStatus(sessionId, changes.status, now);
      const after = await read();

      let notificationsQueued = 0;
      if (moved) {
        // Keys as the message templates read them; times as people read them.
        const payloadBase = {
          venue: venue.nameZh,
          venueEn: venue.nameEn,
          date: after.date,
          startsAt: formatLocal(after.startsAt, tz),
          endsAt: formatLocal(after.endsAt, tz),
          previousStartsAt: formatLocal(before.startsAt, tz),
          previousEndsAt: formatLocal(before.endsAt, tz),
        };
        const rows = await p.tx.select<{ code: string; contact_phone: string; language: 'zh' | 'en' }>(
          "SELECT code, contact_phone, language FROM bookings WHERE session_id = :sessionId AND status = 'confirmed' ORDER BY id",
          { sessionId },
        );
        notificationsQueued = await deps.notifications.enqueueMany(
          p.tx,
          rows.map((b) => ({
            dedupeKey: `session_rescheduled:${b.code}:${after.startsAt.getTime()}`,
            template: 'session_rescheduled' as const,
            language: b.language,
            phone: b.contact_phone,
            payload: { code: b.code, ...payloadBase },
          })),
        );
      }
      await deps.audit.record(
        {
          actor,
          action: 'session.update',
          targetType: 'session',
          targetId: sessionId,
          venueId: after.venueId,
          before: sessionState(before, tz),
          after: sessionState(after, tz),
          details: { changes, notificationsQueued },
        },
        p.tx,
      );
      const freesPlaces = after.status === 'open' && (after.capacity > before.capacity || before.status !== 'open');
      return { queued: notificationsQueued, freed: freesPlaces };
    });
    deps.logger.info('session updated', { sessionId, by: actor.id, fields: Object.keys(changes), notificationsQueued: queued });
    if (freed) await deps.placesFreed.emit(sessionId);
  } catch (err) {
    if (isSessionStartConflict(err)) throw manageErrors.sessionExists();
    throw err;
  }
  return viewOfSession(deps, sessionId, edition);
}
