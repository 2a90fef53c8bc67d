// The door as it really is: admission per visitor (2 + 1), exactly once under racing scans with overlapping
// selections, finding a booking without its code, undo, Ed25519 keys, and offline sync (idempotent, conflicts).
import { expect } from 'chai';
import { createPublicKey, verify } from 'node:crypto';
import { createTokenSigner } from '../../src/modules/bookings/qr-token.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { validIdNumber } from '../helpers/id-numbers.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const DURING_CHECKIN = '2027-05-22T00:45:00Z'; // 08:45 in Shanghai; the session runs 09:00–10:30
let phoneSeq = 0;

describe('the door: per-visitor admission, find, undo, offline sync', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world(opts: { partySize?: number; limits?: boolean } = {}) {
    h = await startHarness(undefined, opts.limits ? { limits: { enabled: true, overrides: { 'door.find': { points: 3, seconds: 600 } } } } : {});
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'lab' });
    const session = await createSession(h.db, { edition, venue, capacity: 50 });
    // Families book before the day (the clock goes back for it, then forward again).
    const book = async (names: string[], phone = `1390000${String(++phoneSeq).padStart(4, '0')}`, idNumbers?: string[]) => {
      const then = h.clock.now();
      h.clock.set('2027-05-10T02:00:00Z');
      const res = await h.http.post('/api/bookings', {
        sessionId: session.id,
        contact: { name: names[0], phone },
        visitors: names.map((name, i) => ({ name, idNumber: idNumbers?.[i] ?? validIdNumber(++phoneSeq * 7) })),
      });
      h.clock.set(then);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return { code: res.body.code as string, token: res.body.qr.token as string, phone };
    };
    const family = await book(Array.from({ length: opts.partySize ?? 3 }, (_, i) => `张${'一二三四五六七'[i]}雨`));
    h.clock.set(DURING_CHECKIN);
    const door = await signedIn(h, 'door_staff', [venue.id]);
    return { edition, venue, session, door, family, book };
  }

  const post = (staff: Staff, path: string, body: unknown) => h.http.post(path, body, staff.headers);
  const admissions = async () => Number((await h.db.sql.first<{ n: unknown }>('SELECT COUNT(*) AS n FROM admissions WHERE active_slot IS NOT NULL'))!.n);
  const checkedIn = async () => Number((await h.db.sql.first<{ n: unknown }>('SELECT COALESCE(SUM(admitted), 0) AS n FROM checkins'))!.n);

  it('when a family of 3 comes 2 + 1, then the lookup lists each visitor masked with ID tail and age, and each arrival is admitted once', async () => {
    const w = await world();
    const look = await post(w.door, '/api/checkins/lookup', { token: w.family.token });
    expect(look.status).to.equal(200);
    expect(look.body).to.include({ partySize: 3, admitted: 0, expected: 3 });
    expect(look.body.checkin.open).to.equal(true);
    const [a, b, c] = look.body.visitors as { id: number; name: string; idTail: string; age: number; state: string }[];
    expect(a).to.include({ name: '张*雨', state: 'expected' });
    expect(a!.idTail).to.match(/^\d{3}[\dX]$/);
    expect(a!.age).to.be.within(20, 60);
    expect(JSON.stringify(look.body)).to.not.match(/\d{17}[\dX]/);

    const first = await post(w.door, '/api/checkins', { token: w.family.token, visitorIds: [a!.id, c!.id], gate: '东门' });
    expect(first.status).to.equal(200);
    expect(first.body).to.include({ admitted: 2, admittedTotal: 2, expected: 1 });
    expect(first.body.message).to.include('待入场 1 人');
    expect(first.body.party.map((v: { state: string }) => v.state)).to.deep.equal(['admitted', 'expected', 'admitted']);
    expect(first.body.party[0].admission.gate).to.equal('东门');

    h.clock.advance(20 * 60_000);
    const late = await post(w.door, '/api/checkins', { code: w.family.code, gate: '西门' });
    expect(late.status).to.equal(200);
    expect(late.body).to.include({ admitted: 1, admittedTotal: 3, expected: 0 });
    expect(late.body.admittedNow).to.deep.equal([1]);
    expect(late.body.party[1]).to.deep.include({ id: b!.id, state: 'admitted' });
    expect(late.body.party[1].admission.gate).to.equal('西门');

    const again = await post(w.door, '/api/checkins', { code: w.family.code });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('already_checked_in');
    expect(again.body.error.details).to.include({ admitted: 3, expected: 0 });
    expect(await checkedIn()).to.equal(3);
    // The live view counts visitors, not parties.
    const live = await h.http.get('/api/reports/live', w.door.headers);
    expect(live.body.totals.admitted).to.equal(3);
  });

  it('when 50 scans with overlapping selections race, then each visitor is admitted exactly once', async () => {
    const w = await world({ partySize: 5 });
    const ids = ((await post(w.door, '/api/checkins/lookup', { code: w.family.code })).body.visitors as { id: number }[]).map((v) => v.id);
    const bodies = Array.from({ length: 50 }, (_, i) => ({
      ...(i % 2 ? { token: w.family.token } : { code: w.family.code }),
      ...(i % 5 === 4 ? {} : { visitorIds: ids.filter((_, j) => (i + j) % 3 !== 0) }),
    }));
    const results = await Promise.all(bodies.map((b) => post(w.door, '/api/checkins', b)));
    expect(
      results.every((r) => r.status === 200 || r.status === 409),
      JSON.stringify(results.map((r) => r.status)),
    ).to.equal(true);
    const admittedNow = results.filter((r) => r.status === 200).flatMap((r) => r.body.admittedNow as number[]);
    expect(admittedNow.sort()).to.deep.equal([0, 1, 2, 3, 4]);
    expect(await admissions()).to.equal(5);
    expect(await checkedIn()).to.equal(5);
  });

  it('when a cancelled booking or one outside check-in time is looked up, then the door hears it before ticking anyone', async () => {
    const w = await world();
    h.clock.set('2027-05-22T00:10:00Z'); // 08:10, opens 08:30
    expect((await post(w.door, '/api/checkins/lookup', { code: w.family.code })).body.error.code).to.equal('not_checkin_time');
    const gone = await w.book(['钱七']);
    await h.http.post(`/api/bookings/${gone.code}/cancel`, { phone: gone.phone });
    const res = await post(w.door, '/api/checkins/lookup', { code: gone.code });
    expect(res.status).to.equal(410);
    expect(res.body.error.code).to.equal('booking_cancelled');
  });

  it('when a visitor id of another party is sent, then 400 and nothing is admitted', async () => {
    const w = await world();
    const other = await w.book(['李四']);
    const otherId = (await post(w.door, '/api/checkins/lookup', { code: other.code })).body.visitors[0].id;
    const res = await post(w.door, '/api/checkins', { code: w.family.code, visitorIds: [otherId] });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.fields[0].field).to.equal('visitorIds');
    expect(await admissions()).to.equal(0);
  });

  it('when the family has no code, then staff find it by ID number or by phone and surname, today and at their venue only', async () => {
    const w = await world();
    const idNumber = validIdNumber(1000);
    const found = await w.book(['欧阳娜'], '13911112222', [idNumber]);
    const byId = await post(w.door, '/api/checkins/find', { idNumber: idNumber.slice(0, 6) + ' ' + idNumber.slice(6) });
    expect(byId.status, JSON.stringify(byId.body)).to.equal(200);
    expect(byId.body.items.map((i: { code: string }) => i.code)).to.deep.equal([found.code]);
    const byPhone = await post(w.door, '/api/checkins/find', { phone: '13911112222', surname: '欧阳' });
    expect(byPhone.body.items).to.have.length(1);
    expect((await post(w.door, '/api/checkins/find', { phone: '13911112222', surname: '王' })).body.items).to.have.length(0);
    const elsewhere = await signedIn(h, 'door_staff', [(await createVenue(h.db)).id]);
    expect((await post(elsewhere, '/api/checkins/find', { idNumber })).body.items).to.have.length(0);
    h.clock.advance(86_400_000);
    const tomorrow = await signedIn(h, 'door_staff', [w.venue.id]);
    expect((await post(tomorrow, '/api/checkins/find', { idNumber })).body.items).to.have.length(0);
    const audit = await h.db.sql.select<{ details: string }>("SELECT details FROM audit_log WHERE action = 'checkin.find'");
    expect(audit.map((a) => a.details).join()).to.not.include(idNumber.slice(6, 14));
    expect((await post(tomorrow, '/api/checkins/find', { idNumber: '123' })).status).to.equal(400);
  });

  it('when one staff account searches too often, then 429 rate_limited for that account only', async () => {
    const w = await world({ limits: true });
    for (let i = 0; i < 3; i++) expect((await post(w.door, '/api/checkins/find', { phone: '13900000000', surname: '王' })).status).to.equal(200);
    const refused = await post(w.door, '/api/checkins/find', { phone: '13900000000', surname: '王' });
    expect(refused.status).to.equal(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    const colleague = await signedIn(h, 'door_staff', [w.venue.id]);
    expect((await post(colleague, '/api/checkins/find', { phone: '13900000000', surname: '王' })).status).to.equal(200);
  });

  it('when an admission is undone by its staff within 10 minutes or by the manager the same day, then the visitor is expected again, audited with the reason', async () => {
    const w = await world();
    const first = await post(w.door, '/api/checkins', { code: w.family.code });
    const ids = (first.body.party as { admission: { id: number } }[]).map((v) => v.admission.id);
    expect((await post(w.door, '/api/checkins/undo', { admissionIds: [ids[0]] })).status).to.equal(400);
    const undone = await post(w.door, '/api/checkins/undo', { admissionIds: [ids[0]], reason: '点错了' });
    expect(undone.status).to.equal(200);
    expect(undone.body).to.include({ admitted: 2, expected: 1 });
    expect(await checkedIn()).to.equal(2);
    expect((await post(w.door, '/api/checkins/undo', { admissionIds: [ids[0]], reason: '再来' })).body.error.code).to.equal('admission_not_found');

    h.clock.advance(11 * 60_000);
    const late = await post(w.door, '/api/checkins/undo', { admissionIds: [ids[1]], reason: '太晚' });
    expect(late.status).to.equal(403);
    expect(late.body.error).to.deep.include({ code: 'undo_not_allowed', details: { reason: 'too_late' } });
    const colleague = await signedIn(h, 'door_staff', [w.venue.id]);
    expect((await post(colleague, '/api/checkins/undo', { admissionIds: [ids[1]], reason: '不是我' })).body.error.details.reason).to.equal('not_yours');
    const manager = await signedIn(h, 'venue_manager', [w.venue.id]);
    expect((await post(manager, '/api/checkins/undo', { admissionIds: [ids[1], ids[2]], reason: '家长说孩子没来' })).status).to.equal(200);
    expect(await checkedIn()).to.equal(0);
    const audit = await h.db.sql.select<{ details: string }>("SELECT details FROM audit_log WHERE action = 'checkin.undo' ORDER BY id");
    expect(audit.map((a) => JSON.parse(a.details).reason)).to.deep.equal(['点错了', '家长说孩子没来']);
    // Undone visitors can come in again.
    expect((await post(w.door, '/api/checkins', { code: w.family.code })).body.admitted).to.equal(3);
  });

  it('when a scanner reads the public keys, then they verify new tokens; old HMAC tokens still admit on the server', async () => {
    const w = await world();
    const keys = await h.http.get('/api/checkins/keys');
    expect(keys.status).to.equal(200);
    const [key] = keys.body.keys as { kid: string; x: string }[];
    expect(key).to.include({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
    const [version, kid, code, sid, sig] = w.family.token.split('.');
    expect([version, kid]).to.deep.equal(['od2', key!.kid]);
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key!.x }, format: 'jwk' });
    expect(verify(null, Buffer.from([version, kid, code, sid].join('.')), publicKey, Buffer.from(sig!, 'base64url'))).to.equal(true);
    const legacy = h.services.signer.issueLegacy({ code: w.family.code, sessionId: w.session.id });
    expect(legacy).to.match(/^od1\./);
    expect((await post(w.door, '/api/checkins', { token: legacy })).status).to.equal(200);
    const otherKey = createTokenSigner([{ id: kid!, secret: 'z'.repeat(40) }]).issue({ code: w.family.code, sessionId: w.session.id });
    expect((await post(w.door, '/api/checkins/lookup', { token: otherKey })).body.error.code).to.equal('invalid_token');
  });

  it('when the offline roster is prepared, then it holds codes, masked names, ID tails and ages but no full ID number or phone', async () => {
    const w = await world();
    const res = await h.http.get(`/api/checkins/roster?venueId=${w.venue.id}`, w.door.headers);
    expect(res.status).to.equal(200);
    expect(res.body.date).to.equal('2027-05-22');
    expect(res.body.sessions.map((s: { id: number }) => s.id)).to.deep.equal([w.session.id]);
    expect(res.body.bookings[0]).to.include({ code: w.family.code, partySize: 3 });
    const text = JSON.stringify(res.body);
    expect(text)
      .to.not.match(/\d{17}[\dX]/)
      .and.not.include(w.family.phone);
    expect(res.body.keys).to.have.length(1);
    const elsewhere = await signedIn(h, 'door_staff', [(await createVenue(h.db)).id]);
    expect((await h.http.get(`/api/checkins/roster?venueId=${w.venue.id}`, elsewhere.headers)).status).to.equal(403);
  });

  async function partyIds(w: Awaited<ReturnType<typeof world>>, code: string): Promise<number[]> {
    return ((await post(w.door, '/api/checkins/lookup', { code })).body.visitors as { id: number }[]).map((v) => v.id);
  }

  it('when a device syncs its queue twice, then the second time every entry is a duplicate and nothing changes', async () => {
    const w = await world();
    const second = await w.book(['王一', '王二']);
    const third = await w.book(['赵一']);
    const at = (m: number) => new Date(Date.parse(DURING_CHECKIN) - m * 60_000).toISOString();
    const batch = {
      deviceId: 'device-aaaa-1111',
      entries: [
        { seq: 1, token: w.family.token, scannedAt: at(10), gate: '东门' },
        { seq: 2, code: second.code, count: 2, scannedAt: at(8) },
        { seq: 3, code: third.code, visitorIds: await partyIds(w, third.code), scannedAt: at(5) },
      ],
    };
    const once = await post(w.door, '/api/checkins/sync', batch);
    expect(once.status).to.equal(200);
    expect(once.body.results.map((r: { result: string }) => r.result)).to.deep.equal(['accepted', 'accepted', 'accepted']);
    expect(await checkedIn()).to.equal(6);
    const twice = await Promise.all([post(w.door, '/api/checkins/sync', batch), post(w.door, '/api/checkins/sync', batch)]);
    for (const t of twice) expect(t.body.results.map((r: { result: string }) => r.result)).to.deep.equal(['duplicate', 'duplicate', 'duplicate']);
    expect(twice[0]!.body.results[0].first.result).to.equal('accepted');
    expect(await checkedIn()).to.equal(6);
    expect(await admissions()).to.equal(6);
    const gate = await h.db.sql.first<{ gate: string; device_id: string }>('SELECT gate, device_id FROM admissions WHERE device_seq = 1 LIMIT 1');
    expect(gate).to.deep.equal({ gate: '东门', device_id: 'device-aaaa-1111' });
  });

  it('when two devices admit the same visitor offline, then one admission stands (the earlier scan) and the later is a conflict shown to the manager', async () => {
    const w = await world({ partySize: 2 });
    const [v1] = await partyIds(w, w.family.code);
    const early = new Date(Date.parse(DURING_CHECKIN) - 6 * 60_000).toISOString();
    const later = new Date(Date.parse(DURING_CHECKIN) - 3 * 60_000).toISOString();
    const other = await signedIn(h, 'door_staff', [w.venue.id]);
    // The device with the later scan syncs first; the earlier one still takes the admission over.
    const b = await post(other, '/api/checkins/sync', {
      deviceId: 'device-bbbb',
      entries: [{ seq: 1, code: w.family.code, visitorIds: [v1], scannedAt: later, gate: '西门' }],
    });
    expect(b.body.results[0].result).to.equal('accepted');
    const a = await post(w.door, '/api/checkins/sync', {
      deviceId: 'device-aaaa',
      entries: [{ seq: 7, code: w.family.code, visitorIds: [v1], scannedAt: early, gate: '东门' }],
    });
    expect(a.body.results[0]).to.deep.include({ result: 'accepted', admitted: 0, conflicts: [{ visitorId: v1, stands: true }] });
    const c = await post(w.door, '/api/checkins/sync', {
      deviceId: 'device-cccc',
      entries: [{ seq: 1, code: w.family.code, visitorIds: [v1], scannedAt: later }],
    });
    expect(c.body.results[0]).to.deep.include({ result: 'conflict', admitted: 0 });
    expect(await admissions()).to.equal(1);
    expect(await checkedIn()).to.equal(1);
    const manager = await signedIn(h, 'venue_manager', [w.venue.id]);
    const list = await h.http.get(`/api/checkins/conflicts?venueId=${w.venue.id}`, manager.headers);
    expect(list.status).to.equal(200);
    expect(list.body.items).to.have.length(2);
    expect(list.body.items.map((i: { later: { deviceId: string } }) => i.later.deviceId).sort()).to.deep.equal(['device-bbbb', 'device-cccc']);
    expect(list.body.items[0].standing).to.include({ gate: '东门', deviceId: 'device-aaaa' });
    expect((await h.http.get(`/api/checkins/conflicts?venueId=${w.venue.id}`, w.door.headers)).status).to.equal(403);
  });

  it('when a sync batch holds malformed, forged and unknown entries, then each is invalid and the valid ones apply; an oversize batch is 413', async () => {
    const w = await world();
    const forged = createTokenSigner([{ id: 'zz', secret: 'q'.repeat(40) }]).issue({ code: w.family.code, sessionId: w.session.id });
    const now = new Date(DURING_CHECKIN).toISOString();
    const res = await post(w.door, '/api/checkins/sync', {
      deviceId: 'device-mixed-01',
      entries: [
        { seq: 1, token: forged, scannedAt: now },
        { seq: 2 },
        'junk',
        { seq: 3, code: 'ABCDEFGH', scannedAt: now },
        { seq: 4, code: w.family.code, scannedAt: now },
      ],
    });
    expect(res.status).to.equal(200);
    expect(res.body.results.map((r: { result: string }) => r.result)).to.deep.equal(['invalid', 'invalid', 'invalid', 'invalid', 'accepted']);
    expect(res.body.results[0].error.code).to.equal('invalid_token');
    expect(await checkedIn()).to.equal(3);
    const big = await post(w.door, '/api/checkins/sync', { deviceId: 'device-mixed-01', entries: Array.from({ length: 201 }, (_, i) => ({ seq: i + 10 })) });
    expect(big.status).to.equal(413);
    expect(await checkedIn()).to.equal(3);
  });
});
