import { expect } from 'chai';
import { createTokenSigner } from '../../src/modules/bookings/qr-token.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';
import { sessionRow } from '../helpers/rows.js';

const PHONE = '13812345678';
// Sessions start 2027-05-22 09:00 in Shanghai (01:00Z); check-in opens 30 minutes before.
const DURING_CHECKIN = '2027-05-22T00:45:00Z';

describe('door check-in', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world(partySize = 3) {
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: 20 });
    const res = await h.http.post('/api/bookings', {
      sessionId: session.id,
      contact: { name: '王建国', phone: PHONE },
      visitors: Array.from({ length: partySize }, (_, i) => ({ name: `访客${i}` })),
    });
    expect(res.status).to.equal(201);
    // Staff sign in on the day: their tokens last 12 hours.
    h.clock.set(DURING_CHECKIN);
    const door = await signedIn(h, 'door_staff', [venue.id]);
    return { edition, venue, session, door, code: res.body.code as string, token: res.body.qr.token as string };
  }

  const scan = (staff: Staff, body: Record<string, unknown>) => h.http.post('/api/checkins', body, staff.headers);

  async function scans(): Promise<{ result: string; gate: string | null }[]> {
    const rows = await h.db.sql.select<{ details: string }>("SELECT details FROM audit_log WHERE action = 'checkin.scan' ORDER BY id");
    return rows.map((r) => JSON.parse(r.details) as { result: string; gate: string | null });
  }

  it('when a valid QR is scanned during check-in time, then 200 admitted with party size, masked names and times', async () => {
    h = await startHarness();
    const w = await world(3);
    h.clock.set(DURING_CHECKIN);
    const res = await scan(w.door, { token: w.token, gate: 'east' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ result: 'admitted', code: w.code, partySize: 3, admitted: 3 });
    expect(res.body.message).to.include('准予入场').and.include('Admitted');
    expect(res.body.visitors).to.deep.equal(['访*0', '访*1', '访*2']);
    expect(res.body.session).to.include({ startsAt: '2027-05-22T09:00:00+08:00', endsAt: '2027-05-22T10:30:00+08:00' });
    expect(await scans()).to.deep.equal([{ result: 'admitted', method: 'token', gate: 'east', admitted: 3 }]);
  });

  it('when scanned a second time, then 409 already_checked_in with when and by whom', async () => {
    h = await startHarness();
    const w = await world();
    h.clock.set(DURING_CHECKIN);
    await scan(w.door, { token: w.token });
    h.clock.advance(60_000);
    const again = await scan(w.door, { token: w.token });
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('already_checked_in');
    expect(again.body.error.details).to.deep.include({ checkedInAt: '2027-05-22T08:45:00+08:00', by: w.door.username, admitted: 3 });
    expect((await scans()).map((s) => s.result)).to.deep.equal(['admitted', 'already_checked_in']);
  });

  it('when 50 scans of one code arrive at once, then exactly one is admitted and the rest are already_checked_in', async () => {
    h = await startHarness();
    const w = await world();
    h.clock.set(DURING_CHECKIN);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => scan(w.door, i % 2 ? { token: w.token } : { code: w.code })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).to.have.length(1);
    expect(statuses.filter((s) => s === 409)).to.have.length(49);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).to.equal('already_checked_in');
    const [row] = await h.db.sql.select<{ n: number | string }>('SELECT COUNT(*) AS n FROM checkins');
    expect(Number(row!.n)).to.equal(1);
    expect(await scans()).to.have.length(50);
  });

  it('when staff of another venue scan it, then 403 wrong_venue revealing nothing about the booking', async () => {
    h = await startHarness();
    const w = await world();
    const elsewhere = await createVenue(h.db);
    const otherDoor = await signedIn(h, 'door_staff', [elsewhere.id]);
    h.clock.set(DURING_CHECKIN);
    const res = await scan(otherDoor, { token: w.token });
    expect(res.status).to.equal(403);
    expect(res.body.error.code).to.equal('wrong_venue');
    expect(res.body.error.details).to.deep.equal({});
    expect(JSON.stringify(res.body)).to.not.include(w.code);
    // The right door can still admit it.
    expect((await scan(w.door, { token: w.token })).status).to.equal(200);
  });

  it('when too early or after the end, then 422 not_checkin_time with the session’s times', async () => {
    h = await startHarness();
    const w = await world();
    h.clock.set('2027-05-22T00:29:59Z'); // 08:29:59, opens 08:30
    const early = await scan(w.door, { code: w.code });
    expect(early.status).to.equal(422);
    expect(early.body.error.code).to.equal('not_checkin_time');
    expect(early.body.error.details).to.deep.equal({
      startsAt: '2027-05-22T09:00:00+08:00',
      endsAt: '2027-05-22T10:30:00+08:00',
      opensAt: '2027-05-22T08:30:00+08:00',
      closesAt: '2027-05-22T10:30:00+08:00',
    });
    h.clock.set('2027-05-22T02:30:01Z'); // 10:30:01
    expect((await scan(w.door, { code: w.code })).body.error.code).to.equal('not_checkin_time');
    h.clock.set('2027-05-22T02:30:00Z');
    expect((await scan(w.door, { code: w.code })).status).to.equal(200);
  });

  it('when the edition configures another check-in window, then it applies', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db, { rules: { checkinOpensMinutesBefore: 60, checkinClosesMinutesAfterEnd: 15 } });
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue });
    const booking = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '李雷', phone: PHONE }, visitors: [{ name: '李雷' }] });
    h.clock.set('2027-05-22T02:45:00Z'); // 10:45, 15 minutes after the end
    const door = await signedIn(h, 'door_staff', [venue.id]);
    expect((await scan(door, { code: booking.body.code })).status).to.equal(200);
  });

  it('when the booking was cancelled, then 410 booking_cancelled and its token no longer admits', async () => {
    h = await startHarness();
    const w = await world();
    await h.http.post(`/api/bookings/${w.code}/cancel`, { phone: PHONE });
    const res = await scan(w.door, { token: w.token });
    expect(res.status).to.equal(410);
    expect(res.body.error.code).to.equal('booking_cancelled');
  });

  it('when the token is garbage, forged or signed with an unknown key, then 400 invalid_token', async () => {
    h = await startHarness();
    const w = await world();
    h.clock.set(DURING_CHECKIN);
    const forged = createTokenSigner([{ id: 'dev1', secret: 'x'.repeat(40) }]).issue({ code: w.code, sessionId: w.session.id });
    const unknownKey = createTokenSigner([{ id: 'zz9', secret: 'x'.repeat(40) }]).issue({ code: w.code, sessionId: w.session.id });
    const swapped = w.token.replace(`.${w.session.id.toString(36)}.`, `.${(w.session.id + 1).toString(36)}.`);
    for (const token of ['hello', forged, unknownKey, swapped, w.token.slice(0, -1)]) {
      const res = await scan(w.door, { token });
      expect(res.status, token).to.equal(400);
      expect(res.body.error.code).to.equal('invalid_token');
    }
    expect((await scans()).every((s) => s.result === 'invalid_token')).to.equal(true);
  });

  it('when fewer people arrive than booked, then only they are admitted; more than booked is refused', async () => {
    h = await startHarness();
    const w = await world(3);
    h.clock.set(DURING_CHECKIN);
    const tooMany = await scan(w.door, { code: w.code, admitted: 4 });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.body.error.details.fields[0].field).to.equal('admitted');
    const res = await scan(w.door, { code: w.code.toLowerCase(), admitted: 2 });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ partySize: 3, admitted: 2 });
  });

  it('when a typed code does not exist, then 404; when the body is wrong, then 400', async () => {
    h = await startHarness();
    const w = await world();
    expect((await scan(w.door, { code: 'ABCDEFGH' })).status).to.equal(404);
    expect((await scan(w.door, {})).status).to.equal(400);
    expect((await scan(w.door, { code: w.code, token: w.token })).status).to.equal(400);
    expect((await scan(w.door, { code: 'O0I1L' })).status).to.equal(400);
  });

  it('when nobody is signed in, then 401; a venue manager and an organiser may scan too', async () => {
    h = await startHarness();
    const w = await world();
    h.clock.set(DURING_CHECKIN);
    expect((await h.http.post('/api/checkins', { token: w.token })).status).to.equal(401);
    const organiser = await signedIn(h, 'organiser');
    expect((await scan(organiser, { token: w.token })).status).to.equal(200);
  });

  it('when the family tries to cancel after check-in, then 409 already_checked_in and the places stay taken', async () => {
    h = await startHarness();
    const w = await world(2);
    h.clock.set(DURING_CHECKIN);
    await scan(w.door, { code: w.code });
    const res = await h.http.post(`/api/bookings/${w.code}/cancel`, { phone: PHONE });
    expect(res.status).to.equal(409);
    expect(res.body.error.code).to.equal('already_checked_in');
    expect((await sessionRow(h.db, w.session.id))!.booked).to.equal(2);
  });
});
