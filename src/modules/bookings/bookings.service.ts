// Families' bookings: book, look at, cancel; the QR token and the calendar file of a booking.
import type { CreateBookingInput, BookingAccess } from './bookings.schemas.js';
import { book, type BookDeps, type BookOptions } from './book.js';
import { bookingToken, getBooking, type AccessDeps } from './access.js';
import { visitCalendar } from './calendar.js';
import { cancelBooking, type CancelDeps } from './cancel.js';
import { bookingsOfPhone } from './phone-bookings.js';
import { removeVisitor } from './remove-visitor.js';

export type BookingsDeps = BookDeps & AccessDeps & CancelDeps;

export function createBookingsService(deps: BookingsDeps) {
  return {
    book: (input: CreateBookingInput, opts?: BookOptions) => book(deps, input, opts),
    get: (code: string, access: BookingAccess) => getBooking(deps, code, access),
    token: (code: string, access: BookingAccess) => bookingToken(deps, code, access),
    calendar: (code: string, access: BookingAccess) => visitCalendar(deps, code, access),
    cancel: (code: string, phone: string) => cancelBooking(deps, code, phone),
    removeVisitor: (code: string, phone: string, position: number) => removeVisitor(deps, code, phone, position),
    ofPhone: (phone: string) => bookingsOfPhone(deps, phone),
  };
}

export type BookingsService = ReturnType<typeof createBookingsService>;
