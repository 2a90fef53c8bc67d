// A family's own booking: by its code, for the phone it was made with or the key printed in its links. An unknown code
// and a wrong phone answer the same, so codes cannot be probed.
import type { Database } from '../../db/database.js';
import type { Clock } from '../../shared/clock.js';
import type { PiiHasher } from '../../shared/pii.js';
import { bookingContext, type BookingContext } from './booking-context.js';
import { bookingOf, type Booking } from './booking.js';
import { bookingView, type BookingView } from './booking.views.js';
import { bookingErrors } from './bookings.errors.js';
import type { BookingAccess } from './bookings.schemas.js';
import type { QrLinks } from './qr-links.js';
import type { TokenSigner } from './qr-token.js';

export interface AccessDeps {
  db: Database;
  clock: Clock;
  pii: PiiHasher;
  signer: TokenSigner;
  links: QrLinks;
}

export type LoadedBooking = BookingContext & { booking: Booking; visitors: { position: number; name: string; idMasked: string | null }[] };

export async function bookingByCode(db: Database, code: string): Promise<Booking | undefined> {
  const row = await db.sql.first('SELECT * FROM bookings WHERE code = :code', { code });
  return row && bookingOf(row);
}

/** The booking's session, venue, edition and visitors, once the caller may see it. */
export async function loadParts(db: Database, booking: Booking): Promise<LoadedBooking> {
  const [context, visitors] = await Promise.all([
    bookingContext(db.sql, booking.sessionId),
    db.sql.select<{ position: unknown; name: string; id_masked: string | null }>(
      'SELECT position, name, id_masked FROM booking_visitors WHERE booking_id = :id AND removed_at IS NULL ORDER BY position',
      { id: booking.id },
    ),
  ]);
  return { ...context, booking, visitors: visitors.map((v) => ({ position: Number(v.position), name: v.name, idMasked: v.id_masked })) };
}

/**
 * The booking with this code, if `access` opens it. An unknown code and a wrong phone or key do the same work (one read,
 * keyed hashes compared in constant time) and answer the same not-found, so codes cannot be probed by timing either.
 */
export async function accessibleBooking(deps: Pick<AccessDeps, 'db' | 'pii'>, code: string, access: BookingAccess): Promise<Booking> {
  const booking = await bookingByCode(deps.db, code);
  const byPhone = access.phone !== undefined && deps.pii.samePhone(booking?.contactPhone, access.phone);
  const byKey = access.key !== undefined && deps.pii.sameUrlKey(booking?.code ?? code, access.key);
  if (!booking || !(byPhone || byKey)) throw bookingErrors.noBooking();
  return booking;
}

export function viewOf(deps: Pick<AccessDeps, 'clock' | 'links'>, parts: LoadedBooking): BookingView {
  return bookingView(parts, deps.links.of(parts.booking.code, parts.session.id), deps.clock.now());
}

export async function getBooking(deps: AccessDeps, code: string, access: BookingAccess): Promise<BookingView> {
  return viewOf(deps, await loadParts(deps.db, await accessibleBooking(deps, code, access)));
}

/** The QR token of a confirmed booking the caller may see (for the QR images). */
export async function bookingToken(deps: AccessDeps, code: string, access: BookingAccess): Promise<string> {
  const booking = await accessibleBooking(deps, code, access);
  if (booking.status !== 'confirmed') throw bookingErrors.cancelledNoCode();
  return deps.signer.issue({ code, sessionId: booking.sessionId });
}
