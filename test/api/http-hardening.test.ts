// The edges of the HTTP layer: methods nobody implements, control characters in any input, forged cross-site requests,
// security headers, and clients that hang up.
import { expect } from 'chai';
import net from 'node:net';
import { createHealthService } from '../../src/modules/health/health.service.js';
import { AppError } from '../../src/shared/errors.js';
import { createLifecycle } from '../../src/shared/lifecycle.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { signedIn } from '../helpers/staff.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HTTP hardening', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  describe('methods', () => {
    it('when a method no route takes comes to a path that exists, then 501 not_implemented in the error shape, with Allow', async () => {
      h = await startHarness();
      for (const method of ['PROPFIND', 'SEARCH', 'PURGE']) {
        const res = await h.http.request(method, '/healthz');
        expect(res.status, method).to.equal(501);
        expect(res.body.error.code).to.equal('not_implemented');
        expect(res.body.error.details).to.deep.equal({ method });
        expect(res.headers.get('allow')).to.match(/\bGET\b/);
      }
    });

    it('when it comes to a path that does not exist, then 501 without an Allow header', async () => {
      h = await startHarness();
      const res = await h.http.request('MKCOL', '/api/nothing-here');
      expect(res.status).to.equal(501);
      expect(res.body.error.code).to.equal('not_implemented');
      expect(res.headers.get('allow')).to.equal(null);
    });

    it('when a known method is not taken by the path, then 405 method_not_allowed with Allow listing what is', async () => {
      h = await startHarness();
      const res = await h.http.request('DELETE', '/api/venues');
      expect(res.status).to.equal(405);
      expect(res.body.error.code).to.equal('method_not_allowed');
      expect(res.headers.get('allow')).to.match(/\bGET\b/);
      expect(res.body.error.details.allow).to.include('GET');
    });
  });

  describe('control characters', () => {
    it('when a query value holds DEL, then 400 validation_failed naming the field; a tab is text', async () => {
      h = await startHarness();
      await createEdition(h.db);
      const del = await h.http.get('/api/venues?q=a%7Fb');
      expect(del.status).to.equal(400);
      expect(del.body.error.code).to.equal('validation_failed');
      expect(del.body.error.details.fields).to.deep.include({ field: 'q', message: 'q must not contain control characters', type: 'string.control' });
      expect((await h.http.get('/api/venues?q=a%09b')).status).to.equal(200);
    });

    it('when a nested body value or an unknown key holds one, then the refusal names it, beside the other bad fields', async () => {
      h = await startHarness();
      const res = await h.http.post('/api/bookings', {
        sessionId: 'x',
        contact: { name: '家长', phone: '13900000001' },
        visitors: [{ name: '孩\u0001子' }],
        extra: 'a\u001bb',
      });
      expect(res.status).to.equal(400);
      const fields = (res.body.error.details.fields as { field: string; type: string }[]).map((f) => `${f.field} ${f.type}`);
      expect(fields).to.include.members(['visitors.0.name string.control', 'extra string.control', 'sessionId number.base']);
    });

    it('when a password or a check-in gate holds one, then 400 naming it, before anything is checked', async () => {
      h = await startHarness();
      const staff = await signedIn(h, 'organiser');
      const login = await h.http.post('/api/auth/login', { username: staff.username, password: `${staff.password}\u0000` });
      expect(login.status).to.equal(400);
      expect(login.body.error.details.fields.map((f: { field: string }) => f.field)).to.deep.equal(['password']);
      const scan = await h.http.post('/api/checkins', { code: 'ABCD2345', gate: 'east\u0007' }, staff.headers);
      expect(scan.status).to.equal(400);
      expect(scan.body.error.details.fields.map((f: { field: string }) => f.field)).to.deep.equal(['gate']);
    });
  });

  describe('cross-site requests with the staff cookies', () => {
    async function cookieOf(harness: Harness, staff: { username: string; password: string }) {
      const res = await harness.http.post('/api/auth/login', { username: staff.username, password: staff.password });
      expect(res.status).to.equal(200);
      const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
      return { session: cookies.find((c) => c.startsWith('openday_session='))!, device: cookies.find((c) => c.startsWith('openday_device='))! };
    }

    it('when Sec-Fetch-Site is same-site (a sibling subdomain), then 403 cross_site_request; same-origin passes', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const session = await createSession(h.db, { edition, venue });
      const staff = await signedIn(h, 'organiser');
      const { session: cookie } = await cookieOf(h, staff);
      const change = (headers: Record<string, string>) => h!.http.patch(`/api/manage/sessions/${session.id}`, { capacity: 33 }, { cookie, ...headers });
      const sibling = await change({ 'sec-fetch-site': 'same-site' });
      expect(sibling.status).to.equal(403);
      expect(sibling.body.error.code).to.equal('cross_site_request');
      expect((await change({ 'sec-fetch-site': 'same-origin' })).status).to.equal(200);
    });

    it('when a request has neither Sec-Fetch-Site nor Origin (not a browser), or its Origin is this service, then it passes', async () => {
      h = await startHarness();
      const staff = await signedIn(h, 'organiser');
      const { session: cookie } = await cookieOf(h, staff);
      const base = h.http.baseUrl;
      const body = { username: `csrf.${Date.now()}`, password: 'a-long-password-1', role: 'organiser', venueIds: [] };
      expect((await h.http.post('/api/manage/users', body, { cookie })).status).to.equal(201);
      expect((await h.http.post('/api/manage/users', { ...body, username: `${body.username}.b` }, { cookie, origin: base })).status).to.equal(201);
    });

    it('when a cross-site request is only a read, or carries no staff cookie, then it is not refused as cross-site', async () => {
      h = await startHarness();
      const staff = await signedIn(h, 'organiser');
      const { session: cookie } = await cookieOf(h, staff);
      expect((await h.http.get('/api/auth/me', { cookie, 'sec-fetch-site': 'cross-site' })).status).to.equal(200);
      const anonymous = await h.http.post('/api/auth/login', { username: staff.username, password: 'wrong-password-1' }, { 'sec-fetch-site': 'cross-site' });
      expect(anonymous.body.error.code).to.equal('invalid_credentials');
    });

    it('when another site makes a browser send sign-in attempts with its device cookie, then 403: the device’s allowance is not spent', async () => {
      h = await startHarness();
      const staff = await signedIn(h, 'organiser');
      const { device } = await cookieOf(h, staff);
      const forged = await h.http.post(
        '/api/auth/login',
        { username: staff.username, password: 'wrong-password-1' },
        { cookie: device, origin: 'https://evil.example' },
      );
      expect(forged.status).to.equal(403);
      expect(forged.body.error.code).to.equal('cross_site_request');
    });
  });

  describe('security headers', () => {
    it('when the API answers, then it carries a CSP that loads nothing and forbids framing, and helmet’s headers', async () => {
      h = await startHarness();
      for (const path of ['/api/edition', '/api/nothing-here', '/healthz']) {
        const res = await h.http.get(path);
        expect(res.headers.get('content-security-policy'), path).to.equal("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
        expect(res.headers.get('x-content-type-options'), path).to.equal('nosniff');
        expect(res.headers.get('x-frame-options'), path).to.equal('DENY');
        expect(res.headers.get('referrer-policy'), path).to.equal('no-referrer');
        expect(res.headers.get('strict-transport-security'), `${path}: not production`).to.equal(null);
      }
    });

    it('when a page is served, then it keeps its own strict CSP', async () => {
      h = await startHarness();
      const res = await h.http.get('/');
      expect(res.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    });

    it('when a script is served, then it carries the pages’ policy, so the scanner’s worker may load this origin’s scripts', async () => {
      h = await startHarness();
      const build = /\/assets\/([0-9a-f]{12})\//.exec((await h.http.get('/staff/scan')).text)![1];
      const worker = await h.http.get(`/assets/${build}/js/scan-worker.js`);
      expect(worker.status).to.equal(200);
      expect(worker.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    });

    it('when in production, then HSTS only for https said by a trusted proxy: not over plain HTTP, not when an untrusted peer claims https', async () => {
      h = await startHarness(undefined, { env: 'production', http: { trustedProxies: ['127.0.0.1'] } });
      const hsts = async (headers: Record<string, string>) => (await h!.http.get('/healthz', headers)).headers.get('strict-transport-security');
      expect(await hsts({ 'x-forwarded-proto': 'https' })).to.match(/^max-age=31536000$/);
      expect(await hsts({})).to.equal(null);
      await h.close();
      h = await startHarness(undefined, { env: 'production', http: { trustedProxies: ['10.0.0.1'] } });
      expect(await hsts({ 'x-forwarded-proto': 'https' })).to.equal(null);
    });
  });

  describe('readiness while stopping', () => {
    it('when the process has started stopping, then readiness fails with shutting_down', async () => {
      h = await startHarness();
      const lifecycle = createLifecycle();
      const health = createHealthService(h.db, silentLogger, lifecycle);
      expect((await health.readiness()).status).to.equal('ready');
      lifecycle.stop();
      const err = await health.readiness().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).to.be.instanceOf(AppError);
      expect((err as AppError).code).to.equal('shutting_down');
    });
  });
});

describe('HTTP hardening: a client that hangs up', () => {
  let h: LoggedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('when the body is cut mid-upload, then an info line says so and the access log records 499, aborted', async () => {
    h = await startLoggedHarness();
    const port = Number(new URL(h.http.baseUrl).port);
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /api/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"sessionId": 1');
    await sleep(100);
    socket.destroy();
    const deadline = Date.now() + 3000;
    const access = () => h!.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'request' && l.path === '/api/bookings');
    while (!access() && Date.now() < deadline) await sleep(50);
    expect(access()).to.include({ level: 'info', status: 499, aborted: true });
    const told = h.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'client aborted the request');
    expect(told).to.include({ level: 'info', method: 'POST', path: '/api/bookings' });
    expect(h.lines.filter((l) => l.includes('"level":"error"'))).to.deep.equal([]);
  });
});
