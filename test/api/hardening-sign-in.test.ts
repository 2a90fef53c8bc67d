// Sign-in under attack: a burst of guesses, a forged client address, a lock-out used to keep staff out, and a sign-out
// forged from another site.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { koaHandler } from '../../src/shared/http/node-handler.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { freshTestDatabase, startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { signedIn } from '../helpers/staff.js';

/** The per-address sign-in limit (30 by default, for offices behind one address) at 6, as these tests count to 7. */
const SIX_PER_ADDRESS = JSON.stringify({ 'signin.ip': { points: 6, seconds: 900 } });

const WRONG = 'not-the-password-at-all';

async function login(baseUrl: string, username: string, password: string, forwardedFor?: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { error?: { code: string } };
  return { status: res.status, code: body.error?.code };
}

describe('hardening: sign-in', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  let server: LiveServer | undefined;
  let listener: Server | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.stop();
    await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
    h = server = listener = undefined;
  });

  /** The harness's app on a port this test knows, so it can name the app's own origin. */
  async function listen(app: Harness['app']): Promise<string> {
    listener = createServer(koaHandler(app));
    await new Promise<void>((resolve) => listener!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  }

  it('when 30 wrong passwords for one account come at once from one address, then at most 5 are checked (401), the rest are 429 too_many_attempts, and the right password inside the burst does not sign in', async () => {
    h = await startHarness(undefined, { limits: { enabled: true, overrides: {} } }); // the test configuration switches limits off
    const staff = await signedIn(h, 'organiser');
    let answered = 0;
    let sixAnswered!: () => void;
    const six = new Promise<void>((resolve) => (sixAnswered = resolve));
    const burst = Array.from({ length: 30 }, () =>
      h!.http.post('/api/auth/login', { username: staff.username, password: WRONG }).then((res) => {
        if (++answered === 6) sixAnswered();
        return res;
      }),
    );
    await six; // six guesses are in: the account is blocked, and the rest of the burst may still be arriving
    const right = await h.http.post('/api/auth/login', { username: staff.username, password: staff.password });
    const answers = await Promise.all(burst);
    const checked = answers.filter((r) => r.status === 401);
    const refused = answers.filter((r) => r.status === 429 && r.body.error.code === 'too_many_attempts');
    const tally = answers.map((r) => r.status).join(',');
    expect(checked.length, `answers: ${tally}`).to.be.at.most(5);
    expect(refused.length, `answers: ${tally}`).to.equal(30 - checked.length);
    expect(right.status, 'the right password while blocked').to.equal(429);
    expect(right.body.error.code).to.equal('too_many_attempts');
  });

  it('when a production server gets a new X-Forwarded-For with every guess and trusts no proxy, then the per-address limit still stops the 7th', async () => {
    await freshTestDatabase();
    server = await startLiveServer({ production: true, env: { RATE_LIMITS: SIX_PER_ADDRESS } });
    const answers: { status: number; code?: string }[] = [];
    for (let i = 0; i < 10; i++) answers.push(await login(server.url, `nobody.${i}`, WRONG, `203.0.113.${i + 1}`));
    const first = answers.findIndex((a) => a.status === 429);
    expect(first, `answers: ${answers.map((a) => a.status).join(',')}`).to.be.within(0, 6);
    expect(answers[first]!.code).to.equal('too_many_attempts');
  });

  it('when TRUSTED_PROXIES names the proxy, then X-Forwarded-For is the client address: ten addresses are ten clients, and one of them is limited alone', async () => {
    await freshTestDatabase();
    server = await startLiveServer({ production: true, env: { TRUSTED_PROXIES: '127.0.0.1', RATE_LIMITS: SIX_PER_ADDRESS } });
    const spread: number[] = [];
    for (let i = 0; i < 10; i++) spread.push((await login(server.url, `nobody.${i}`, WRONG, `203.0.113.${i + 1}`)).status);
    expect(spread, 'one guess from each of ten addresses').to.deep.equal(Array(10).fill(401));
    const one: number[] = [];
    for (let i = 0; i < 7; i++) one.push((await login(server.url, `other.${i}`, WRONG, '203.0.113.1')).status);
    expect(one.indexOf(429), `more guesses from 203.0.113.1: ${one.join(',')}`).to.be.within(0, 5);
  });

  it('when an account has 6 failures from one address, then its owner still signs in from another address', async () => {
    h = await startHarness(); // the account, in the database the server process uses
    const staff = await signedIn(h, 'organiser');
    server = await startLiveServer({ production: true, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const attacks: number[] = [];
    for (let i = 0; i < 6; i++) attacks.push((await login(server.url, staff.username, WRONG, '198.51.100.7')).status);
    expect(attacks.slice(0, 5), 'the first five guesses are checked').to.deep.equal([401, 401, 401, 401, 401]);
    const owner = await login(server.url, staff.username, staff.password, '198.51.100.8');
    expect(owner.status, `owner from another address: ${owner.code}`).to.equal(200);
  });

  it('when a cookie-authenticated sign-out comes from another site, then 403 cross_site_request; from the own origin or with a bearer token it works', async () => {
    h = await startHarness();
    const staff = await signedIn(h, 'organiser');
    const base = await listen(h.app);
    const signIn = async () => {
      const res = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: staff.username, password: staff.password }),
      });
      expect(res.status).to.equal(200);
      const cookie = /openday_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
      expect(cookie, 'session cookie').to.be.a('string');
      return { cookie: cookie!, token: ((await res.json()) as { token: string }).token };
    };
    const logout = (headers: Record<string, string>) => fetch(`${base}/api/auth/logout`, { method: 'POST', headers });
    const me = async (cookie: string) => (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).status;

    const { cookie } = await signIn();
    const evil = await logout({ cookie, origin: 'https://evil.example' });
    expect(evil.status, 'Origin of another site').to.equal(403);
    expect(((await evil.json()) as { error: { code: string } }).error.code).to.equal('cross_site_request');
    const crossSite = await logout({ cookie, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status, 'Sec-Fetch-Site: cross-site').to.equal(403);
    expect(await me(cookie), 'the session survived both').to.equal(200);

    const own = await logout({ cookie, origin: base, 'sec-fetch-site': 'same-origin' });
    expect(own.status, 'from the own origin').to.equal(204);
    expect(await me(cookie)).to.equal(401);

    const { token } = await signIn();
    const bearer = await logout({ authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expect(bearer.status, 'a bearer token is not a cookie a browser sends by itself').to.equal(204);
  });
});
