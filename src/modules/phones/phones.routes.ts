// Families prove their phone: a one-time code by text message, then a phone token (header or cookie).
import type { Context } from 'koa';
import { maskPhone } from '../../shared/masking.js';
import { routesFor } from '../../shared/http/route-table.js';
import { PHONE_COOKIE, PHONE_PROOF_ERRORS, requireVerifiedPhone } from './phone-auth.js';
import { phoneErrors } from './phones.errors.js';
import { codeRequestBody, verifyBody } from './phones.schemas.js';
import type { PhonesService } from './phones.service.js';

const route = routesFor<PhonesService>();
const tags = ['phones'];

function setPhoneCookie(ctx: Context, token: string | null, expiresAt?: string): void {
  ctx.cookies.set(PHONE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: '/',
    ...(expiresAt ? { expires: new Date(expiresAt) } : { maxAge: 0 }),
  });
}

export const phoneRoutes = [
  route({
    method: 'post',
    path: '/api/phone/codes',
    summary: 'Send a one-time code to a phone by text message',
    description: '6 digits, valid 5 minutes, 5 tries; a new code replaces the previous one.',
    tags,
    auth: 'public',
    body: codeRequestBody,
    limits: [
      { name: 'code.ip', key: 'ip' },
      { name: 'code.phone', key: (r) => r.body.phone },
      { name: 'code.resend', key: (r) => r.body.phone },
    ],
    status: 201,
    responses: { 201: { description: '{ phone (masked), expiresAt, ttlMinutes }' } },
    errors: [phoneErrors.unreachable],
    handle: ({ body }, phones) => phones.requestCode(body),
  }),
  route({
    method: 'post',
    path: '/api/phone/verify',
    summary: 'Prove a phone with its one-time code: a phone token (also set as a cookie)',
    description: 'Send the token back in the Phone-Token header (the web pages use the cookie).',
    tags,
    auth: 'public',
    body: verifyBody,
    limits: [
      { name: 'verify.ip', key: 'ip', failuresOnly: true },
      { name: 'verify.phone', key: (r) => r.body.phone, failuresOnly: true },
    ],
    responses: { 200: { description: '{ token, expiresAt, phone (masked) }' } },
    errors: [phoneErrors.noCode, phoneErrors.wrongCode, phoneErrors.codeExpired, phoneErrors.codeUsed, phoneErrors.tooManyTries],
    handle: async ({ body, ctx }, phones) => {
      const proof = await phones.verifyCode(body);
      setPhoneCookie(ctx, proof.token, proof.expiresAt);
      return proof;
    },
  }),
  route({
    method: 'get',
    path: '/api/phone',
    summary: 'The phone this request has proven',
    tags,
    auth: 'public',
    responses: { 200: { description: '{ phone (masked), expiresAt }' } },
    errors: PHONE_PROOF_ERRORS,
    handle: ({ ctx }) => {
      const phone = requireVerifiedPhone(ctx);
      const state = ctx.state.phone;
      return { phone: maskPhone(phone), expiresAt: state?.ok ? state.expiresAt.toISOString() : null };
    },
  }),
  route({
    method: 'post',
    path: '/api/phone/forget',
    summary: 'Forget the phone proof on this device (clears the cookie)',
    tags,
    auth: 'public',
    status: 204,
    responses: { 204: { description: 'forgotten' } },
    handle: ({ ctx }) => {
      setPhoneCookie(ctx, null);
      return undefined;
    },
  }),
];
