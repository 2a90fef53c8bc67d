// "My bookings": every route acts for the phone the request has proven (Phone-Token header or cookie).
import Joi from 'joi';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { bookingCode } from '../bookings/bookings.schemas.js';
import { bookingErrors } from '../bookings/bookings.errors.js';
import { PHONE_PROOF_ERRORS, requireVerifiedPhone } from '../phones/phone-auth.js';
import { placesErrors } from '../places/places.errors.js';
import { waitlistErrors } from '../waitlist/waitlist.errors.js';
import type { MyBookingsService } from './my-bookings.service.js';

const route = routesFor<MyBookingsService>();
const tags = ['my bookings'];

const codeParams = Joi.object<{ code: string }>({ code: bookingCode().required() });
const visitorParams = Joi.object<{ code: string; position: number }>({
  code: bookingCode().required(),
  position: Joi.number().integer().min(0).max(49).required(),
});

export const myBookingRoutes = [
  route({
    method: 'get',
    path: '/api/my/bookings',
    summary: "The proven phone's bookings and waiting-list entries",
    tags,
    auth: 'public',
    responses: { 200: { description: '{ phone (masked), bookings, waitlist }' } },
    errors: PHONE_PROOF_ERRORS,
    handle: ({ ctx }, mine) => mine.list(requireVerifiedPhone(ctx)),
  }),
  route({
    method: 'post',
    path: '/api/my/bookings/:code/cancel',
    summary: 'Cancel one of my bookings (until the session starts)',
    tags,
    auth: 'public',
    params: codeParams,
    responses: { 200: { description: 'the cancelled booking' } },
    errors: [...PHONE_PROOF_ERRORS, bookingErrors.alreadyCheckedIn, bookingErrors.cancellationClosed],
    handle: ({ ctx, params }, mine) => mine.cancel(requireVerifiedPhone(ctx), params.code),
  }),
  route({
    method: 'post',
    path: '/api/my/bookings/:code/visitors/:position/remove',
    summary: 'Take one visitor off one of my bookings: the place goes back, the QR stays valid for the others',
    tags,
    auth: 'public',
    params: visitorParams,
    responses: { 200: { description: 'the booking, one visitor fewer' } },
    errors: [
      ...PHONE_PROOF_ERRORS,
      placesErrors.noVisitor,
      placesErrors.lastVisitor,
      placesErrors.visitorAdmitted,
      placesErrors.bookingNotConfirmed,
      bookingErrors.cancellationClosed,
    ],
    handle: ({ ctx, params }, mine) => mine.removeVisitor(requireVerifiedPhone(ctx), params.code, params.position),
  }),
  route({
    method: 'post',
    path: '/api/my/waitlist/:id/confirm',
    summary: 'Take the places offered to one of my waiting-list entries',
    tags,
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the booking made' } },
    errors: [...PHONE_PROOF_ERRORS, waitlistErrors.noOffer, placesErrors.holdExpired],
    handle: ({ ctx, params }, mine) => mine.confirmOffer(requireVerifiedPhone(ctx), params.id),
  }),
  route({
    method: 'post',
    path: '/api/my/waitlist/:id/leave',
    summary: 'Leave the waiting list with one of my entries',
    tags,
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the entry, left' } },
    errors: PHONE_PROOF_ERRORS,
    handle: ({ ctx, params }, mine) => mine.leaveWaitlist(requireVerifiedPhone(ctx), params.id),
  }),
];
