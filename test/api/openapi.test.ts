// The OpenAPI document names every route the app really serves (and nothing else), its schemas come from the Joi
// schemas, and Swagger UI is served from this process.
import Router from '@koa/router';
import { expect } from 'chai';
import Joi from 'joi';
import type Koa from 'koa';
import { jsonSchemaOf } from '../../src/modules/openapi/joi-schema.js';
import { buildOpenApiDocument } from '../../src/modules/openapi/openapi-document.js';
import { ALL_ROUTES } from '../../src/routes.js';
import { startHarness, type Harness } from '../helpers/harness.js';

interface RouterLayer {
  path: string | RegExp;
  methods: string[];
}

type RouterDispatch = Koa.Middleware & { router?: { stack: RouterLayer[] } };

/** "GET /api/venues/:id" for every route of every router mounted on the app (HEAD and OPTIONS come with GET / allowedMethods). */
function servedRoutes(app: Koa): Set<string> {
  const found = new Set<string>();
  for (const mw of app.middleware as RouterDispatch[]) {
    for (const layer of mw.router?.stack ?? []) {
      for (const method of layer.methods) {
        if (method === 'HEAD' || method === 'OPTIONS') continue;
        found.add(`${method} ${String(layer.path)}`);
      }
    }
  }
  return found;
}

/** The same form from the document: /api/venues/{id} → /api/venues/:id. */
function documentedRoutes(doc: ReturnType<typeof buildOpenApiDocument>): Set<string> {
  const found = new Set<string>();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const method of Object.keys(ops)) found.add(`${method.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`);
  }
  return found;
}

const minus = (a: Set<string>, b: Set<string>) => [...a].filter((x) => !b.has(x)).sort();

describe('OpenAPI document', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('when the app’s routers are walked, then every route is in the document and the document names no other', async () => {
    h = await startHarness();
    const served = servedRoutes(h.app);
    expect(served.size, 'the walk finds the routers').to.be.greaterThan(30);
    const res = await h.http.get('/api/openapi.json');
    expect(res.status).to.equal(200);
    const documented = documentedRoutes(res.body);
    expect(minus(served, documented), 'served but missing from the route tables').to.deep.equal([]);
    expect(minus(documented, served), 'documented but not served').to.deep.equal([]);
    expect(served).to.include('GET /api/reports/week').and.include('POST /api/reports/contact-trace').and.include('GET /healthz');
  });

  it('when a route is mounted outside the route tables, then the comparison names it', async () => {
    h = await startHarness();
    const extra = new Router({ prefix: '/api' });
    extra.delete('/venues/:id/photos/:photoId', (ctx) => {
      ctx.status = 204;
    });
    h.app.use(extra.routes());
    expect(minus(servedRoutes(h.app), documentedRoutes(buildOpenApiDocument(ALL_ROUTES)))).to.deep.equal(['DELETE /api/venues/:id/photos/:photoId']);
  });

  it('when served, then it is OpenAPI 3.1 with an operation per route: summary, tags, security, path parameters, errors', async () => {
    h = await startHarness();
    const { body: doc, headers } = await h.http.get('/api/openapi.json');
    expect(headers.get('content-type')).to.include('application/json');
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.info.title).to.equal('openday API');
    expect(doc.components.securitySchemes).to.have.keys('bearerAuth', 'cookieAuth');
    const ids = new Set<string>();
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.summary, where).to.be.a('string').and.not.equal('');
        expect(op.tags, where).to.have.length.greaterThan(0);
        expect(ids.has(op.operationId), `${where} operationId unique`).to.equal(false);
        ids.add(op.operationId);
        const placeholders = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const pathParams = (op.parameters ?? []).filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name);
        expect(pathParams, `${where} path parameters`).to.have.members(placeholders);
        const responses = Object.keys(op.responses);
        expect(
          responses.some((s) => s.startsWith('2')),
          `${where} has a success response`,
        ).to.equal(true);
        if (op['x-roles'].length > 0) {
          expect(op.security, where).to.deep.equal([{ bearerAuth: [] }, { cookieAuth: [] }]);
          expect(responses, where).to.include.members(['401', '403']);
        } else {
          expect(op.security, where).to.deep.equal([]);
        }
      }
    }
    const week = doc.paths['/api/reports/week'].get;
    expect(week['x-roles']).to.deep.equal(['organiser']);
    expect(Object.keys(week.responses['200'].content)).to.deep.equal(['application/json', 'text/csv', 'text/html']);
    const format = week.parameters.find((p: { name: string }) => p.name === 'format');
    expect(format.schema).to.deep.equal({ type: 'string', enum: ['json', 'csv', 'html'], default: 'json' });
    const book = doc.paths['/api/bookings'].post;
    expect(book.responses['400']['x-error-codes']).to.deep.equal(['validation_failed', 'invalid_json']);
    expect(book.responses['413']['x-error-codes']).to.deep.equal(['payload_too_large']);
    expect(book.responses['415']['x-error-codes']).to.deep.equal(['unsupported_media_type']);
    expect(doc.paths['/api/venues'].get.responses).not.to.have.any.keys('413', '415');
  });

  it('when a route validates with Joi, then its parameters and body are that schema, converted', async () => {
    h = await startHarness();
    const { body: doc } = await h.http.get('/api/openapi.json');
    const trace = doc.paths['/api/reports/contact-trace'].post.requestBody;
    expect(trace.required).to.equal(true);
    const schema = trace.content['application/json'].schema;
    expect(schema.required).to.deep.equal(['venueId', 'from', 'to', 'reason']);
    expect(schema.properties.reason).to.include({ type: 'string', minLength: 10, maxLength: 500 });
    expect(schema.properties.venueId).to.deep.equal({ type: 'integer', minimum: 1, maximum: 2_147_483_647 });
    expect(schema.properties.from).to.include({ type: 'string', format: 'date-time' });

    const booking = doc.paths['/api/bookings'].post;
    expect(booking.parameters).to.deep.include({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' },
    });
    const visitors = booking.requestBody.content['application/json'].schema.properties.visitors;
    expect(visitors).to.include({ type: 'array', minItems: 1, maxItems: 50 });
    expect(visitors.items.required).to.deep.equal(['name']);
    // A custom rule is documented by its own message.
    expect(booking.requestBody.content['application/json'].schema.properties.contact.properties.phone.description).to.include('mainland China mobile number');

    const venues = doc.paths['/api/venues'].get.parameters;
    expect(venues.find((p: { name: string }) => p.name === 'kind')).to.deep.include({
      in: 'query',
      required: false,
      schema: { type: 'string', enum: ['lab', 'science_base'] },
    });
    expect(venues.find((p: { name: string }) => p.name === 'pageSize').schema).to.deep.equal({ type: 'integer', minimum: 1, maximum: 100, default: 20 });

    const checkin = doc.paths['/api/checkins'].post.requestBody.content['application/json'].schema;
    expect(checkin.oneOf).to.deep.equal([{ required: ['token'] }, { required: ['code'] }]);
    const venue = doc.paths['/api/manage/venues/{id}'].patch.requestBody.content['application/json'].schema;
    expect(venue.minProperties).to.equal(1);
    expect(venue.properties.maxPartySize).to.deep.equal({ type: ['integer', 'null'], minimum: 1, maximum: 20 });
    expect(venue.properties.district)
      .to.include({ maxLength: 32 })
      .and.deep.include({ type: ['string', 'null'] });
    const access = doc.paths['/api/bookings/{code}'].get;
    expect(access.description).to.include('at least one of phone, key');
    // Every route in the registry converts (a Joi feature the converter does not know would throw above).
    expect(Object.values(doc.paths).reduce((n: number, ops) => n + Object.keys(ops as object).length, 0)).to.equal(ALL_ROUTES.length);
  });

  it('when the converter meets a Joi feature it cannot express, then it throws instead of documenting it wrong', () => {
    expect(() => jsonSchemaOf(Joi.binary())).to.throw(/Joi type binary/);
    expect(() => jsonSchemaOf(Joi.string().pattern(/abc/i))).to.throw(/case-insensitive/);
    expect(() => jsonSchemaOf(Joi.string().hostname())).to.throw(/string rule hostname/);
    expect(jsonSchemaOf(Joi.alternatives().try(Joi.string().max(3), Joi.number().integer()))).to.deep.equal({
      anyOf: [{ type: 'string', maxLength: 3 }, { type: 'integer' }],
    });
    expect(jsonSchemaOf(Joi.array().items(Joi.boolean()).max(2).allow(null))).to.deep.equal({
      type: ['array', 'null'],
      items: { type: 'boolean' },
      maxItems: 2,
    });
  });

  it('when /api/docs is opened, then Swagger UI is served from this process, pointed at /api/openapi.json', async () => {
    h = await startHarness();
    const page = await h.http.get('/api/docs');
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("default-src 'none'");
    expect(page.text).to.include('<div id="swagger-ui"></div>');
    const srcs = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(
      srcs.every((s) => s.startsWith('/api/docs/')),
      'nothing from another origin',
    ).to.equal(true);
    expect(page.text).to.not.match(/<script>(?!<\/script>)/); // no inline script: the CSP would refuse it
    for (const src of srcs) {
      const asset = await h.http.get(src, { 'accept-encoding': 'gzip' });
      expect(asset.status, src).to.equal(200);
    }
    const init = await h.http.get('/api/docs/openday-init.js');
    expect(init.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(init.text).to.include('"/api/openapi.json"');
    const bundle = await h.http.get('/api/docs/swagger-ui-bundle.js');
    expect(bundle.text).to.include('SwaggerUIBundle');
    const again = await h.http.get('/api/docs/swagger-ui-bundle.js', { 'if-none-match': bundle.headers.get('etag')!, 'cache-control': 'max-age=0' });
    expect(again.status).to.equal(304);
    const other = await h.http.get('/api/docs/..%2Fpackage.json');
    expect(other.status).to.equal(400);
  });
});
