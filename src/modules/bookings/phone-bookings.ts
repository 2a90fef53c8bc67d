// Every booking a phone has made ("my bookings"): newest session first, each in the shape of its own page.
import { bookingOf } from './booking.js';
import type { BookingView } from './booking.views.js';
import { loadParts, viewOf, type AccessDeps } from './access.js';

/** At most this many, newest first: a phone holds a few per edition (the phone limit). */
const MAX_LISTED = 50;

export async function bookingsOfPhone(deps: AccessDeps, phone: string): Promise<BookingView[]> {
  const rows = await deps.db.sql.select(
    `SELECT b.* FROM bookings b JOIN sessions s ON s.id = b.session_id
     WHERE b.contact_phone = :phone ORDER BY s.starts_at DESC, b.id DESC LIMIT ${MAX_LISTED}`,
    { phone },
  );
  const views: BookingView[] = [];
  for (const row of rows) views.push(viewOf(deps, await loadParts(deps.db, bookingOf(row))));
  return views;
}
