// Families' waiting-list routes.
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { placesErrors } from '../places/places.errors.js';
import { PHONE_PROOF_ERRORS, verifiedPhoneOf } from '../phones/phone-auth.js';
import { phoneErrors } from '../phones/phones.errors.js';
import { joinWaitlistBody, phoneBody, phoneQuery } from './waitlist.schemas.js';
import type { WaitlistService } from './waitlist.service.js';
import { waitlistErrors } from './waitlist.errors.js';

const route = routesFor<WaitlistService>();

const tags = ['waitlist'];

/** Failed look-ups of an entry, by address, by entry and by phone. */
const entryLimits = (phone: (r: { query: { phone?: string }; body: { phone?: string } }) => string | undefined) =>
  [
    { name: 'lookup.ip', key: 'ip', failuresOnly: true },
    { name: 'lookup.code', key: (r: { params: { id: number } }) => `waitlist:${r.params.id}`, failuresOnly: true },
    { name: 'lookup.phone', key: phone, failuresOnly: true },
  ] as const;

export const waitlistRoutes = [
  route({
    method: 'post',
    path: '/api/sessions/:id/waitlist',
    summary: 'Join the waiting list of a full session',
    tags,
    auth: 'public',
    params: idParams,
    body: joinWaitlistBody,
    limits: [
      { name: 'booking.ip', key: 'ip' },
      { name: 'booking.phone', key: (r) => r.body.contact.phone },
    ],
    status: 201,
    responses: { 201: { description: 'the waiting-list entry' } },
    errors: [waitlistErrors.placesAvailable, waitlistErrors.alreadyWaiting, placesErrors.tooManyNoShows, ...PHONE_PROOF_ERRORS, phoneErrors.otherPhone],
    handle: ({ params, body, ctx }, waitlist) => waitlist.join({ ...body, sessionId: params.id }, verifiedPhoneOf(ctx)),
  }),
  route({
    method: 'get',
    path: '/api/waitlist/:id',
    summary: 'A waiting-list entry, for its phone',
    tags,
    auth: 'public',
    params: idParams,
    query: phoneQuery,
    limits: entryLimits((r) => r.query.phone),
    responses: { 200: { description: 'the entry' } },
    handle: ({ params, query, ctx }, waitlist) => {
      ctx.set('Cache-Control', 'no-store');
      return waitlist.get(params.id, query.phone);
    },
  }),
  route({
    method: 'post',
    path: '/api/waitlist/:id/confirm',
    summary: 'Take the places offered to a waiting-list entry',
    tags,
    auth: 'public',
    params: idParams,
    body: phoneBody,
    limits: entryLimits((r) => r.body.phone),
    responses: { 200: { description: 'the booking made' } },
    errors: [waitlistErrors.noOffer, placesErrors.holdExpired],
    handle: ({ params, body }, waitlist) => waitlist.confirm(params.id, body.phone),
  }),
  route({
    method: 'post',
    path: '/api/waitlist/:id/leave',
    summary: 'Leave the waiting list',
    tags,
    auth: 'public',
    params: idParams,
    body: phoneBody,
    limits: entryLimits((r) => r.body.phone),
    responses: { 200: { description: 'the entry, left' } },
    handle: ({ params, body }, waitlist) => waitlist.leave(params.id, body.phone),
  }),
];
