// Families' endpoints under retries and abuse: simultaneous retries with one Idempotency-Key, keys that differ only in
// case, a waiting list joined many times at once, guessing booking codes and phones, and a booking bot.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { validIdNumber } from '../helpers/id-numbers.js';
import { bookableWorld, bookingBody, freshTestDatabase, phoneNumber, startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { seededRandom } from '../helpers/seeded-random.js';

const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

describe('hardening: bookings', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('when 40 Idempotency-Keys are each sent three times at once with a booking holding ID numbers, then each key gets three identical 201s with one code', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'lab' });
    const session = await createSession(h.db, { edition, venue, capacity: 200 });
    const sends = Array.from({ length: 40 }, (_, k) => {
      const body = {
        sessionId: session.id,
        contact: { name: '重试家长', phone: phoneNumber(5000 + k, '135') },
        visitors: [
          { name: '重试家长', idNumber: validIdNumber(100 + 2 * k) },
          { name: '重试孩子', idNumber: validIdNumber(101 + 2 * k) },
        ],
      };
      const key = `retry-key-${String(k).padStart(4, '0')}`;
      return Array.from({ length: 3 }, () => h!.http.request('POST', '/api/bookings', { body, headers: { 'idempotency-key': key } }));
    });
    const results = await Promise.all(sends.map((three) => Promise.all(three)));
    const wrong = results
      .map((three, k) => ({ k, answers: three.map((r) => `${r.status} ${r.status === 201 ? r.body.code : r.body.error?.code}`) }))
      .filter(({ answers }) => answers.some((a) => !a.startsWith('201 ')) || new Set(answers).size !== 1);
    expect(wrong.slice(0, 10), `${wrong.length} of 40 keys answered otherwise`).to.deep.equal([]);
    const after = await h.http.get(`/api/sessions/${session.id}`);
    expect(after.body.booked, 'places taken: two per key, once').to.equal(80);
  });

  it('when two Idempotency-Keys differ only in case, then they are two keys: the second booking is 201, not 422 idempotency_key_reused', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: 20 });
    const first = await h.http.request('POST', '/api/bookings', { body: bookingBody(session.id, '13700000001'), headers: { 'idempotency-key': 'CaseKey-x' } });
    expect(first.status).to.equal(201);
    const second = await h.http.request('POST', '/api/bookings', { body: bookingBody(session.id, '13700000002'), headers: { 'idempotency-key': 'casekey-x' } });
    expect(second.status, `second key: ${second.body.error?.code}`).to.equal(201);
    expect(second.body.code).to.not.equal(first.body.code);
  });

  it('when one phone joins a full session’s waiting list 10 times at once, then exactly one 201 and nine 409 already_waiting (five phones, each its own session, all at once)', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const rounds = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const session = await createSession(h!.db, {
          edition,
          venue,
          capacity: 1,
          from: `${String(9 + i).padStart(2, '0')}:00`,
          to: `${String(9 + i).padStart(2, '0')}:45`,
        });
        expect((await h!.http.post('/api/bookings', bookingBody(session.id, phoneNumber(20 + i, '137')))).status).to.equal(201);
        return { session, phone: phoneNumber(40 + i, '137') };
      }),
    );
    const joins = await Promise.all(
      rounds.map(({ session, phone }) =>
        Promise.all(
          Array.from({ length: 10 }, () =>
            h!.http.post(`/api/sessions/${session.id}/waitlist`, { contact: { name: '候补', phone }, visitors: [{ name: '候补' }] }),
          ),
        ),
      ),
    );
    const wrong = joins
      .map((ten) => ten.map((r) => `${r.status} ${r.body.error?.code ?? r.body.status}`).sort())
      .filter((answers) => answers.filter((a) => a.startsWith('201 ')).length !== 1 || answers.filter((a) => a === '409 already_waiting').length !== 9);
    expect(wrong, `${wrong.length} of 5 phones answered otherwise`).to.deep.equal([]);
  });
});

describe('hardening: guessing and bots against a production server', function () {
  this.timeout(120_000);
  let server: LiveServer;
  let sessionId: number;
  let botSessionId: number;
  const random = seededRandom(97);

  before(async function () {
    this.timeout(60_000);
    const db = await freshTestDatabase();
    const { edition, venue, session } = await bookableWorld(db, { capacity: 200 });
    sessionId = session.id;
    botSessionId = (await createSession(db, { edition, venue, capacity: 60, from: '14:00', to: '15:00' })).id;
    // TRUSTED_PROXIES: each scenario comes from an address of its own, so one scenario's limit does not decide another's.
    // VERIFY_PHONE=false: these scenarios book as families did before phones were proven (a production server now asks
    // for a phone token by default; proving phones and its limits are tested in phones.test.ts).
    server = await startLiveServer({ production: true, env: { TRUSTED_PROXIES: '127.0.0.1', VERIFY_PHONE: 'false' } });
  });
  after(async () => server?.stop());

  const randomCode = () => Array.from({ length: 8 }, () => random.pick([...CODE_ALPHABET])).join('');
  const randomPhone = () => phoneNumber(random.int(100_000_000), random.pick(['130', '150', '186', '199']));

  async function book(phone: string, from: string, session = sessionId) {
    const res = await fetch(`${server.url}/api/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify(bookingBody(session, phone)),
    });
    const body = (await res.json()) as { code?: string; error?: { code: string } };
    return { status: res.status, code: body.code, error: body.error?.code, retryAfter: res.headers.get('retry-after') };
  }

  async function attempts(n: number, from: string, send: (i: number) => Promise<Response>) {
    const out: { status: number; code?: string; retryAfter: string | null }[] = [];
    for (let i = 0; i < n; i++) {
      const res = await send(i);
      const body = (await res.json()) as { error?: { code: string } };
      out.push({ status: res.status, code: body.error?.code, retryAfter: res.headers.get('retry-after') });
    }
    return out;
  }

  function expectLimited(answers: { status: number; code?: string; retryAfter: string | null }[], what: string): void {
    const first = answers.findIndex((a) => a.status === 429);
    const tally = [...new Set(answers.map((a) => `${a.status} ${a.code}`))].join(', ');
    expect(first, `${what}: never 429 in ${answers.length} attempts (${tally})`).to.be.at.least(0);
    expect(answers[first]!.code, what).to.equal('rate_limited');
    expect(answers[first]!.retryAfter, `${what}: Retry-After`).to.match(/^\d+$/);
  }

  it('when 300 random codes are tried with one phone, then 429 rate_limited with Retry-After before the end', async () => {
    const from = '192.0.2.10';
    const phone = '13800000100';
    expect((await book(phone, from)).status).to.equal(201);
    const answers = await attempts(300, from, () =>
      fetch(`${server.url}/api/bookings/${randomCode()}?phone=${phone}`, { headers: { 'x-forwarded-for': from } }),
    );
    expectLimited(answers, 'codes guessed for one phone');
  });

  it('when 300 phones are tried for one known code, then 429 rate_limited with Retry-After before the end', async () => {
    const from = '192.0.2.20';
    const booking = await book('13800000200', from);
    expect(booking.status).to.equal(201);
    const answers = await attempts(300, from, () =>
      fetch(`${server.url}/api/bookings/${booking.code}?phone=${randomPhone()}`, { headers: { 'x-forwarded-for': from } }),
    );
    expectLimited(answers, 'phones guessed for one code');
  });

  it('when 50 cancellations are tried with guessed phones, then 429 rate_limited with Retry-After before the end', async () => {
    const from = '192.0.2.30';
    const booking = await book('13800000300', from);
    expect(booking.status).to.equal(201);
    const answers = await attempts(50, from, () =>
      fetch(`${server.url}/api/bookings/${booking.code}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
        body: JSON.stringify({ phone: randomPhone() }),
      }),
    );
    expectLimited(answers, 'cancellations with guessed phones');
  });

  it('when one address books 60 times with 60 phones, then 429 rate_limited before all 60 places are taken', async () => {
    const from = '192.0.2.40';
    const answers: Awaited<ReturnType<typeof book>>[] = [];
    for (let i = 0; i < 60; i++) answers.push(await book(phoneNumber(7000 + i, '158'), from, botSessionId));
    const confirmed = answers.filter((a) => a.status === 201).length;
    const limited = answers.filter((a) => a.status === 429 && a.error === 'rate_limited');
    expect(
      limited.length,
      `bot: ${confirmed} confirmed, answers ${[...new Set(answers.map((a) => `${a.status} ${a.error ?? ''}`))].join(', ')}`,
    ).to.be.greaterThan(0);
    expect(confirmed, 'places the bot took').to.be.below(60);
  });
});
