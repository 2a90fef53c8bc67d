// Walks every operation of the OpenAPI document and sends it malformed input: each path parameter, query parameter,
// header and body property gets wrong types, huge strings, control characters, odd Unicode, extreme numbers, arrays,
// objects, nothing at all; bodies lose required fields and gain extra ones; every path gets unknown methods. Whatever
// comes in, the answer must be a 4xx in the one error shape, never a 5xx. Deterministic: values come from a seeded
// generator (FUZZ_SEED to change the seed). What only Node's HTTP parser sees (oversized request lines and headers,
// control characters in headers) is sent to a real server process at the end.
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { koaHandler } from '../../src/shared/http/node-handler.js';
import { errorCodeOf, errorShapeProblem } from '../helpers/error-shape.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { validIdNumber } from '../helpers/id-numbers.js';
import { startLiveServer, type LiveServer } from '../helpers/live-server.js';
import {
  UNKNOWN_METHODS,
  buildCases,
  methodCases,
  operationsOf,
  report,
  type Case,
  type Hint,
  type OpenApiDocument,
  type Outcome,
} from '../helpers/openapi-fuzz.js';
import { requestBytes, sendRaw, type RawResult } from '../helpers/raw-http.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20270522);
const CONCURRENCY = 4;

// ---------------------------------------------------------------------------------------------------------------------
// What is valid for each input of this app (so one malformed value is all that is wrong in a case)

interface Fixtures {
  editionId: number;
  startDate: string;
  venueId: number;
  openSessionId: number;
  fullSessionId: number;
  manageSessionId: number;
  booking: { code: string; phone: string; key: string; token: string };
  waitlist: { id: number; phone: string };
  organiser: Staff;
  targetUser: Staff;
  login: { username: string; password: string };
}

let idSeq = 0;

function hintFor(f: Fixtures): Hint {
  return (name, op, schema) => {
    const p = op.path;
    switch (name) {
      case 'id':
        if (p.startsWith('/api/venues/') || p.startsWith('/api/manage/venues/')) return f.venueId;
        if (p.startsWith('/api/sessions/') && p.endsWith('/waitlist')) return f.fullSessionId;
        if (p.startsWith('/api/sessions/')) return f.openSessionId;
        if (p.startsWith('/api/waitlist/')) return f.waitlist.id;
        if (p.startsWith('/api/manage/users/')) return f.targetUser.id;
        if (p.startsWith('/api/manage/sessions/')) return f.manageSessionId;
        return 1;
      case 'code':
        return f.booking.code;
      case 'phone':
        return p.startsWith('/api/waitlist/') ? f.waitlist.phone : f.booking.phone;
      case 'key':
        return f.booking.key;
      case 'token':
        return f.booking.token;
      case 'venueId':
        return f.venueId;
      case 'venueIds':
        return [f.venueId];
      case 'sessionId':
        return f.openSessionId;
      case 'editionId':
        return f.editionId;
      case 'actorId':
        return f.organiser.id;
      case 'date':
        return f.startDate;
      case 'from':
        return schema.format === 'date-time' ? `${f.startDate}T00:00:00+08:00` : f.startDate;
      case 'to':
        return schema.format === 'date-time' ? `${f.startDate}T20:00:00+08:00` : f.startDate;
      case 'name':
        return '王小明';
      case 'idNumber':
        return validIdNumber(7000 + ++idSeq);
      case 'username':
        return p === '/api/auth/login' ? f.login.username : 'fuzz.newuser';
      case 'password':
        return f.login.password;
      case 'gate':
        return 'east-gate';
      case 'admitted':
        return 1;
      case 'reason':
        return 'fuzz: tracing a reported case';
      case 'capacity':
        return 12;
      case 'startTime':
        return '14:00';
      case 'endTime':
        return '15:30';
      case 'district':
        return '小店区';
      case 'q':
        return '实验室';
      case 'action':
        return 'auth.login';
      case 'targetType':
        return 'user';
      case 'targetId':
        return String(f.targetUser.id);
      case 'displayName':
        return '模糊测试';
      default:
        return undefined;
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------------

describe('fuzzing every operation of the OpenAPI document', function () {
  this.timeout(180_000);
  let h: Harness;
  let server: Server;
  let port: number;
  const outcomes: Outcome[] = [];

  before(async function () {
    this.timeout(180_000);
    h = await startHarness();
    server = createServer(koaHandler(h.app));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;

    // A world in which every operation has something real to act on.
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const openSession = await createSession(h.db, { edition, venue, capacity: 500 });
    const fullSession = await createSession(h.db, { edition, venue, capacity: 1, from: '11:00', to: '12:00' });
    const manageSession = await createSession(h.db, { edition, venue, capacity: 20, from: '13:00', to: '14:00' });
    const booked = await h.http.post('/api/bookings', {
      sessionId: openSession.id,
      contact: { name: '王小明', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });
    expect(booked.status, booked.text).to.equal(201);
    const filled = await h.http.post('/api/bookings', {
      sessionId: fullSession.id,
      contact: { name: '李四', phone: '13900000002' },
      visitors: [{ name: '李四' }],
    });
    expect(filled.status, filled.text).to.equal(201);
    const joined = await h.http.post(`/api/sessions/${fullSession.id}/waitlist`, {
      contact: { name: '赵五', phone: '13900000003' },
      visitors: [{ name: '赵五' }],
    });
    expect(joined.status, joined.text).to.equal(201);
    const organiser = await signedIn(h, 'organiser');
    const targetUser = await signedIn(h, 'door_staff', [venue.id]);
    // Signing out ends every session of an account: each sign-out gets an organiser of its own.
    const signOuts: Staff[] = [];
    for (let i = 0; i < 4; i++) signOuts.push(await signedIn(h, 'organiser'));
    const login = { username: 'fuzz.login', password: 'fuzz-login-password' };
    await h.services.accounts.createUser({ ...login, role: 'door_staff', venueIds: [venue.id] }, null);

    const f: Fixtures = {
      editionId: edition.id,
      startDate: edition.startDate,
      venueId: venue.id,
      openSessionId: openSession.id,
      fullSessionId: fullSession.id,
      manageSessionId: manageSession.id,
      booking: {
        code: booked.body.code,
        phone: '13900000001',
        key: new URL(booked.body.qr.png as string, 'http://x').searchParams.get('key')!,
        token: booked.body.qr.token,
      },
      waitlist: { id: joined.body.id, phone: '13900000003' },
      organiser,
      targetUser,
      login,
    };

    const hint = hintFor(f);
    const doc = (await h.http.get('/api/openapi.json')).body as OpenApiDocument;
    const ops = operationsOf(doc);
    expect(ops.length, 'operations in the document').to.be.greaterThan(20);
    const random = seededRandom(SEED);
    const organiserAuth = (): [string, string][] => [['Authorization', organiser.headers.authorization!]];
    const cases: Case[] = [];
    for (const op of ops) {
      let auth = organiserAuth;
      if (op.method === 'POST' && op.path === '/api/auth/logout') {
        auth = () => {
          const staff = signOuts.pop();
          if (!staff) throw new Error('fuzz: more sign-outs than prepared accounts');
          return [['Authorization', staff.headers.authorization!]];
        };
      }
      cases.push(...buildCases(op, hint, random, auth));
    }
    cases.push(...methodCases(ops, hint, organiserAuth));

    const started = Date.now();
    let next = 0;
    const host = `127.0.0.1:${port}`;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          const result = await sendRaw(port, requestBytes(host, c), { head: c.method === 'HEAD', timeoutMs: 15_000 });
          outcomes.push({ c, result });
        }
      }),
    );
    const statuses = new Map<string, number>();
    for (const o of outcomes) {
      const k = String(o.result.response?.status ?? o.result.failure);
      statuses.set(k, (statuses.get(k) ?? 0) + 1);
    }
    const summary = [...statuses.entries()]
      .sort()
      .map(([k, n]) => `${k}×${n}`)
      .join(' ');
    process.stdout.write(
      `      fuzz: ${outcomes.length} requests over ${ops.length} operations (seed ${SEED}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary}\n`,
    );
  });

  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await h?.close();
  });

  it('then every request is answered, and never with a 5xx (an unknown method may be a 501)', () => {
    const bad = outcomes.filter(({ c, result }) => {
      const status = result.response?.status;
      if (status === undefined) return true;
      return status >= 500 && !(c.expect === 'method' && status === 501);
    });
    expect(bad, report('requests answered with a 5xx or not at all', bad)).to.have.length(0);
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted by a body').to.equal(undefined);
  });

  it('then every refusal is in the error shape {error:{code,message,details}}', () => {
    const bad = outcomes
      .map((o) => ({
        ...o,
        why: o.result.response && errorShapeProblem(o.c.method, o.result.response.status, o.result.response.headers['content-type'], o.result.response.text),
      }))
      .filter((o) => o.why);
    expect(bad, report('refusals not in the error shape', bad)).to.have.length(0);
  });

  it('then text with a control character (NUL, BEL, ESC) in any path, query or body input is refused with 400 validation_failed', () => {
    const control = outcomes.filter((o) => o.c.expect === 'control');
    expect(control.length).to.be.greaterThan(100);
    const bad = control.filter(({ result }) => result.response?.status !== 400 || errorCodeOf(result.response.text) !== 'validation_failed');
    expect(bad, report(`of ${control.length} inputs with a control character not refused with 400 validation_failed`, bad)).to.have.length(0);
  });

  it('then an unknown method on any path or /healthz answers 405 (with Allow) or 501, in the error shape', () => {
    const methods = outcomes.filter((o) => o.c.expect === 'method');
    expect(methods.length).to.be.greaterThan(UNKNOWN_METHODS.length * 10);
    const bad = methods
      .map((o) => {
        const r = o.result.response;
        let why: string | undefined;
        if (!r) why = 'no answer';
        else if (r.status !== 405 && r.status !== 501) why = `status ${r.status}`;
        else if (r.status === 405 && !r.headers.allow) why = 'no Allow header';
        else why = errorShapeProblem(o.c.method, r.status, r.headers['content-type'], r.text);
        return { ...o, why };
      })
      .filter((o) => o.why);
    expect(bad, report(`of ${methods.length} unknown-method requests answered otherwise`, bad)).to.have.length(0);
  });
});

describe("fuzzing Node's HTTP parser in a real server process", function () {
  this.timeout(60_000);
  let server: LiveServer;
  let doc: OpenApiDocument;
  let sent = 0;

  before(async function () {
    this.timeout(60_000);
    server = await startLiveServer();
    doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as OpenApiDocument;
  });
  after(async () => {
    process.stdout.write(`      parser fuzz: ${sent} requests\n`);
    await server?.stop();
  });

  async function send(method: string, target: string, headers: [string, string][] = [], body?: string): Promise<RawResult> {
    sent++;
    return sendRaw(server.port, requestBytes(`127.0.0.1:${server.port}`, { method, target, headers, body }), { timeoutMs: 15_000 });
  }

  function expectErrorShape(result: RawResult, statuses: number[], what: string): void {
    const r = result.response;
    expect(r, `${what}: no answer (${result.failure})`).to.not.equal(undefined);
    expect(statuses, `${what}: status ${r!.status}`).to.include(r!.status);
    expect(errorShapeProblem('GET', r!.status, r!.headers['content-type'], r!.text), `${what}: error shape`).to.equal(undefined);
  }

  it('when the URL is over 16 KB, then 414 or 431 in the error shape', async () => {
    expectErrorShape(await send('GET', `/api/venues?q=${'a'.repeat(17 * 1024)}`), [414, 431], 'URL of 17 KB');
  });

  it('when a header is 20 KB, then 431 in the error shape', async () => {
    expectErrorShape(await send('GET', '/api/venues', [['X-Fuzz', 'a'.repeat(20 * 1024)]]), [431], 'header of 20 KB');
  });

  it('when a header value holds a NUL byte, then 400 in the error shape', async () => {
    expectErrorShape(await send('GET', '/healthz', [['X-Fuzz', 'a\u0000b']]), [400], 'NUL in a header');
  });

  it('when a header value or the request line holds another control character, then 400 in the error shape', async () => {
    const bad: string[] = [];
    const check = (what: string, result: RawResult) => {
      const r = result.response;
      const why = !r
        ? `no answer (${result.failure})`
        : r.status !== 400
          ? `status ${r.status}`
          : errorShapeProblem('GET', r.status, r.headers['content-type'], r.text);
      if (why) bad.push(`${what}: ${why}`);
    };
    for (const ch of ['\u0007', '\u001b', '\u0000']) {
      check(`X-Fuzz with ${JSON.stringify(ch)}`, await send('GET', '/api/venues', [['X-Fuzz', `a${ch}b`]]));
      check(`request target with ${JSON.stringify(ch)}`, await send('GET', `/api/venues?q=a${ch}b`));
      for (const op of operationsOf(doc)) {
        for (const p of op.parameters.filter((x) => x.in === 'header')) {
          check(
            `${op.method} ${op.path} ${p.name} with ${JSON.stringify(ch)}`,
            await send(op.method, op.path.replace(/\{[^}]+\}/g, '1'), [[p.name, `key-${ch}-12345678`]], op.body ? '{}' : undefined),
          );
        }
      }
    }
    expect(bad, bad.join('\n')).to.have.length(0);
  });

  it('when any path parameter, query parameter or header of the document holds 100 KB, then a 4xx in the error shape', async () => {
    const bad: string[] = [];
    const huge = 'x'.repeat(100 * 1024);
    for (const op of operationsOf(doc)) {
      for (const p of op.parameters) {
        const target = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (p.in === 'path' && p.name === name ? huge : '1'));
        const result =
          p.in === 'query'
            ? await send(op.method, `${target}?${p.name}=${huge}`)
            : p.in === 'header'
              ? await send(op.method, target, [[p.name, huge]])
              : p.in === 'path'
                ? await send(op.method, target)
                : undefined;
        if (!result) continue;
        const r = result.response;
        const why = !r
          ? `no answer (${result.failure})`
          : r.status < 400 || r.status >= 500
            ? `status ${r.status}`
            : errorShapeProblem(op.method, r.status, r.headers['content-type'], r.text);
        if (why) bad.push(`${op.method} ${op.path} ${p.in} ${p.name}: ${why}`);
      }
    }
    expect(bad, `${bad.length} answered otherwise:\n${bad.slice(0, 20).join('\n')}`).to.have.length(0);
  });
});
