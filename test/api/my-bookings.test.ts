import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { freshPhone, provePhone } from '../helpers/phones.js';
import { signedIn } from '../helpers/staff.js';

const DURING_CHECKIN = '2027-05-22T00:45:00Z';
const people = (n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `家人${i + 1}`, idNumber: makeIdNumber('140105', '1985-03-12', seed + i) }));
let seed = 300;

describe('my bookings, with a proven phone', () => {
  let h: LoggedHarness;
  afterEach(async () => h?.close());

  async function world(capacity = 10) {
    const edition = await createEdition(h.db, { rules: { verifyPhone: true } });
    const lab = await createVenue(h.db, { kind: 'lab', realNameRequired: true });
    const base = await createVenue(h.db, { kind: 'science_base', realNameRequired: false });
    const session = await createSession(h.db, { edition, venue: lab, capacity });
    const other = await createSession(h.db, { edition, venue: base, capacity: 2, from: '14:00', to: '15:00' });
    return { edition, lab, session, other };
  }

  async function book(token: string, phone: string, sessionId: number, visitors: { name: string; idNumber?: string }[]) {
    const res = await h.http.post('/api/bookings', { sessionId, contact: { name: '王芳', phone }, visitors }, { 'Phone-Token': token });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { code: string; qr: { token: string }; pass: string };
  }

  const booked = async (sessionId: number) =>
    Number((await h.db.sql.first<{ booked: unknown }>('SELECT booked FROM sessions WHERE id = :id', { id: sessionId }))!.booked);

  it('when a phone is proven, then its bookings and waiting-list entries are listed with their pass links', async () => {
    h = await startLoggedHarness();
    const { session, other } = await world();
    const phone = freshPhone();
    const token = await provePhone(h, phone);
    const first = await book(token, phone, session.id, people(3, (seed += 10)));
    expect(first.pass).to.match(new RegExp(`^/bookings/${first.code}\\?key=`));
    const otherPhone = freshPhone();
    await book(await provePhone(h, otherPhone), otherPhone, other.id, [{ name: '甲' }, { name: '乙' }]);
    const join = await h.http.post(
      `/api/sessions/${other.id}/waitlist`,
      { contact: { name: '王芳', phone }, visitors: [{ name: '王芳' }] },
      { 'Phone-Token': token },
    );
    expect(join.status).to.equal(201);
    expect(join.body.venue.name).to.be.a('string');
    expect(join.body.session.startsAt).to.match(/T14:00:00\+08:00$/);

    const mine = await h.http.get('/api/my/bookings', { 'Phone-Token': token });
    expect(mine.status).to.equal(200);
    expect(mine.body.phone).to.equal(`139****${phone.slice(-4)}`);
    expect(mine.body.bookings.map((b: { code: string }) => b.code)).to.deep.equal([first.code]);
    expect(mine.body.bookings[0].visitors.map((v: { position: number }) => v.position)).to.deep.equal([0, 1, 2]);
    expect(mine.body.waitlist).to.have.length(1);
    expect(mine.body.waitlist[0]).to.include({ status: 'waiting', position: 1, partySize: 1 });
    expect((await h.http.get('/api/my/bookings')).status).to.equal(401);
  });

  it('when one visitor is removed, then one place goes back, the person is free again and the QR still admits the rest', async () => {
    h = await startLoggedHarness();
    const { session } = await world();
    const phone = freshPhone();
    const token = await provePhone(h, phone);
    const party = people(3, (seed += 10));
    const b = await book(token, phone, session.id, party);
    expect(await booked(session.id)).to.equal(3);
    const res = await h.http.post(`/api/my/bookings/${b.code}/visitors/1/remove`, {}, { 'Phone-Token': token });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.partySize).to.equal(2);
    expect(res.body.visitors.map((v: { position: number }) => v.position)).to.deep.equal([0, 2]);
    expect(res.body.qr.token).to.equal(b.qr.token);
    expect(await booked(session.id)).to.equal(2);
    // The removed visitor may be booked again by someone else.
    const friend = freshPhone();
    await book(await provePhone(h, friend), friend, session.id, [party[1]!]);

    const again = await h.http.post(`/api/my/bookings/${b.code}/visitors/1/remove`, {}, { 'Phone-Token': token });
    expect(again.status).to.equal(404);
    expect(again.body.error.code).to.equal('no_visitor');
    expect((await h.http.post(`/api/my/bookings/${b.code}/visitors/0/remove`, {}, { 'Phone-Token': token })).status).to.equal(200);
    const last = await h.http.post(`/api/my/bookings/${b.code}/visitors/2/remove`, {}, { 'Phone-Token': token });
    expect(last.status).to.equal(422);
    expect(last.body.error.code).to.equal('last_visitor');
    expect(await booked(session.id)).to.equal(2);

    h.clock.set(DURING_CHECKIN);
    const door = await signedIn(h, 'organiser');
    const scan = await h.http.post('/api/checkins', { token: b.qr.token }, door.headers);
    expect(scan.body).to.include({ result: 'admitted', partySize: 1, admitted: 1 });
  });

  it('when the party was admitted, the booking is not this phone’s, or it is cancelled, then refused and nothing changes', async () => {
    h = await startLoggedHarness();
    const { session } = await world();
    const phone = freshPhone();
    const token = await provePhone(h, phone);
    const b = await book(token, phone, session.id, people(2, (seed += 10)));
    const c = await book(token, phone, session.id, people(2, (seed += 10)));
    const stranger = await provePhone(h, freshPhone());
    const theirs = await h.http.post(`/api/my/bookings/${b.code}/visitors/1/remove`, {}, { 'Phone-Token': stranger });
    expect(theirs.status).to.equal(404);
    expect((await h.http.post(`/api/my/bookings/${b.code}/cancel`, {}, { 'Phone-Token': stranger })).status).to.equal(404);

    const cancelled = await h.http.post(`/api/my/bookings/${c.code}/cancel`, {}, { 'Phone-Token': token });
    expect(cancelled.body.status).to.equal('cancelled');
    const gone = await h.http.post(`/api/my/bookings/${c.code}/visitors/1/remove`, {}, { 'Phone-Token': token });
    expect(gone.status).to.equal(409);
    expect(gone.body.error.code).to.equal('booking_cancelled');

    h.clock.set(DURING_CHECKIN);
    const door = await signedIn(h, 'organiser');
    expect((await h.http.post('/api/checkins', { token: b.qr.token }, door.headers)).status).to.equal(200);
    h.clock.set('2027-05-22T00:50:00Z');
    const admitted = await h.http.post(`/api/my/bookings/${b.code}/visitors/1/remove`, {}, { 'Phone-Token': await provePhone(h, phone) });
    expect(admitted.status).to.equal(409);
    expect(admitted.body.error.code).to.equal('visitor_admitted');
    expect(await booked(session.id)).to.equal(2);
  });

  it('when a removed visitor frees a place in a full session, then the waiting list is offered it', async () => {
    h = await startLoggedHarness();
    const { other } = await world();
    const phone = freshPhone();
    const token = await provePhone(h, phone);
    const b = await book(token, phone, other.id, [{ name: '甲' }, { name: '乙' }]);
    const waiter = freshPhone();
    const wt = await provePhone(h, waiter);
    const join = await h.http.post(
      `/api/sessions/${other.id}/waitlist`,
      { contact: { name: '李', phone: waiter }, visitors: [{ name: '李' }] },
      { 'Phone-Token': wt },
    );
    expect(join.body.status).to.equal('waiting');
    await h.http.post(`/api/my/bookings/${b.code}/visitors/0/remove`, {}, { 'Phone-Token': token });
    const mine = await h.http.get('/api/my/bookings', { 'Phone-Token': wt });
    expect(mine.body.waitlist[0]).to.include({ status: 'offered', offerMinutes: 120 });
    expect(mine.body.waitlist[0].offerExpiresAt).to.be.a('string');
    const confirmed = await h.http.post(`/api/my/waitlist/${join.body.id}/confirm`, {}, { 'Phone-Token': wt });
    expect(confirmed.status).to.equal(200);
    expect(confirmed.body.qr.token).to.be.a('string');
    expect(confirmed.body.pass).to.match(/^\/bookings\//);
  });
});
