// Every HTTP route of the service, with who may call it and the SAME Joi schemas its handler validates with: the
// OpenAPI document is generated from this list. test/api/openapi.test.ts walks the real routers and fails when a
// route is missing here (or listed here and gone), so add a line when you add a route.
import type Joi from 'joi';
import { createUserBody, loginBody, updateUserBody } from '../accounts/accounts.schemas.js';
import { ROLES, type Role } from '../accounts/user.model.js';
import { auditQuery } from '../audit/audit.routes.js';
import { accessQuery, cancelBody, codeParams, createBookingBody, idempotencyKey } from '../bookings/bookings.schemas.js';
import { idParams, listSessionsQuery, listVenuesQuery } from '../catalogue/catalogue.schemas.js';
import { checkinBody } from '../checkin/checkin.schemas.js';
import { cancelSessionBody, createSessionBody, manageSessionsQuery, rosterQuery, updateSessionBody, updateVenueBody } from '../manage/manage.schemas.js';
import { contactTraceBody, contactTraceQuery, liveQuery, weekReportQuery } from '../reports/reports.schemas.js';
import { joinWaitlistBody, phoneBody, phoneQuery } from '../waitlist/waitlist.routes.js';
import { docsAssetParams } from './swagger-ui.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a response carries; `json` is the default. */
export type ContentKind = 'json' | 'csv' | 'html' | 'png' | 'svg' | 'ics' | 'asset' | 'none';

export interface ResponseSpec {
  description: string;
  content?: ContentKind | ContentKind[];
  /** Error codes (error.code) this status may carry. */
  codes?: string[];
}

export interface RouteSpec {
  method: HttpMethod;
  /** Koa form, from the server root: /api/venues/:id */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  /** 'public', or the roles that may call it (signed in with a bearer token or the session cookie). */
  auth: 'public' | readonly Role[];
  params?: Joi.ObjectSchema;
  query?: Joi.ObjectSchema;
  headers?: Record<string, Joi.Schema>;
  body?: Joi.Schema;
  responses: Record<number, ResponseSpec>;
}

const STAFF = ROLES;
const MANAGERS: readonly Role[] = ['organiser', 'venue_manager'];
const ORGANISER: readonly Role[] = ['organiser'];

export const ROUTES: readonly RouteSpec[] = [
  // Health
  { method: 'get', path: '/healthz', summary: 'The process is up', tags: ['health'], auth: 'public', responses: { 200: { description: '{ status: "ok" }' } } },
  {
    method: 'get',
    path: '/readyz',
    summary: 'The database is reachable and fully migrated',
    tags: ['health'],
    auth: 'public',
    responses: { 200: { description: 'ready' }, 503: { description: 'not ready', codes: ['database_unreachable', 'migrations_pending'] } },
  },

  // Catalogue
  {
    method: 'get',
    path: '/api/edition',
    summary: 'The running (or next, or last) edition',
    tags: ['catalogue'],
    auth: 'public',
    responses: { 200: { description: 'names, city, dates, timezone, bookingOpensAt, rules' } },
  },
  {
    method: 'get',
    path: '/api/venues',
    summary: 'Venues taking part in the edition, with places left',
    tags: ['catalogue'],
    auth: 'public',
    query: listVenuesQuery,
    responses: { 200: { description: '{ items, total, page, pageSize }' } },
  },
  {
    method: 'get',
    path: '/api/venues/:id',
    summary: 'One venue: details, rules, accessibility and its sessions',
    tags: ['catalogue'],
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the venue' } },
  },
  {
    method: 'get',
    path: '/api/sessions',
    summary: 'Sessions of the edition',
    tags: ['catalogue'],
    auth: 'public',
    query: listSessionsQuery,
    responses: { 200: { description: '{ items }' } },
  },
  {
    method: 'get',
    path: '/api/sessions/:id',
    summary: 'One session, with places left and whether it is bookable',
    tags: ['catalogue'],
    auth: 'public',
    params: idParams,
    responses: { 200: { description: 'the session' } },
  },

  // Bookings
  {
    method: 'post',
    path: '/api/bookings',
    summary: 'Book places in a session for a party',
    description: 'Send an Idempotency-Key header to make retries safe.',
    tags: ['bookings'],
    auth: 'public',
    headers: { 'Idempotency-Key': idempotencyKey },
    body: createBookingBody,
    responses: {
      201: { description: 'the booking, with its QR token and calendar link' },
      409: { description: 'conflict', codes: ['session_full', 'session_not_bookable', 'duplicate_visitor', 'phone_limit_reached', 'too_many_no_shows'] },
      422: { description: 'refused by a rule', codes: ['booking_closed', 'party_too_large', 'under_min_age', 'idempotency_key_reused'] },
    },
  },
  {
    method: 'get',
    path: '/api/bookings/:code',
    summary: 'A booking, for the phone it was made with (or its link key)',
    tags: ['bookings'],
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    responses: { 200: { description: 'the booking' } },
  },
  {
    method: 'post',
    path: '/api/bookings/:code/cancel',
    summary: 'Cancel a booking (until the session starts)',
    tags: ['bookings'],
    auth: 'public',
    params: codeParams,
    body: cancelBody,
    responses: {
      200: { description: 'the cancelled booking' },
      409: { description: 'used at the door', codes: ['already_checked_in'] },
      422: { description: 'too late', codes: ['cancellation_closed'] },
    },
  },
  {
    method: 'get',
    path: '/api/bookings/:code/qr.png',
    summary: 'The check-in QR code as PNG',
    tags: ['bookings'],
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    responses: { 200: { description: 'PNG image', content: 'png' } },
  },
  {
    method: 'get',
    path: '/api/bookings/:code/qr.svg',
    summary: 'The check-in QR code as SVG',
    tags: ['bookings'],
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    responses: { 200: { description: 'SVG image', content: 'svg' } },
  },
  {
    method: 'get',
    path: '/api/bookings/:code/calendar.ics',
    summary: 'An iCalendar event for the visit',
    tags: ['bookings'],
    auth: 'public',
    params: codeParams,
    query: accessQuery,
    responses: { 200: { description: 'iCalendar file', content: 'ics' } },
  },

  // Waiting list
  {
    method: 'post',
    path: '/api/sessions/:id/waitlist',
    summary: 'Join the waiting list of a full session',
    tags: ['waitlist'],
    auth: 'public',
    params: idParams,
    body: joinWaitlistBody,
    responses: {
      201: { description: 'the waiting-list entry' },
      409: { description: 'conflict', codes: ['places_available', 'already_waiting', 'too_many_no_shows'] },
    },
  },
  {
    method: 'get',
    path: '/api/waitlist/:id',
    summary: 'A waiting-list entry, for its phone',
    tags: ['waitlist'],
    auth: 'public',
    params: idParams,
    query: phoneQuery,
    responses: { 200: { description: 'the entry' } },
  },
  {
    method: 'post',
    path: '/api/waitlist/:id/confirm',
    summary: 'Take the places offered to a waiting-list entry',
    tags: ['waitlist'],
    auth: 'public',
    params: idParams,
    body: phoneBody,
    responses: {
      200: { description: 'the booking made' },
      409: { description: 'nothing offered', codes: ['no_offer'] },
      422: { description: 'too late', codes: ['offer_expired'] },
    },
  },
  {
    method: 'post',
    path: '/api/waitlist/:id/leave',
    summary: 'Leave the waiting list',
    tags: ['waitlist'],
    auth: 'public',
    params: idParams,
    body: phoneBody,
    responses: { 200: { description: 'the entry, left' } },
  },

  // Staff accounts
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Staff sign-in',
    tags: ['accounts'],
    auth: 'public',
    body: loginBody,
    responses: {
      200: { description: '{ token, expiresAt, user } and a session cookie' },
      401: { description: 'wrong name or password', codes: ['invalid_credentials'] },
      429: { description: 'throttled', codes: ['too_many_attempts'] },
    },
  },
  { method: 'get', path: '/api/auth/me', summary: 'Who is signed in', tags: ['accounts'], auth: STAFF, responses: { 200: { description: 'the account' } } },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out (ends every session of the account)',
    tags: ['accounts'],
    auth: STAFF,
    responses: { 204: { description: 'signed out', content: 'none' } },
  },
  {
    method: 'get',
    path: '/api/manage/users',
    summary: 'Staff accounts',
    tags: ['accounts'],
    auth: ORGANISER,
    responses: { 200: { description: 'the accounts' } },
  },
  {
    method: 'post',
    path: '/api/manage/users',
    summary: 'Create a staff account',
    tags: ['accounts'],
    auth: ORGANISER,
    body: createUserBody,
    responses: { 201: { description: 'the account' }, 409: { description: 'username taken', codes: ['username_taken'] } },
  },
  {
    method: 'patch',
    path: '/api/manage/users/:id',
    summary: 'Change role or venues, disable, or reset the password of an account',
    tags: ['accounts'],
    auth: ORGANISER,
    params: idParams,
    body: updateUserBody,
    responses: { 200: { description: 'the account' } },
  },
  {
    method: 'get',
    path: '/api/manage/audit',
    summary: 'The audit log',
    tags: ['accounts'],
    auth: ORGANISER,
    query: auditQuery,
    responses: { 200: { description: '{ items, total, page, pageSize }' } },
  },

  // Door check-in
  {
    method: 'post',
    path: '/api/checkins',
    summary: 'Scan a QR token or type a booking code at the door',
    tags: ['checkin'],
    auth: STAFF,
    body: checkinBody,
    responses: {
      200: { description: 'admitted' },
      400: { description: 'bad token or body', codes: ['invalid_token', 'validation_failed'] },
      403: { description: 'another venue', codes: ['wrong_venue', 'forbidden'] },
      409: { description: 'used before', codes: ['already_checked_in'] },
      410: { description: 'cancelled', codes: ['booking_cancelled'] },
      422: { description: 'outside check-in time', codes: ['not_checkin_time'] },
    },
  },

  // Managing sessions and venues
  {
    method: 'get',
    path: '/api/manage/sessions',
    summary: 'Sessions at the caller’s venues, with check-in counts',
    tags: ['manage'],
    auth: STAFF,
    query: manageSessionsQuery,
    responses: { 200: { description: '{ items }' } },
  },
  {
    method: 'post',
    path: '/api/manage/sessions',
    summary: 'Create a session',
    tags: ['manage'],
    auth: MANAGERS,
    body: createSessionBody,
    responses: {
      201: { description: 'the session' },
      409: { description: 'a session already starts then', codes: ['session_exists'] },
      422: { description: 'outside the edition', codes: ['date_outside_edition'] },
    },
  },
  {
    method: 'patch',
    path: '/api/manage/sessions/:id',
    summary: 'Change a session’s capacity, times or status',
    tags: ['manage'],
    auth: MANAGERS,
    params: idParams,
    body: updateSessionBody,
    responses: { 200: { description: 'the session' }, 409: { description: 'conflict', codes: ['capacity_below_booked', 'session_cancelled'] } },
  },
  {
    method: 'post',
    path: '/api/manage/sessions/:id/cancel',
    summary: 'Cancel a session and all its bookings',
    tags: ['manage'],
    auth: MANAGERS,
    params: idParams,
    body: cancelSessionBody,
    responses: {
      200: { description: '{ session, cancelledBookings, notificationsQueued }' },
      409: { description: 'someone has checked in', codes: ['session_has_checkins'] },
    },
  },
  {
    method: 'get',
    path: '/api/manage/sessions/:id/roster',
    summary: 'A session’s bookings with masked contacts (JSON or CSV)',
    tags: ['manage'],
    auth: MANAGERS,
    params: idParams,
    query: rosterQuery,
    responses: { 200: { description: 'the roster; a UTF-8 CSV with BOM when format=csv', content: ['json', 'csv'] } },
  },
  {
    method: 'patch',
    path: '/api/manage/venues/:id',
    summary: 'Change a venue’s details and rules',
    tags: ['manage'],
    auth: MANAGERS,
    params: idParams,
    body: updateVenueBody,
    responses: { 200: { description: 'the venue' } },
  },

  // Reports
  {
    method: 'get',
    path: '/api/reports/week',
    summary: 'Week report per day, district, kind/level and venue (JSON, CSV or printable HTML)',
    description:
      'Computed live from bookings, check-ins and no-shows. format=csv: UTF-8 with BOM, one row per figure group; format=html: a self-contained printable page with SVG charts.',
    tags: ['reports'],
    auth: ORGANISER,
    query: weekReportQuery,
    responses: {
      200: {
        description: '{ edition, filters, generatedAt, totals, byDay, byDistrict, byKindLevel, byVenue }; CSV or HTML by format',
        content: ['json', 'csv', 'html'],
      },
      422: { description: 'a date outside the edition', codes: ['date_outside_edition'] },
    },
  },
  {
    method: 'get',
    path: '/api/reports/live',
    summary: 'People admitted today, per venue and session (organisers: all venues; others: theirs)',
    tags: ['reports'],
    auth: STAFF,
    query: liveQuery,
    responses: { 200: { description: '{ edition, date, generatedAt, totals, venues: [{ …, sessions }] }' } },
  },
  {
    method: 'post',
    path: '/api/reports/contact-trace',
    summary: 'Everyone admitted at a venue in a time range, with full phone numbers (audited with the reason)',
    tags: ['reports'],
    auth: ORGANISER,
    query: contactTraceQuery,
    body: contactTraceBody,
    responses: {
      200: { description: '{ venue, from, to, reason, count, people, items }; CSV when format=csv', content: ['json', 'csv'] },
      404: { description: 'no such venue', codes: ['not_found'] },
    },
  },

  // This description
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags: ['docs'],
    auth: 'public',
    responses: { 200: { description: 'OpenAPI 3.1' } },
  },
  {
    method: 'get',
    path: '/api/docs',
    summary: 'Swagger UI for this document',
    tags: ['docs'],
    auth: 'public',
    responses: { 200: { description: 'HTML page', content: 'html' } },
  },
  {
    method: 'get',
    path: '/api/docs/:file',
    summary: 'Swagger UI’s files',
    tags: ['docs'],
    auth: 'public',
    params: docsAssetParams,
    responses: { 200: { description: 'script, style sheet or icon', content: 'asset' } },
  },
];
