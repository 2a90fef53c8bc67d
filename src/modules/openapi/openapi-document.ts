// The OpenAPI 3.1 document, generated from the route registry and the Joi schemas the handlers validate with.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Joi from 'joi';
import { projectRoot } from '../../shared/project-root.js';
import { commonErrors } from '../../shared/errors.js';
import { SESSION_COOKIE } from '../../shared/http/auth.js';
import { statusOfClass } from '../../shared/http/error-middleware.js';
import { JSON_BODY_LIMIT } from '../../shared/http/json-body.js';
import type { AnyRoute, ContentKind } from '../../shared/http/route-table.js';
import { limitErrors } from '../limits/limits.errors.js';
import { isRequired, jsonSchemaOf, type JsonSchema } from './joi-schema.js';

type RouteSpec = AnyRoute;

interface ResponseSpec {
  description: string;
  content?: ContentKind | ContentKind[];
  /** Error codes (error.code) this status may carry. */
  codes?: string[];
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Record<string, unknown>>> };

const MEDIA_TYPES: Record<Exclude<ContentKind, 'none'>, string[]> = {
  json: ['application/json'],
  csv: ['text/csv'],
  html: ['text/html'],
  png: ['image/png'],
  svg: ['image/svg+xml'],
  ics: ['text/calendar'],
  asset: ['text/javascript', 'text/css', 'image/png'],
};

const TAGS = [
  { name: 'catalogue', description: '活动、场馆与场次 Edition, venues and sessions' },
  { name: 'bookings', description: '家庭预约 Families’ bookings' },
  { name: 'waitlist', description: '候补 Waiting lists' },
  { name: 'accounts', description: '工作人员账号与审计日志 Staff accounts and the audit log' },
  { name: 'checkin', description: '入场核验 Door check-in' },
  { name: 'manage', description: '场次与场馆管理 Managing sessions and venues' },
  { name: 'reports', description: '组织方报表 Organisers’ reports' },
  { name: 'health', description: '运行状态 Health checks' },
  { name: 'docs', description: '接口说明 This description' },
];

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'details'],
      properties: {
        code: { type: 'string', description: 'stable, English, snake_case (e.g. session_full, validation_failed)' },
        message: { type: 'string', description: 'for people: Chinese / English' },
        details: { type: 'object', description: 'validation_failed: { fields: [{ field, message, type }] }; other codes: their own facts' },
      },
    },
  },
};

/** /api/venues/:id → /api/venues/{id} */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function operationId(route: RouteSpec): string {
  return route.method + openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

function parameters(schema: Joi.ObjectSchema | undefined, where: 'path' | 'query', name: string): { list: Record<string, unknown>[]; notes: string[] } {
  if (!schema) return { list: [], notes: [] };
  const json = jsonSchemaOf(schema, name);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  const list = Object.entries(properties).map(([key, s]) => ({
    name: key,
    in: where,
    required: where === 'path' || required.has(key),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
  // Rules between parameters (or / xor / at least one) cannot sit on any single one of them.
  const notes: string[] = [];
  for (const [rel, words] of [
    ['anyOf', 'at least one of'],
    ['oneOf', 'exactly one of'],
  ] as const) {
    const alternatives = json[rel] as { required: string[] }[] | undefined;
    if (alternatives) notes.push(`${where} parameters: ${words} ${alternatives.map((a) => a.required.join('+')).join(', ')}`);
  }
  if (typeof json.description === 'string') notes.push(json.description);
  return { list, notes };
}

function content(kinds: ContentKind[], schema: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  const types = kinds.filter((k): k is Exclude<ContentKind, 'none'> => k !== 'none').flatMap((k) => MEDIA_TYPES[k]);
  if (types.length === 0) return undefined;
  return Object.fromEntries(types.map((t) => [t, t === 'application/json' ? { schema } : {}]));
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input',
  401: 'not signed in',
  403: 'not allowed',
  404: 'no such thing',
  409: 'conflict',
  410: 'gone',
  413: `body over ${JSON_BODY_LIMIT / 1024} KiB`,
  415: 'body not declared application/json',
  422: 'refused by a rule',
  429: 'too many requests',
  503: 'unavailable',
};

/** The route's own responses, plus the errors every route of its kind can answer with, grouped by status. */
function responses(route: RouteSpec): Record<string, unknown> {
  const codes = new Map<number, Set<string>>();
  const add = (status: number, code: string) => codes.set(status, (codes.get(status) ?? new Set()).add(code));
  if (route.params || route.query || route.body || route.headers) add(400, 'validation_failed');
  if (route.body) {
    for (const e of [commonErrors.invalidJson, commonErrors.payloadTooLarge, commonErrors.unsupportedMediaType]) add(statusOfClass(e.type), e.code);
  }
  if (route.auth !== 'public') {
    add(401, commonErrors.unauthenticated.code);
    add(403, commonErrors.forbidden.code);
    // A change made with the session cookie must come from this origin (shared/http/cross-site.ts).
    if (route.method !== 'get') add(403, commonErrors.crossSiteRequest.code);
  }
  if (route.params) add(404, 'not_found');
  if (route.limits?.length) add(429, limitErrors.rateLimited.code);
  for (const e of route.errors ?? []) add(statusOfClass(e.type), e.code);

  const specs: Record<number, ResponseSpec> = { ...route.responses };
  for (const [status, set] of codes) specs[status] = { description: ERROR_DESCRIPTIONS[status] ?? 'error', codes: [...set] };

  const out: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(specs)) {
    const isError = Number(status) >= 400;
    const kinds = spec.content === undefined ? ['json' as const] : Array.isArray(spec.content) ? spec.content : [spec.content];
    const description = spec.codes?.length ? `${spec.description} (${spec.codes.join(', ')})` : spec.description;
    const body = content(isError ? ['json'] : kinds, isError ? { $ref: '#/components/schemas/Error' } : {});
    out[status] = { description, ...(body ? { content: body } : {}), ...(spec.codes ? { 'x-error-codes': spec.codes } : {}) };
  }
  return out;
}

function operation(route: RouteSpec): Record<string, unknown> {
  const pathParams = parameters(route.params, 'path', 'params');
  const queryParams = parameters(route.query, 'query', 'query');
  const headerParams = Object.entries(route.headers ?? {}).map(([name, schema]) => {
    const s = jsonSchemaOf(schema, name);
    return { name, in: 'header', required: isRequired(schema), ...(typeof s.description === 'string' ? { description: s.description } : {}), schema: s };
  });
  const who = route.auth === 'public' ? 'Public.' : `Signed-in staff: ${route.auth.join(', ')}.`;
  const description = [route.description, who, ...pathParams.notes, ...queryParams.notes].filter(Boolean).join('\n\n');
  const op: Record<string, unknown> = {
    operationId: operationId(route),
    summary: route.summary,
    description,
    tags: route.tags,
    security: route.auth === 'public' ? [] : [{ bearerAuth: [] }, { cookieAuth: [] }],
    'x-roles': route.auth === 'public' ? [] : [...route.auth],
  };
  const params = [...pathParams.list, ...queryParams.list, ...headerParams];
  if (params.length) op.parameters = params;
  if (route.body) {
    op.requestBody = { required: isRequired(route.body), content: { 'application/json': { schema: jsonSchemaOf(route.body, 'body') } } };
  }
  op.responses = responses(route);
  return op;
}

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildOpenApiDocument(routes: readonly RouteSpec[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const p = openApiPath(route.path);
    paths[p] ??= {};
    if (paths[p][route.method]) throw new Error(`route listed twice: ${route.method.toUpperCase()} ${route.path}`);
    paths[p][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'openday API',
      version: packageVersion(),
      description:
        '科技活动周开放日预约服务的接口。时间为带时区偏移的 ISO 8601，日期为当地日期 YYYY-MM-DD。错误统一为 { error: { code, message, details } }。\n\n' +
        'The API of the open-day booking service. Instants are ISO 8601 with the edition’s offset; dates are local YYYY-MM-DD. ' +
        'Every error has the shape { error: { code, message, details } }. Staff sign in with POST /api/auth/login and send the token as `Authorization: Bearer …` (or the session cookie). ' +
        'Generated from the same Joi schemas that validate each request.',
    },
    servers: [{ url: '/' }],
    tags: TAGS,
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'token from POST /api/auth/login' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'set by POST /api/auth/login' },
      },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
