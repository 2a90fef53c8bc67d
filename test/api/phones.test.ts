import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { codeFromLog, freshPhone, provePhone } from '../helpers/phones.js';

const MINUTE = 60_000;

describe('proving a phone with a one-time code', () => {
  let h: LoggedHarness;
  afterEach(async () => h?.close());

  const ask = (phone: string) => h.http.post('/api/phone/codes', { phone });
  const verify = (phone: string, code: string) => h.http.post('/api/phone/verify', { phone, code });
  const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('when the code from the text message is typed back, then a phone token (and a cookie) that proves the phone', async () => {
    h = await startLoggedHarness();
    const phone = freshPhone();
    const sent = await ask(phone);
    expect(sent.status).to.equal(201);
    expect(sent.body).to.include({ phone: '139****' + phone.slice(-4), ttlMinutes: 5 });
    const code = codeFromLog(h.lines, phone)!;
    expect(code).to.match(/^\d{6}$/);
    // The outbox keeps no code once it has left.
    const row = await h.db.sql.first<{ payload: string; status: string }>("SELECT payload, status FROM notifications WHERE template = 'phone_code'");
    expect(row).to.deep.include({ status: 'sent', payload: '{}' });
    const stored = await h.db.sql.first<{ code_hash: string }>('SELECT code_hash FROM phone_codes');
    expect(stored!.code_hash).to.not.include(code);

    const res = await verify(phone, code);
    expect(res.status).to.equal(200);
    expect(res.body.token).to.match(/^ph1\./);
    expect(res.headers.get('set-cookie')).to.match(/openday_phone=ph1\.[^;]+;.*httponly/i);
    const me = await h.http.get('/api/phone', { 'Phone-Token': res.body.token });
    expect(me.status).to.equal(200);
    expect(me.body.phone).to.equal(`139****${phone.slice(-4)}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await h.http.get('/api/phone', { cookie })).status).to.equal(200);
    expect((await h.http.get('/api/phone')).body.error.code).to.equal('phone_not_verified');
  });

  it('when a code is wrong, then tries are counted; after 5 even the right code is refused', async () => {
    h = await startLoggedHarness();
    const phone = freshPhone();
    await ask(phone);
    const code = codeFromLog(h.lines, phone)!;
    const first = await verify(phone, wrong(code));
    expect(first.status).to.equal(422);
    expect(first.body.error).to.deep.include({ code: 'code_wrong', details: { attemptsLeft: 4 } });
    for (let i = 0; i < 4; i++) expect((await verify(phone, wrong(code))).body.error.code).to.equal('code_wrong');
    const sixth = await verify(phone, code);
    expect(sixth.status).to.equal(429);
    expect(sixth.body.error.code).to.equal('code_attempts_exceeded');
  });

  it('when a code is late, used twice, replaced, or typed for another phone, then refused with its own code', async () => {
    h = await startLoggedHarness();
    const [a, b, c] = [freshPhone(), freshPhone(), freshPhone()];
    await ask(a);
    const codeA = codeFromLog(h.lines, a)!;
    expect((await verify(b, codeA)).body.error.code).to.equal('code_not_requested');
    await ask(b);
    const codeB = codeFromLog(h.lines, b)!;
    if (codeB !== codeA) expect((await verify(b, codeA)).body.error.code).to.equal('code_wrong');
    expect((await verify(a, codeA)).status).to.equal(200);
    const again = await verify(a, codeA);
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('code_used');

    await ask(c);
    const old = codeFromLog(h.lines, c)!;
    h.clock.advance(MINUTE);
    await ask(c);
    const fresh = codeFromLog(h.lines, c)!;
    if (fresh !== old) expect((await verify(c, old)).body.error.code).to.equal('code_wrong');
    h.clock.advance(5 * MINUTE);
    const late = await verify(c, fresh);
    expect(late.status).to.equal(422);
    expect(late.body.error.code).to.equal('code_expired');
    expect((await verify(c, 'abc')).status).to.equal(400);
  });

  it('when codes are asked for too often, then 429: a minute apart per phone, a few an hour per phone and per address', async () => {
    h = await startLoggedHarness(undefined, { limits: { enabled: true, overrides: { 'code.ip': { points: 6, seconds: 3600 } } } });
    const phone = freshPhone();
    expect((await ask(phone)).status).to.equal(201);
    const soon = await ask(phone);
    expect(soon.status).to.equal(429);
    expect(soon.body.error.code).to.equal('rate_limited');
    // Every attempt counts against the address, refused or not: 2 so far, 4 more, then refused for any phone.
    for (let i = 0; i < 4; i++) expect((await ask(freshPhone())).status).to.equal(201);
    const blocked = await ask(freshPhone());
    expect(blocked.status).to.equal(429);
    expect(blocked.body.error.details.retryAfterSeconds).to.be.greaterThan(60);
  });

  it('when one phone is sent codes again and again, then its hourly allowance ends it', async () => {
    // The limits count in real time: the minute between sends is lifted here to reach the hourly one.
    h = await startLoggedHarness(undefined, {
      limits: { enabled: true, overrides: { 'code.resend': { points: 100, seconds: 60 }, 'code.phone': { points: 3, seconds: 3600 } } },
    });
    const phone = freshPhone();
    for (let i = 0; i < 3; i++) expect((await ask(phone)).status).to.equal(201);
    expect((await ask(phone)).status).to.equal(429);
    expect((await ask(freshPhone())).status).to.equal(201);
  });

  it('when wrong codes are typed for one phone again and again, then 429 before the code is even compared', async () => {
    h = await startLoggedHarness(undefined, { limits: { enabled: true, overrides: { 'verify.phone': { points: 3, seconds: 3600 } } } });
    const phone = freshPhone();
    await ask(phone);
    const code = codeFromLog(h.lines, phone)!;
    for (let i = 0; i < 3; i++) expect((await verify(phone, wrong(code))).status).to.equal(422);
    expect((await verify(phone, code)).status).to.equal(429);
  });

  describe('the phone token', () => {
    async function world(rules: { verifyPhone?: boolean } = { verifyPhone: true }) {
      const edition = await createEdition(h.db, { rules });
      const venue = await createVenue(h.db, { kind: 'science_base', realNameRequired: false });
      const session = await createSession(h.db, { edition, venue, capacity: 10 });
      return { session };
    }
    const booking = (sessionId: number, phone: string) => ({ sessionId, contact: { name: '王芳', phone }, visitors: [{ name: '王芳' }] });

    it('when the edition wants a proven phone, then booking needs the token of the contact phone', async () => {
      h = await startLoggedHarness();
      const { session } = await world();
      const phone = freshPhone();
      const none = await h.http.post('/api/bookings', booking(session.id, phone));
      expect(none.status).to.equal(401);
      expect(none.body.error.code).to.equal('phone_not_verified');
      const token = await provePhone(h, phone);
      const other = await h.http.post('/api/bookings', booking(session.id, freshPhone()), { 'Phone-Token': token });
      expect(other.status).to.equal(403);
      expect(other.body.error.code).to.equal('phone_mismatch');
      const ok = await h.http.post('/api/bookings', booking(session.id, phone), { 'Phone-Token': token });
      expect(ok.status).to.equal(201);
      const { booked } = (await h.db.sql.first<{ booked: unknown }>('SELECT booked FROM sessions WHERE id = :id', { id: session.id }))!;
      expect(Number(booked)).to.equal(1); // the refused attempts took nothing
      const join = await h.http.post(`/api/sessions/${session.id}/waitlist`, { contact: { name: '王芳', phone: freshPhone() }, visitors: [{ name: '王芳' }] });
      expect(join.body.error.code).to.equal('phone_not_verified');
    });

    it('when a token is forged, altered, malformed, or expired, then 401 with its own code and nothing written', async () => {
      h = await startLoggedHarness();
      const { session } = await world({ verifyPhone: false });
      const phone = freshPhone();
      const token = await provePhone(h, phone);
      const [v, p64, exp, sig] = token.split('.') as [string, string, string, string];
      const otherPhone = freshPhone();
      const forgedPhone = [v, Buffer.from(otherPhone).toString('base64url'), exp, sig].join('.');
      const longer = [v, p64, (parseInt(exp, 36) + 86_400).toString(36), sig].join('.');
      const flipped = [v, p64, exp, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)].join('.');
      for (const bad of [forgedPhone, longer, flipped]) {
        const res = await h.http.post('/api/bookings', booking(session.id, otherPhone), { 'Phone-Token': bad });
        expect(res.status, bad).to.equal(401);
        expect(res.body.error).to.deep.include({ code: 'phone_token_invalid', details: { problem: 'bad_signature' } });
      }
      const junk = await h.http.get('/api/phone', { 'Phone-Token': 'not-a-token' });
      expect(junk.body.error).to.deep.include({ code: 'phone_token_invalid', details: { problem: 'malformed' } });
      const viaCookie = await h.http.get('/api/phone', { cookie: `openday_phone=${flipped}` });
      expect(viaCookie.status).to.equal(401);

      h.clock.advance(121 * MINUTE);
      const expired = await h.http.post('/api/bookings', booking(session.id, phone), { 'Phone-Token': token });
      expect(expired.status).to.equal(401);
      expect(expired.body.error.code).to.equal('phone_token_expired');
      const n = await h.db.sql.first<{ n: unknown }>('SELECT COUNT(*) AS n FROM bookings');
      expect(Number(n!.n)).to.equal(0);
      // Without any token, an edition that does not ask for proof still takes the booking.
      expect((await h.http.post('/api/bookings', booking(session.id, phone))).status).to.equal(201);
    });
  });
});
