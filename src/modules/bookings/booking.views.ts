// The JSON shape of a booking: masked personal data, session times in the edition's timezone, QR links.
import { maskName, maskPhone } from '../../shared/masking.js';
import { formatInstant } from '../../shared/time.js';
import { sessionView, type SessionView } from '../catalogue/catalogue.views.js';
import type { EditionFacts, SessionFacts, VenueFacts } from './booking-context.js';
import type { Booking, BookingStatus } from './booking.js';

export interface VisitorView {
  /** The visitor's place in the party (what "remove one visitor" names). */
  position: number;
  name: string;
  idNumber: string | null;
}

export interface BookingView {
  code: string;
  status: BookingStatus;
  partySize: number;
  session: SessionView;
  venue: { id: number; name: string; nameEn: string; address: string | null; district: string | null };
  contact: { name: string; phone: string };
  visitors: VisitorView[];
  qr: { token: string; png: string; svg: string } | null;
  /** The family's pass page, opened with its key (relative: the pages prefix nothing). */
  pass: string;
  calendar: string;
  createdAt: string;
  cancelledAt: string | null;
}

export interface BookingParts {
  booking: Pick<Booking, 'code' | 'status' | 'partySize' | 'contactName' | 'contactPhone' | 'createdAt' | 'cancelledAt'>;
  visitors: { position: number; name: string; idMasked: string | null }[];
  session: SessionFacts;
  venue: VenueFacts;
  edition: EditionFacts;
}

export interface BookingLinks {
  token: string;
  urlKey: string;
}

export function bookingView({ booking, visitors, session, venue, edition }: BookingParts, links: BookingLinks, now: Date): BookingView {
  const base = `/api/bookings/${booking.code}`;
  const key = `key=${links.urlKey}`;
  const tz = edition.timezone;
  const s = sessionView(session, edition, now);
  return {
    code: booking.code,
    status: booking.status,
    partySize: booking.partySize,
    session: s,
    venue: { id: venue.id, name: venue.nameZh, nameEn: venue.nameEn, address: venue.addressZh, district: venue.district },
    contact: { name: maskName(booking.contactName), phone: maskPhone(booking.contactPhone) },
    visitors: visitors.map((v) => ({ position: v.position, name: maskName(v.name), idNumber: v.idMasked })),
    // A cancelled booking keeps no code to show at the door.
    qr: booking.status === 'confirmed' ? { token: links.token, png: `${base}/qr.png?${key}`, svg: `${base}/qr.svg?${key}` } : null,
    pass: `/bookings/${booking.code}?${key}`,
    calendar: `${base}/calendar.ics?${key}`,
    createdAt: formatted(booking.createdAt, tz)!,
    cancelledAt: formatted(booking.cancelledAt, tz),
  };
}

function formatted(d: Date | null | undefined, tz: string): string | null {
  return d ? formatInstant(d, tz) : null;
}
