// A manager cancels a session: its holds end, its waiting list ends, and every booking is cancelled through the
// ledger's one cancellation path (the same as a family's), each family told why. Repeating it changes nothing; once
// anyone has been admitted it is refused.
import type { Actor } from '../../../shared/actor.js';
import { formatLocal } from '../../../shared/time.js';
import { sessionOf } from '../../catalogue/session.js';
import { expireQueue } from '../../waitlist/waitlist-entry.js';
import { manageErrors } from '../manage.errors.js';
import type { CancelResult } from '../manage.views.js';
import { managedSession, sessionState, viewOfSession, type ManageDeps } from '../managed-session.js';

interface BookingRow {
  id: unknown;
  code: string;
  contact_phone: string;
  language: 'zh' | 'en';
  party_size: unknown;
}

export async function cancelSession(deps: ManageDeps, actor: Actor, sessionId: number, reason: string): Promise<CancelResult> {
  const { session: found, edition, venue } = await managedSession(deps, actor, sessionId);
  const tz = edition.timezone;
  const now = deps.clock.now();
  const outcome = await deps.ledger.transaction(async (p) => {
    // The session row first: from here no place is taken or given back.
    if (!(await p.markCancelled(sessionId, now))) return { cancelledBookings: 0, notificationsQueued: 0 }; // already cancelled
    const checked = await p.tx.first<{ n: unknown }>('SELECT COUNT(*) AS n FROM checkins WHERE session_id = :id', { id: sessionId });
    if (Number(checked?.n ?? 0) > 0) throw manageErrors.sessionHasCheckins(Number(checked!.n));

    // Offers end with their holds, so no offer is confirmed into a cancelled session.
    await p.endSessionHolds(sessionId, now);
    p.locks.enter('waitlist_entry');
    const waitlistEnded = await expireQueue(p.tx, sessionId, now);
    const rows = await p.tx.select<BookingRow>(
      "SELECT id, code, contact_phone, language, party_size FROM bookings WHERE session_id = :id AND status = 'confirmed' ORDER BY id",
      { id: sessionId },
    );
    const cancelled = new Set(
      (
        await p.cancelBookings(
          found,
          rows.map((b) => ({ id: Number(b.id), phone: b.contact_phone, partySize: Number(b.party_size) })),
          'venue',
          now,
        )
      ).map((b) => b.id),
    );
    const startsAt = formatLocal(found.startsAt, tz);
    const told = rows.filter((b) => cancelled.has(Number(b.id)));
    const notificationsQueued = await deps.notifications.enqueueMany(
      p.tx,
      told.map((b) => ({
        dedupeKey: `session_cancelled:${b.code}`,
        template: 'session_cancelled' as const,
        language: b.language,
        phone: b.contact_phone,
        payload: { code: b.code, venue: venue.nameZh, venueEn: venue.nameEn, date: found.date, startsAt, reason },
      })),
    );
    const after = sessionOf((await p.tx.first('SELECT * FROM sessions WHERE id = :id', { id: sessionId }))!);
    // The counter read before the lock may be stale; the confirmed bookings found under it are exact.
    const booked = told.reduce((n, b) => n + Number(b.party_size), 0);
    await deps.audit.record(
      {
        actor,
        action: 'session.cancel',
        targetType: 'session',
        targetId: sessionId,
        venueId: found.venueId,
        before: { ...sessionState(found, tz), booked },
        after: sessionState(after, tz),
        details: { reason, cancelledBookings: told.length, notificationsQueued, waitlistEnded },
      },
      p.tx,
    );
    return { cancelledBookings: told.length, notificationsQueued };
  });
  if (outcome.cancelledBookings > 0 || outcome.notificationsQueued > 0) deps.logger.info('session cancelled', { sessionId, by: actor.id, ...outcome });
  return { session: await viewOfSession(deps, sessionId, edition), ...outcome };
}
