// A session's bookings for its venue's managers: confirmed first, contacts and ID numbers masked, with check-ins.
import { asDate, asInt } from '../../../db/rows.js';
import type { Actor } from '../../../shared/actor.js';
import { maskName, maskPhone } from '../../../shared/masking.js';
import { formatInstant } from '../../../shared/time.js';
import { bookingOf } from '../../bookings/booking.js';
import type { Roster, RosterItem } from '../manage.views.js';
import { countsOf, managedSession, manageView, type ManageDeps } from '../managed-session.js';

export async function sessionRoster(deps: ManageDeps, actor: Actor, sessionId: number): Promise<Roster> {
  const { session, edition } = await managedSession(deps, actor, sessionId);
  const tz = edition.timezone;
  const bookings = (await deps.db.sql.select('SELECT * FROM bookings WHERE session_id = :sessionId ORDER BY created_at, id', { sessionId })).map(bookingOf);
  // Confirmed first, each group in booking order (sort is stable).
  bookings.sort((a, b) => Number(a.status !== 'confirmed') - Number(b.status !== 'confirmed'));
  const ids = bookings.map((b) => b.id);
  const visitors =
    ids.length === 0
      ? []
      : await deps.db.sql.select<{ booking_id: unknown; name: string; id_masked: string | null; admitted: unknown; gate: string | null }>(
          `SELECT v.booking_id, v.name, v.id_masked, a.id AS admitted, a.gate FROM booking_visitors v
           LEFT JOIN admissions a ON a.booking_id = v.booking_id AND a.active_slot = v.position
           WHERE v.booking_id IN (:ids) ORDER BY v.booking_id, v.position`,
          { ids },
        );
  const byBooking = new Map<number, RosterItem['visitors']>();
  const gatesOf = new Map<number, Set<string>>();
  for (const v of visitors) {
    const list = byBooking.get(asInt(v.booking_id)) ?? [];
    list.push({ name: maskName(v.name), idNumber: v.id_masked, admitted: v.admitted !== null, gate: v.gate });
    if (v.gate) gatesOf.set(asInt(v.booking_id), (gatesOf.get(asInt(v.booking_id)) ?? new Set()).add(v.gate));
    byBooking.set(asInt(v.booking_id), list);
  }
  const checkins = await deps.db.sql.select<{ booking_id: unknown; admitted: unknown; checked_in_at: unknown; username: string | null }>(
    `SELECT c.booking_id, c.admitted, c.checked_in_at, u.username
     FROM checkins c LEFT JOIN users u ON u.id = c.user_id
     WHERE c.session_id = :sessionId`,
    { sessionId },
  );
  const checkinOf = new Map(checkins.map((c) => [asInt(c.booking_id), c]));
  const items: RosterItem[] = bookings.map((b) => {
    const c = checkinOf.get(b.id);
    return {
      code: b.code,
      status: b.status,
      partySize: b.partySize,
      contact: { name: maskName(b.contactName), phone: maskPhone(b.contactPhone) },
      visitors: byBooking.get(b.id) ?? [],
      checkedIn: c
        ? { at: formatInstant(asDate(c.checked_in_at), tz), admitted: asInt(c.admitted), by: c.username, gates: [...(gatesOf.get(b.id) ?? [])] }
        : null,
    };
  });
  const counts = (await countsOf(deps.db, [sessionId])).get(sessionId)!;
  return { session: manageView(session, edition, counts, deps.clock.now()), items };
}
