// Finding a booking at the door without its code (a dead phone): by a visitor's ID number, matched through its keyed
// hash (the number is never stored nor logged), or by the contact phone and a surname; only today's sessions of the
// venues this account serves. Rate-limited per staff account (route table); each search is audited without the number.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import { servesVenue, type Actor } from '../../shared/actor.js';
import type { PiiHasher } from '../../shared/pii.js';
import { localDateOf } from '../../shared/time.js';
import type { AuditService } from '../audit/audit.service.js';
import { bookingOf } from '../bookings/booking.js';
import { editionById } from '../catalogue/editions.js';
import { sessionById } from '../catalogue/sessions.js';
import { withWindow, type Looked } from './lookup.js';
import type { FindInput } from './checkin.schemas.js';
import type { DoorDeps } from './door-booking.js';

export interface FindDeps extends DoorDeps {
  db: Database;
  clock: Clock;
  pii: PiiHasher;
  audit: AuditService;
}

const MAX_MATCHES = 20;

export async function findBookings(deps: FindDeps, input: FindInput, actor: Actor): Promise<{ items: Looked[] }> {
  const now = deps.clock.now();
  const venueFilter = input.venueId !== undefined ? [input.venueId] : actor.role === 'organiser' ? null : actor.venueIds;
  const near = { from: localDateOf(new Date(now.getTime() - 86_400_000), 'UTC'), to: localDateOf(new Date(now.getTime() + 86_400_000), 'UTC') };
  const method = input.idNumber ? 'id_number' : 'phone';
  const rows = await deps.db.sql.select<Record<string, unknown>>(
    `SELECT DISTINCT b.* FROM bookings b JOIN sessions s ON s.id = b.session_id
     ${input.idNumber ? 'JOIN booking_visitors v ON v.booking_id = b.id AND v.id_hash = :idHash' : ''}
     WHERE s.date BETWEEN :from AND :to ${input.idNumber ? '' : 'AND b.contact_phone = :phone'}
     ${venueFilter ? 'AND b.venue_id IN (:venues)' : ''}
     ORDER BY b.id LIMIT 200`,
    { idHash: input.idNumber ? deps.pii.hash(input.idNumber) : null, phone: input.phone ?? null, venues: venueFilter?.length ? venueFilter : [0], ...near },
  );
  let bookings = rows.map(bookingOf).filter((b) => servesVenue(actor, b.venueId));
  if (input.surname) {
    const names = bookings.length
      ? await deps.db.sql.select<{ booking_id: unknown; name: string }>('SELECT booking_id, name FROM booking_visitors WHERE booking_id IN (:ids)', {
          ids: bookings.map((b) => b.id),
        })
      : [];
    const surname = input.surname;
    bookings = bookings.filter((b) => b.contactName.startsWith(surname) || names.some((n) => Number(n.booking_id) === b.id && n.name.startsWith(surname)));
  }
  const items: Looked[] = [];
  for (const b of bookings) {
    const session = await sessionById(deps, b.sessionId);
    const edition = await editionById(deps, session.editionId);
    // Today in the edition's own timezone.
    if (session.date !== localDateOf(now, edition.timezone)) continue;
    items.push(await withWindow(deps, b, session, edition));
    if (items.length >= MAX_MATCHES) break;
  }
  await deps.audit.record({ actor, action: 'checkin.find', venueId: input.venueId ?? null, details: { method, matches: items.length } });
  return { items };
}
