// What reaches the log: a client that hangs up is not a server error, SQL logging does not leak personal data, and NUL
// bytes in input are refused as input rather than logged as failures.
import { expect } from 'chai';
import net from 'node:net';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { validIdNumber } from '../helpers/id-numbers.js';
import { bookableWorld, freshTestDatabase, logLines, startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { signedIn } from '../helpers/staff.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('hardening: logging', function () {
  this.timeout(60_000);
  let server: LiveServer | undefined;
  let h: LoggedHarness | undefined;
  afterEach(async () => {
    await server?.stop();
    await h?.close();
    server = h = undefined;
  });

  it('when a client hangs up in the middle of a POST body, then it is logged at info or warn as a client abort, not as an error and not as a 500', async () => {
    await freshTestDatabase();
    server = await startLiveServer();
    const before = server.stdout().length;
    const body = JSON.stringify({ sessionId: 1, contact: { name: '家长', phone: '13900000001' }, visitors: [{ name: '孩子' }] });
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      `POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length + 500}\r\n\r\n${body.slice(0, 40)}`,
    );
    await sleep(300);
    socket.destroy();
    // Wait for the request's access line (or give it 3 s if there is none).
    const deadline = Date.now() + 3000;
    let lines = logLines(server.stdout().slice(before));
    while (Date.now() < deadline && !lines.some((l) => l.msg === 'request' && l.path === '/api/bookings')) {
      await sleep(100);
      lines = logLines(server.stdout().slice(before));
    }
    await sleep(200);
    lines = logLines(server.stdout().slice(before));
    const errors = lines.filter((l) => l.level === 'error');
    expect(
      errors.map((l) => l.msg),
      'error lines after the hang-up',
    ).to.deep.equal([]);
    const access = lines.filter((l) => l.msg === 'request' && l.path === '/api/bookings');
    expect(
      access.map((l) => l.status),
      'status in the access log',
    ).to.not.include(500);
    const told = lines.filter((l) => (l.level === 'info' || l.level === 'warn') && /abort|client closed|closed by the client/i.test(JSON.stringify(l)));
    expect(told.length, `an info or warn line naming the abort, in: ${lines.map((l) => `${l.level} ${l.msg}`).join('; ')}`).to.be.greaterThan(0);
  });

  it('when SQL logging is on at debug level, then a booking’s full phone number, names and ID numbers never appear in the log', async () => {
    const db = await freshTestDatabase();
    const { session } = await bookableWorld(db, { kind: 'lab', capacity: 10 });
    server = await startLiveServer({ env: { DATABASE_LOGGING: 'true', LOG_LEVEL: 'debug' } });
    const phone = '13912345678';
    const names = ['欧阳振华', '欧阳小明', '欧阳小红'];
    const ids = [validIdNumber(4242), validIdNumber(4243)];
    const body = {
      sessionId: session.id,
      contact: { name: names[0], phone },
      visitors: [
        { name: names[1], idNumber: ids[0] },
        { name: names[2], idNumber: ids[1] },
      ],
    };
    const res = await fetch(`${server.url}/api/bookings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).to.equal(201);
    const { code } = (await res.json()) as { code: string };
    expect((await fetch(`${server.url}/api/bookings/${code}?phone=${phone}`)).status).to.equal(200);
    const cancel = await fetch(`${server.url}/api/bookings/${code}/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone }),
    });
    expect(cancel.status).to.equal(200);
    await server.stop();
    const out = server.stdout();
    expect(logLines(out).filter((l) => l.msg === 'sql').length, 'SQL statements logged').to.be.greaterThan(0);
    const leaked = [phone, ...names, ...ids].filter((secret) => out.includes(secret));
    expect(leaked, 'personal data in the log').to.deep.equal([]);
  });

  it('when text input holds a NUL byte (venue search and district, sign-in, audit and report filters, check-in gate), then 400 validation_failed and no error line echoes it', async () => {
    h = await startLoggedHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue });
    const booking = await h.http.post('/api/bookings', {
      sessionId: session.id,
      contact: { name: '家长', phone: '13900000009' },
      visitors: [{ name: '孩子' }],
    });
    expect(booking.status).to.equal(201);
    const organiser = await signedIn(h, 'organiser');
    const auth = organiser.headers;
    const nul = 'a\u0000b';
    const q = encodeURIComponent(nul);
    const answers = {
      'GET /api/venues?q': await h.http.get(`/api/venues?q=${q}`),
      'GET /api/venues?district': await h.http.get(`/api/venues?district=${q}`),
      'POST /api/auth/login username': await h.http.post('/api/auth/login', { username: nul, password: 'some-password-1' }),
      'GET /api/manage/audit?action': await h.http.get(`/api/manage/audit?action=${q}`, auth),
      'GET /api/manage/audit?targetType': await h.http.get(`/api/manage/audit?targetType=${q}`, auth),
      'GET /api/manage/audit?targetId': await h.http.get(`/api/manage/audit?targetId=${q}`, auth),
      'GET /api/reports/week?district': await h.http.get(`/api/reports/week?district=${q}`, auth),
      'POST /api/checkins gate': await h.http.post('/api/checkins', { code: booking.body.code, gate: nul }, auth),
    };
    const wrong = Object.entries(answers)
      .filter(([, r]) => r.status !== 400 || r.body?.error?.code !== 'validation_failed')
      .map(([what, r]) => `${what}: ${r.status} ${r.body?.error?.code ?? ''}`);
    expect(wrong, 'not refused with 400 validation_failed').to.deep.equal([]);
    const echoed = h.lines.filter((line) => line.includes('"level":"error"') && line.includes('a\\u0000b'));
    expect(
      echoed.map((l) => l.slice(0, 200)),
      'error lines echoing the input',
    ).to.deep.equal([]);
  });
});
