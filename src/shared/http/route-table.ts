// Each route is defined once, in its module's route table: method, path, who may call it, the Joi schemas of its
// params, query, headers and body, its responses and error codes, and its handler. mountRoutes() mounts a table on the
// router (role check and validation included), the OpenAPI document is generated from the tables, and the
// authorization test walks them.
import { createHash } from 'node:crypto';
import type Router from '@koa/router';
import type Joi from 'joi';
import type { Context } from 'koa';
import { requireRole, type Actor, type Role } from '../actor.js';
import type { ErrorClass } from '../errors.js';
import { JsonAnswer } from '../json-answer.js';
import { PUBLIC_CACHE, sendPrepared } from './prepared-answers.js';
import { parse } from './validate.js';

export { PUBLIC_CACHE };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What a response carries; `json` is the default. */
export type ContentKind = 'json' | 'csv' | 'html' | 'png' | 'svg' | 'ics' | 'asset' | 'none';

export interface ResponseSpec {
  description: string;
  content?: ContentKind | ContentKind[];
}

export interface Request<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Declared headers, validated (undefined when absent and optional). */
  headers: Record<string, unknown>;
  ctx: Context;
}

/** A rate limit a route counts against (the limits themselves: src/modules/limits/limits.config.ts). */
export interface RouteLimit<P, Q, B> {
  name: string;
  /** What it counts per: the client's address, or a value of the (validated) request; undefined counts nothing. */
  key: 'ip' | ((req: Request<P, Q, B>) => string | undefined);
  /** Only attempts that fail count: each is counted first (so a burst cannot slip through) and given back on success. */
  failuresOnly?: boolean;
}

/** What mountRoutes counts attempts with. */
export interface RateLimits {
  knows(name: string): boolean;
  consume(name: string, key: string): Promise<void>;
  refund(name: string, key: string): Promise<void>;
}

interface RouteBase<P, Q, B> {
  method: HttpMethod;
  /** Koa form, from the server root: /api/venues/:id */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  params?: Joi.ObjectSchema<P>;
  query?: Joi.ObjectSchema<Q>;
  headers?: Record<string, Joi.Schema>;
  body?: Joi.Schema<B>;
  /**
   * 'public': the answer is the same for everyone and may be kept for a second by any cache (a CDN, the proxy's
   * micro-cache, the browser), with a strong ETag for 304s. Every other answer is `private, no-store`.
   */
  cache?: 'public';
  /** Status of a successful answer (200 unless said). */
  status?: 200 | 201 | 204;
  /** The success answers, described. */
  responses: Record<number, ResponseSpec>;
  /** Rate limits counted before the handler runs (429 rate_limited once used up). */
  limits?: readonly RouteLimit<P, Q, B>[];
  /** Error catalogue entries this route may answer with, beyond the ones every route of its kind has. */
  errors?: readonly { readonly code: string; readonly type: ErrorClass }[];
}

export interface PublicRoute<S, P, Q, B> extends RouteBase<P, Q, B> {
  auth: 'public';
  handle(req: Request<P, Q, B> & { actor: Actor | undefined }, services: S): unknown;
}

export interface StaffRoute<S, P, Q, B> extends RouteBase<P, Q, B> {
  /** The roles that may call it (signed in with a bearer token or the session cookie). */
  auth: readonly Role[];
  handle(req: Request<P, Q, B> & { actor: Actor }, services: S): unknown;
}

/** A route of a table whose handler takes the services `S`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a table holds routes of different param/body types
export type RouteDef<S> = PublicRoute<S, any, any, any> | StaffRoute<S, any, any, any>;

/**
 * The route builder of a table whose handlers take `S`: `const route = routesFor<BookingsService>()`; each route's
 * params, query and body types are then inferred from its schemas.
 */
export function routesFor<S>() {
  return function route<P = unknown, Q = unknown, B = unknown>(def: PublicRoute<S, P, Q, B> | StaffRoute<S, P, Q, B>): RouteDef<S> {
    return def as RouteDef<S>;
  };
}

/** Any route of any table: what the OpenAPI document and the tests read. */
export type AnyRoute = RouteDef<never>;

/** A public answer: cacheable for a second (stale for five while revalidating), a strong ETag, 304 when unchanged. */
function sendPublic(ctx: Context, result: unknown): void {
  if (result instanceof JsonAnswer) return sendPrepared(ctx, result);
  const text = typeof result === 'string' ? result : JSON.stringify(result);
  ctx.set('Cache-Control', PUBLIC_CACHE);
  ctx.type = 'application/json';
  ctx.etag = `"${createHash('sha1').update(text).digest('base64url')}"`;
  ctx.status = 200;
  if (ctx.fresh) ctx.status = 304;
  else ctx.body = text;
}

/**
 * Mounts a table's routes: the role check, then validation of params, query, headers and body, then the rate limits,
 * then the handler.
 */
export function mountRoutes<S>(router: Router, routes: readonly RouteDef<S>[], services: S, limits: RateLimits): void {
  for (const r of routes) {
    for (const l of r.limits ?? []) if (!limits.knows(l.name)) throw new Error(`${r.method} ${r.path}: no rate limit named ${l.name}`);
    router[r.method](r.path, async (ctx) => {
      ctx.set('Cache-Control', 'private, no-store'); // a handler may say otherwise
      const actor = r.auth === 'public' ? ctx.state.actor : requireRole(ctx.state.actor, r.auth);
      const params: unknown = r.params ? parse(r.params, ctx.params) : {};
      const query: unknown = r.query ? parse(r.query, ctx.query) : {};
      const headers: Record<string, unknown> = {};
      for (const [name, schema] of Object.entries(r.headers ?? {})) {
        const raw = ctx.get(name);
        headers[name] = raw === '' && schema._flags.presence !== 'required' ? undefined : parse(schema, raw === '' ? undefined : raw, name);
      }
      const body: unknown = r.body ? parse(r.body, ctx.request.body) : undefined;
      const req = { params, query, headers, body, actor, ctx };
      const counted: [string, string][] = [];
      for (const l of r.limits ?? []) {
        const key = l.key === 'ip' ? ctx.ip : (l.key as (q: Request<unknown, unknown, unknown>) => string | undefined)(req);
        if (key === undefined) continue;
        await limits.consume(l.name, key);
        if (l.failuresOnly) counted.push([l.name, key]);
      }
      const result = await (r.handle as (req: Request<unknown, unknown, unknown> & { actor: Actor | undefined }, s: S) => unknown)(req, services);
      for (const [name, key] of counted) await limits.refund(name, key);
      if (r.cache === 'public' && result !== undefined) return sendPublic(ctx, result);
      if (result !== undefined) {
        ctx.status = r.status ?? 200;
        ctx.body = result;
      } else if (r.status === 204) ctx.status = 204;
    });
  }
}
