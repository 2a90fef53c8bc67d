// Sign-in for staff, and the organisers' account management.
import type { Context } from 'koa';
import { ROLES } from '../../shared/actor.js';
import { commonErrors } from '../../shared/errors.js';
import { SESSION_COOKIE } from '../../shared/http/auth.js';
import { routesFor } from '../../shared/http/route-table.js';
import { idParams } from '../../shared/http/schemas.js';
import { accountErrors } from './accounts.errors.js';
import { DEVICE_COOKIE, DEVICE_TTL_DAYS } from './device-trust.js';
import { createUserBody, loginBody, updateUserBody } from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';

const route = routesFor<AccountsService>();

function setSessionCookie(ctx: Context, token: string | null, expiresAt?: string): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: '/',
    ...(expiresAt ? { expires: new Date(expiresAt) } : { maxAge: 0 }),
  });
}

const tags = ['accounts'];
const ORGANISER = ['organiser'] as const;

export const accountRoutes = [
  route({
    method: 'post',
    path: '/api/auth/login',
    summary: 'Staff sign-in',
    tags,
    auth: 'public',
    body: loginBody,
    responses: { 200: { description: '{ token, expiresAt, user } and a session cookie' } },
    // cross_site_request: an attempt another site makes a browser send with this device's cookie (shared/http/cross-site.ts).
    errors: [accountErrors.badCredentials, accountErrors.tooManyAttempts, commonErrors.crossSiteRequest],
    handle: async ({ body, ctx }, accounts) => {
      const { device, ...result } = await accounts.login(body.username, body.password, ctx.ip, ctx.cookies.get(DEVICE_COOKIE));
      setSessionCookie(ctx, result.token, result.expiresAt);
      ctx.cookies.set(DEVICE_COOKIE, device, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.secure,
        path: '/api/auth',
        maxAge: DEVICE_TTL_DAYS * 86_400_000,
      });
      ctx.set('Cache-Control', 'no-store');
      return result;
    },
  }),
  route({
    method: 'get',
    path: '/api/auth/me',
    summary: 'Who is signed in',
    tags,
    auth: ROLES,
    responses: { 200: { description: 'the account' } },
    handle: ({ actor }, accounts) => accounts.me(actor),
  }),
  route({
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Sign out (ends every session of the account)',
    tags,
    auth: ROLES,
    status: 204,
    responses: { 204: { description: 'signed out', content: 'none' } },
    handle: async ({ actor, ctx }, accounts) => {
      await accounts.logout(actor);
      setSessionCookie(ctx, null);
    },
  }),
  route({
    method: 'get',
    path: '/api/manage/users',
    summary: 'Staff accounts',
    tags,
    auth: ORGANISER,
    responses: { 200: { description: 'the accounts' } },
    handle: (_, accounts) => accounts.listUsers(),
  }),
  route({
    method: 'post',
    path: '/api/manage/users',
    summary: 'Create a staff account',
    tags,
    auth: ORGANISER,
    body: createUserBody,
    status: 201,
    responses: { 201: { description: 'the account' } },
    errors: [accountErrors.usernameTaken],
    handle: ({ body, actor }, accounts) => accounts.createUser(body, actor),
  }),
  route({
    method: 'patch',
    path: '/api/manage/users/:id',
    summary: 'Change role or venues, disable, or reset the password of an account',
    tags,
    auth: ORGANISER,
    params: idParams,
    body: updateUserBody,
    responses: { 200: { description: 'the account' } },
    handle: ({ params, body, actor }, accounts) => accounts.updateUser(params.id, body, actor),
  }),
];
