// Families' booking routes.
import QRCode from 'qrcode';
import { routesFor } from '../../shared/http/route-table.js';
import { placesErrors } from '../places/places.errors.js';
import { PHONE_PROOF_ERRORS, verifiedPhoneOf } from '../phones/phone-auth.js';
import { phoneErrors } from '../phones/phones.errors.js';
import { bookingErrors } from './bookings.errors.js';
import { accessQuery, cancelBody, codeParams, createBookingBody, idempotencyKey } from './bookings.schemas.js';
import type { BookingsService } from './bookings.service.js';

const route = routesFor<BookingsService>();

const tags = ['bookings'];

/** Failed look-ups of a booking, by address, by code and by phone: guessing codes or phones meets a 429. */
const LOOKUP = [
  { name: 'lookup.ip', key: 'ip', failuresOnly: true },
  { name: 'lookup.code', key: (r: { params: { code: string } }) => r.params.code, failuresOnly: true },
  { name: 'lookup.phone', key: (r: { query: { phone?: string } }) => r.query.phone, failuresOnly: true },
] as const;

/** The check-in QR code of a booking, as an image. */
function qrImageRoute(format: 'png' | 'svg') {
  return route({
    method: 'get',
    path: `/api/bookings/:code/qr.${format}`,
    summary: `The check-in QR code as ${format.toUpperCase()}`,
    tags,
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    limits: LOOKUP,
    responses: { 200: { description: `${format.toUpperCase()} image`, content: format } },
    handle: async ({ params, query, ctx }, bookings) => {
      const token = await bookings.token(params.code, query);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.type = format === 'png' ? 'image/png' : 'image/svg+xml';
      return format === 'png'
        ? QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 8 })
        : QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    },
  });
}

export const bookingRoutes = [
  route({
    method: 'post',
    path: '/api/bookings',
    summary: 'Book places in a session for a party',
    description: 'Send an Idempotency-Key header to make retries safe.',
    tags,
    auth: 'public',
    headers: { 'Idempotency-Key': idempotencyKey },
    body: createBookingBody,
    limits: [
      { name: 'booking.ip', key: 'ip' },
      { name: 'booking.phone', key: (r) => r.body.contact.phone },
    ],
    status: 201,
    responses: { 201: { description: 'the booking, with its QR token and calendar link' } },
    errors: [
      placesErrors.sessionFull,
      placesErrors.sessionNotBookable,
      placesErrors.duplicateVisitor,
      placesErrors.phoneLimitReached,
      placesErrors.tooManyNoShows,
      bookingErrors.closed,
      bookingErrors.partyTooLarge,
      bookingErrors.underMinAge,
      bookingErrors.idempotencyKeyReused,
      bookingErrors.requestInProgress,
      ...PHONE_PROOF_ERRORS,
      phoneErrors.otherPhone,
    ],
    handle: ({ body, headers, ctx }, bookings) =>
      bookings.book(body, { idempotencyKey: headers['Idempotency-Key'] as string | undefined, verifiedPhone: verifiedPhoneOf(ctx) }),
  }),
  route({
    method: 'get',
    path: '/api/bookings/:code',
    summary: 'A booking, for the phone it was made with (or its link key)',
    tags,
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    limits: LOOKUP,
    responses: { 200: { description: 'the booking' } },
    handle: ({ params, query, ctx }, bookings) => {
      ctx.set('Cache-Control', 'no-store');
      return bookings.get(params.code, query);
    },
  }),
  route({
    method: 'post',
    path: '/api/bookings/:code/cancel',
    summary: 'Cancel a booking (until the session starts)',
    tags,
    auth: 'public',
    params: codeParams,
    body: cancelBody,
    limits: [
      { name: 'lookup.ip', key: 'ip', failuresOnly: true },
      { name: 'lookup.code', key: (r) => r.params.code, failuresOnly: true },
      { name: 'lookup.phone', key: (r) => r.body.phone, failuresOnly: true },
    ],
    responses: { 200: { description: 'the cancelled booking' } },
    errors: [bookingErrors.alreadyCheckedIn, bookingErrors.cancellationClosed],
    handle: ({ params, body }, bookings) => bookings.cancel(params.code, body.phone),
  }),
  qrImageRoute('png'),
  qrImageRoute('svg'),
  route({
    method: 'get',
    path: '/api/bookings/:code/calendar.ics',
    summary: 'An iCalendar event for the visit',
    tags,
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    limits: LOOKUP,
    responses: { 200: { description: 'iCalendar file', content: 'ics' } },
    handle: async ({ params, query, ctx }, bookings) => {
      const file = await bookings.calendar(params.code, query);
      ctx.set('Cache-Control', 'private, no-store');
      ctx.set('Content-Disposition', `attachment; filename="${file.filename}"`);
      ctx.type = 'text/calendar; charset=utf-8';
      return file.text;
    },
  }),
];
