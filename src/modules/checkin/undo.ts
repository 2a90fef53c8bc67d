// Undoing a wrong tap at the door: the staff member who admitted may undo within 10 minutes, the venue's manager (or
// an organiser) any admission of the same day; always with a reason, in the audit log. The place is expected again.
import { servesVenue, type Actor } from '../../shared/actor.js';
import { localDateOf, MINUTE } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import { bookingOf } from '../bookings/booking.js';
import { editionById } from '../catalogue/editions.js';
import { sessionById } from '../catalogue/sessions.js';
import type { Ledger } from '../places/ledger.js';
import { checkinErrors } from './checkin.errors.js';
import type { UndoInput } from './checkin.schemas.js';
import type { DoorDeps } from './door-booking.js';
import { withWindow, type Looked } from './lookup.js';

export const UNDO_OWN_MINUTES = 10;

export interface UndoDeps extends DoorDeps {
  audit: AuditService;
  ledger: Ledger;
}

interface AdmissionRow {
  id: unknown;
  booking_id: unknown;
  visitor_id: unknown;
  user_id: unknown;
  scanned_at: unknown;
}

export async function undo(deps: UndoDeps, input: UndoInput, actor: Actor): Promise<Looked & { undone: number[] }> {
  const rows = await deps.db.sql.select<AdmissionRow>(
    'SELECT id, booking_id, visitor_id, user_id, scanned_at FROM admissions WHERE id IN (:ids) AND active_slot IS NOT NULL',
    { ids: input.admissionIds },
  );
  const bookingIds = new Set(rows.map((r) => Number(r.booking_id)));
  if (rows.length !== input.admissionIds.length || bookingIds.size !== 1) throw checkinErrors.noAdmission();
  const booking = bookingOf((await deps.db.sql.first('SELECT * FROM bookings WHERE id = :id', { id: [...bookingIds][0] }))!);
  if (!servesVenue(actor, booking.venueId)) throw checkinErrors.wrongVenue();
  const session = await sessionById(deps, booking.sessionId);
  const edition = await editionById(deps, session.editionId);
  const now = deps.clock.now();
  const manager = actor.role === 'venue_manager' || actor.role === 'organiser';
  for (const r of rows) {
    const at = new Date(r.scanned_at as string);
    const own = Number(r.user_id) === actor.id;
    if (own && now.getTime() - at.getTime() <= UNDO_OWN_MINUTES * MINUTE) continue;
    if (manager && localDateOf(at, edition.timezone) === localDateOf(now, edition.timezone)) continue;
    throw checkinErrors.undoNotAllowed(manager ? 'not_today' : own ? 'too_late' : 'not_yours');
  }
  const undone = await deps.ledger.transaction(async (p) => {
    const done = await p.undoAdmissions({ booking, admissionIds: input.admissionIds, userId: actor.id, reason: input.reason, now });
    if (done.length > 0) {
      await deps.audit.record(
        {
          actor,
          action: 'checkin.undo',
          targetType: 'booking',
          targetId: booking.id,
          venueId: booking.venueId,
          details: { reason: input.reason, admissions: done.map((a) => a.id), visitors: done.map((a) => a.visitorId), by: done.map((a) => a.userId) },
        },
        p.tx,
      );
    }
    return done;
  });
  if (undone.length === 0) throw checkinErrors.noAdmission();
  return { ...(await withWindow(deps, booking, session, edition)), undone: undone.map((a) => a.id) };
}
