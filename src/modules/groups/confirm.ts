// The teacher takes the places offered: the hold is redeemed into one booking for the whole group (one QR code), in
// one ledger transaction. The adults are the booking's named visitors (checked like any visitor: one place per person
// at a time); the pupils are counted in the party, as unnamed rows. The teacher's phone limit is not counted: a group
// is the venue's decision, not a family's booking.
import { duplicateKeys } from '../../db/sql.js';
import { formatLocal } from '../../shared/time.js';
import { bookingContext } from '../bookings/booking-context.js';
import { newBookingCode } from '../bookings/booking-code.js';
import { maskedByHash } from '../bookings/visitors.js';
import { placesErrors } from '../places/places.errors.js';
import { groupById, sizeOf } from './group-request.js';
import type { GroupsDeps } from './groups.deps.js';
import { groupErrors } from './groups.errors.js';
import { groupView, type GroupView } from './groups.views.js';
import { notifyTeacher } from './notify.js';

/** How a pupil appears among the booking's visitors: counted, never named. */
export const PUPIL = '学生 Pupil';

export async function confirmVisit(deps: GroupsDeps, phone: string, id: number): Promise<GroupView> {
  const found = await groupById(deps.db.sql, id);
  if (!found || found.contactPhone !== phone) throw groupErrors.noRequest();
  if (found.status === 'confirmed') return groupView(deps.db, found);
  if (found.status !== 'offered' || found.sessionId === null || found.holdId === null) throw groupErrors.wrongState(found.status);
  const sessionId = found.sessionId;
  const holdId = found.holdId;
  const now = deps.clock.now();
  const visitors = [
    ...found.adults.map((a, i) => ({ ...a, position: i })),
    ...Array.from({ length: found.pupils }, (_, i) => ({ position: found.adults.length + i, name: PUPIL, idHash: null, idMasked: null, idType: null })),
  ];
  try {
    await deps.ledger.transaction(async (p) => {
      await p.lockSessions([sessionId]);
      if (!(await p.redeemHold(holdId, sessionId, sizeOf(found), now))) throw placesErrors.holdExpired();
      const { session, venue, edition } = await bookingContext(p.tx, sessionId);
      await p.checkPersons({ editionId: edition.id, startsAt: session.startsAt, endsAt: session.endsAt }, maskedByHash(found.adults));
      const code = newBookingCode();
      const bookingId = await p.insertBooking({
        code,
        editionId: edition.id,
        sessionId,
        venueId: venue.id,
        contact: { name: found.contactName, phone: found.contactPhone },
        language: found.language,
        visitors,
        now,
      });
      const { affectedRows } = await p.tx.run(
        "UPDATE group_requests SET status = 'confirmed', booking_id = :bookingId, updated_at = :now WHERE id = :id AND status = 'offered'",
        { bookingId, now, id },
      );
      if (affectedRows !== 1) throw groupErrors.wrongState('changed');
      const g = (await groupById(p.tx, id))!;
      await notifyTeacher(deps, p.tx, g, 'confirmed', `${venue.nameZh} ${formatLocal(session.startsAt, edition.timezone)} ${code}`);
    });
  } catch (err) {
    const keys = duplicateKeys(err);
    if (keys && (keys.includes('active_id_hash') || keys.includes('booking_visitors_session_person'))) throw placesErrors.duplicateVisitor([]);
    throw err;
  }
  deps.logger.info('group visit confirmed', { id, sessionId, size: sizeOf(found) });
  return groupView(deps.db, (await groupById(deps.db.sql, id))!);
}
