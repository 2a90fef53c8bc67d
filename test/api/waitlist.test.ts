import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let phoneSeq = 0;
const nextPhone = () => `137${String(++phoneSeq).padStart(8, '0')}`;
const party = (size: number) => Array.from({ length: size }, (_, i) => ({ name: `家人${i + 1}` }));

describe('waiting list', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function fullSession(capacity = 4, sizes = [2, 2], opts: { from?: string; to?: string } = {}) {
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity, ...opts });
    const bookings: { code: string; phone: string }[] = [];
    for (const size of sizes) {
      const phone = nextPhone();
      const res = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '订票人', phone }, visitors: party(size) });
      expect(res.status).to.equal(201);
      bookings.push({ code: res.body.code, phone });
    }
    return { edition, venue, session, bookings };
  }

  async function join(sessionId: number, size: number, phone = nextPhone()) {
    const res = await h.http.post(`/api/sessions/${sessionId}/waitlist`, { contact: { name: '候补', phone }, visitors: party(size) });
    return { res, phone, id: res.body?.id as number };
  }

  async function counts(sessionId: number) {
    const [row] = await h.db.sql.select<{ booked: number; capacity: number; confirmed: number | string | null; offered: number | string | null }>(
      `SELECT s.booked, s.capacity,
              (SELECT SUM(party_size) FROM bookings WHERE session_id = s.id AND status = 'confirmed') AS confirmed,
              (SELECT SUM(party_size) FROM waitlist_entries WHERE session_id = s.id AND status = 'offered') AS offered
       FROM sessions s WHERE s.id = :sessionId`,
      { sessionId },
    );
    return { booked: Number(row!.booked), capacity: Number(row!.capacity), confirmed: Number(row!.confirmed ?? 0), offered: Number(row!.offered ?? 0) };
  }

  const status = async (id: number, phone: string) => (await h.http.get(`/api/waitlist/${id}?phone=${phone}`)).body;

  it('when a session is full, then families join in order and hold no places while waiting', async () => {
    h = await startHarness();
    const { session } = await fullSession();
    const a = await join(session.id, 2);
    const b = await join(session.id, 1);
    expect(a.res.status).to.equal(201);
    expect(a.res.body).to.include({ status: 'waiting', position: 1, partySize: 2 });
    expect(b.res.body).to.include({ status: 'waiting', position: 2 });
    expect(await counts(session.id)).to.deep.include({ booked: 4, offered: 0 });
  });

  it('when places are left, when the phone already waits, or the input is bad, then refused', async () => {
    h = await startHarness();
    const { session } = await fullSession(6, [2, 2]);
    const open = await join(session.id, 2);
    expect(open.res.status).to.equal(409);
    expect(open.res.body.error.code).to.equal('places_available');
    const big = await join(session.id, 3);
    expect(big.res.status).to.equal(201);
    const again = await join(session.id, 3, big.phone);
    expect(again.res.status).to.equal(409);
    expect(again.res.body.error.code).to.equal('already_waiting');
    const bad = await h.http.post(`/api/sessions/${session.id}/waitlist`, { contact: { name: '', phone: '123' }, visitors: [] });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).to.deep.equal(['contact.name', 'contact.phone', 'visitors']);
    expect((await h.http.get(`/api/waitlist/${big.id}?phone=13900000000`)).status, 'another phone sees nothing').to.equal(404);
  });

  it('when places free up, then the earliest party that fits whole is offered them and told so', async () => {
    h = await startHarness();
    const { session, bookings } = await fullSession(4, [2, 2]);
    const three = await join(session.id, 3);
    const two = await join(session.id, 2);
    await h.http.post(`/api/bookings/${bookings[0]!.code}/cancel`, { phone: bookings[0]!.phone });
    expect(await status(three.id, three.phone)).to.include({ status: 'waiting', position: 1 });
    const offered = await status(two.id, two.phone);
    expect(offered).to.include({ status: 'offered', position: null });
    expect(offered.offerExpiresAt).to.equal('2027-05-10T12:00:00+08:00'); // now (10:00) + 2 hours
    expect(await counts(session.id)).to.deep.equal({ booked: 4, capacity: 4, confirmed: 2, offered: 2 });
    const [msg] = await h.db.sql.select<{ template: string; phone: string }>("SELECT template, phone FROM notifications WHERE template = 'waitlist_offer'");
    expect(msg).to.deep.equal({ template: 'waitlist_offer', phone: two.phone });
  });

  it('when an offer is confirmed, then it becomes a booking with a QR code and the counts still add up', async () => {
    h = await startHarness();
    const { session, bookings } = await fullSession(4, [2, 2]);
    const w = await join(session.id, 2);
    await h.http.post(`/api/bookings/${bookings[1]!.code}/cancel`, { phone: bookings[1]!.phone });
    const res = await h.http.post(`/api/waitlist/${w.id}/confirm`, { phone: w.phone });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ status: 'confirmed', partySize: 2 });
    expect(res.body.qr.token).to.match(/^od2\./);
    expect(await status(w.id, w.phone)).to.include({ status: 'confirmed', bookingCode: res.body.code });
    expect(await counts(session.id)).to.deep.equal({ booked: 4, capacity: 4, confirmed: 4, offered: 0 });
    expect((await h.http.post(`/api/waitlist/${w.id}/confirm`, { phone: w.phone })).body.code, 'confirming twice answers the same booking').to.equal(
      res.body.code,
    );
  });

  it('when an offer is not confirmed in time, then it expires and passes on to the next party', async () => {
    h = await startHarness();
    const { session, bookings } = await fullSession(4, [2, 2]);
    const first = await join(session.id, 2);
    const second = await join(session.id, 2);
    await h.http.post(`/api/bookings/${bookings[0]!.code}/cancel`, { phone: bookings[0]!.phone });
    expect((await status(first.id, first.phone)).status).to.equal('offered');
    h.clock.advance(2 * 3600_000 + 1000);
    const late = await h.http.post(`/api/waitlist/${first.id}/confirm`, { phone: first.phone });
    expect(late.status).to.equal(422);
    expect(late.body.error.code).to.equal('offer_expired');
    const result = await h.services.waitlist.expireAndOffer();
    expect(result).to.deep.equal({ expired: 1, offered: 1 });
    expect((await status(first.id, first.phone)).status).to.equal('expired');
    expect((await status(second.id, second.phone)).status).to.equal('offered');
    expect(await counts(session.id)).to.deep.include({ booked: 4, confirmed: 2, offered: 2 });
    const templates = await h.db.sql.select<{ template: string }>('SELECT template FROM notifications WHERE phone = :p ORDER BY id', { p: first.phone });
    expect(templates.map((t) => t.template)).to.deep.equal(['waitlist_offer', 'offer_expired']);
  });

  it('when the session is close, then the offer lasts only until the booking cutoff', async () => {
    h = await startHarness('2027-05-22T00:00:00Z'); // 08:00 local
    const { session, bookings } = await fullSession(2, [2], { from: '10:00', to: '11:00' }); // cutoff 09:00
    const w = await join(session.id, 1);
    await h.http.post(`/api/bookings/${bookings[0]!.code}/cancel`, { phone: bookings[0]!.phone });
    expect((await status(w.id, w.phone)).offerExpiresAt).to.equal('2027-05-22T09:00:00+08:00');
  });

  it('when a family leaves while holding an offer, then the places go to the next', async () => {
    h = await startHarness();
    const { session, bookings } = await fullSession(4, [2, 2]);
    const first = await join(session.id, 2);
    const second = await join(session.id, 1);
    await h.http.post(`/api/bookings/${bookings[0]!.code}/cancel`, { phone: bookings[0]!.phone });
    // The first fits and takes both places; the second waits.
    expect((await status(second.id, second.phone)).status).to.equal('waiting');
    const left = await h.http.post(`/api/waitlist/${first.id}/leave`, { phone: first.phone });
    expect(left.body.status).to.equal('left');
    expect((await status(second.id, second.phone)).status).to.equal('offered');
    expect(await counts(session.id)).to.deep.include({ booked: 3, confirmed: 2, offered: 1 });
  });

  it('when a manager raises the capacity, then the queue is offered the new places', async () => {
    h = await startHarness();
    const { session } = await fullSession(4, [2, 2]);
    const w = await join(session.id, 2);
    await h.db.sql.run('UPDATE sessions SET capacity = 6 WHERE id = :id', { id: session.id });
    await h.services.placesFreed.emit(session.id);
    expect((await status(w.id, w.phone)).status).to.equal('offered');
  });

  it('when many cancellations race, then never overbooked, parties whole, and nobody who fits is left waiting', async () => {
    h = await startHarness();
    const sizes = Array.from({ length: 10 }, () => 2);
    const { session, bookings } = await fullSession(20, sizes);
    const queue: { id: number; phone: string; size: number }[] = [];
    for (const size of [3, 1, 2, 2, 3, 1, 2, 2, 3]) {
      const j = await join(session.id, size);
      expect(j.res.status).to.equal(201);
      queue.push({ id: j.id, phone: j.phone, size });
    }
    const results = await Promise.all(bookings.slice(0, 6).map((b) => h.http.post(`/api/bookings/${b.code}/cancel`, { phone: b.phone })));
    for (const r of results) expect(r.status).to.equal(200);
    await h.services.waitlist.expireAndOffer();
    const c = await counts(session.id);
    expect(c.booked).to.be.at.most(c.capacity);
    expect(c.booked).to.equal(c.confirmed + c.offered);
    const entries = await h.db.sql.select<{ id: number; status: string; party_size: number }>(
      'SELECT id, status, party_size FROM waitlist_entries WHERE session_id = :s ORDER BY id',
      { s: session.id },
    );
    const free = c.capacity - c.booked;
    for (const e of entries.filter((x) => x.status === 'waiting')) expect(Number(e.party_size), `entry ${e.id} fits but waits`).to.be.greaterThan(free);
    // 12 places came free: the first parties in order that fit (3, 1, 2, 2, 3, 1) take 12.
    expect(entries.filter((e) => e.status === 'offered').map((e) => Number(e.party_size))).to.deep.equal([3, 1, 2, 2, 3, 1]);
  });
});
