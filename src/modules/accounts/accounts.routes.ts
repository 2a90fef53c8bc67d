// Sign-in for staff, and the organisers' account management.
import Router from '@koa/router';
import type { Context } from 'koa';
import { SESSION_COOKIE } from '../../shared/http/auth.js';
import { parse } from '../../shared/http/validate.js';
import { idParams } from '../catalogue/catalogue.schemas.js';
import { requireActor, requireRole } from './actor.js';
import { createUserBody, loginBody, updateUserBody } from './accounts.schemas.js';
import type { AccountsService } from './accounts.service.js';

function setSessionCookie(ctx: Context, token: string | null, expiresAt?: string): void {
  ctx.cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: ctx.secure,
    path: '/',
    ...(expiresAt ? { expires: new Date(expiresAt) } : { maxAge: 0 }),
  });
}

export function accountRoutes(accounts: AccountsService): Router {
  const router = new Router();

  router.post('/auth/login', async (ctx) => {
    const { username, password } = parse(loginBody, ctx.request.body);
    const result = await accounts.login(username, password, ctx.ip);
    setSessionCookie(ctx, result.token, result.expiresAt);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = result;
  });

  router.get('/auth/me', async (ctx) => {
    ctx.body = await accounts.me(requireActor(ctx.state.actor));
  });

  router.post('/auth/logout', async (ctx) => {
    await accounts.logout(requireActor(ctx.state.actor));
    setSessionCookie(ctx, null);
    ctx.status = 204;
  });

  router.get('/manage/users', async (ctx) => {
    requireRole(ctx.state.actor, 'organiser');
    ctx.body = await accounts.listUsers();
  });

  router.post('/manage/users', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser');
    ctx.status = 201;
    ctx.body = await accounts.createUser(parse(createUserBody, ctx.request.body), actor);
  });

  router.patch('/manage/users/:id', async (ctx) => {
    const actor = requireRole(ctx.state.actor, 'organiser');
    ctx.body = await accounts.updateUser(parse(idParams, ctx.params).id, parse(updateUserBody, ctx.request.body), actor);
  });

  return router;
}
