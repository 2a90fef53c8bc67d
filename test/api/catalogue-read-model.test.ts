// The catalogue's read model (src/modules/catalogue/read-model.ts): answers from memory, brought up to date at once
// by this instance's own writes, within CATALOGUE_REFRESH_MS by another instance's, and by the clock alone when a
// session starts or closes for booking.
import { expect } from 'chai';
import { buildApp, buildServices } from '../../src/app.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startClient, type TestClient } from '../helpers/http.js';
import { signedIn } from '../helpers/staff.js';
import { testConfig } from '../helpers/test-db.js';
import { silentLogger } from '../../src/shared/logger.js';

const booking = (sessionId: number, phone: string, people = 2) => ({
  sessionId,
  contact: { name: '王', phone },
  visitors: Array.from({ length: people }, (_, i) => ({ name: `王${i}` })),
});

describe('catalogue read model', () => {
  let h: Harness;
  let other: { http: TestClient; stop(): void } | undefined;
  afterEach(async () => {
    other?.stop();
    await other?.http.close();
    other = undefined;
    h?.services.catalogue.stop();
    await h?.close();
  });

  async function world() {
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base', nameEn: 'Coal Museum' });
    const session = await createSession(h.db, { edition, venue, capacity: 10 });
    return { edition, venue, session };
  }

  const remaining = async (http: TestClient, id: number): Promise<number> => (await http.get(`/api/sessions/${id}`)).body.remaining;

  /** A second instance of the app on the same database, with its own read model (as another process would have). */
  function secondInstance(refreshMs: number) {
    const deps = { config: testConfig({ catalogue: { refreshMs } }), db: h.db, clock: h.clock, logger: silentLogger };
    const services = buildServices(deps);
    return { services, app: buildApp(deps, services) };
  }

  const start = async (refreshMs: number) => (h = await startHarness('2027-05-10T02:00:00Z', { catalogue: { refreshMs } }));

  it('when a family books and cancels through this instance, then the catalogue shows it at once, though it does not read rows others wrote meanwhile', async () => {
    await start(60_000);
    const { venue, session } = await world();
    expect(await remaining(h.http, session.id)).to.equal(10);
    // Written behind the app's back: not seen until the next poll (a minute away here).
    await h.db.sql.run('UPDATE sessions SET capacity = 12 WHERE id = :id', { id: session.id });
    expect(await remaining(h.http, session.id)).to.equal(10);

    const booked = await h.http.post('/api/bookings', booking(session.id, '13800000001'));
    expect(booked.status).to.equal(201);
    // Read again by id after the booking's commit: the hand edit comes along with it.
    expect(await remaining(h.http, session.id)).to.equal(10);
    const venueRes = await h.http.get(`/api/venues/${venue.id}`);
    expect(venueRes.body.remaining).to.equal(10);
    expect((await h.http.get('/api/venues')).body.items[0]).to.include({ id: venue.id, remaining: 10 });

    const cancelled = await h.http.post(`/api/bookings/${booked.body.code}/cancel`, { phone: '13800000001' });
    expect(cancelled.status).to.equal(200);
    expect(await remaining(h.http, session.id)).to.equal(12);
    expect((await h.http.get(`/api/sessions?venueId=${venue.id}`)).body.items[0]).to.include({ id: session.id, remaining: 12, booked: 0 });
  });

  it('when staff change a session, add one or edit the venue, then the catalogue shows it at once', async () => {
    await start(60_000);
    const { edition, venue, session } = await world();
    expect((await h.http.get(`/api/venues/${venue.id}`)).body.sessions).to.have.length(1);
    const manager = await signedIn(h, 'venue_manager', [venue.id]);
    expect((await h.http.patch(`/api/manage/sessions/${session.id}`, { capacity: 4 }, manager.headers)).status).to.equal(200);
    const created = await h.http.post(
      '/api/manage/sessions',
      { venueId: venue.id, date: edition.startDate, startTime: '14:00', endTime: '15:00', capacity: 7 },
      manager.headers,
    );
    expect(created.status).to.equal(201);
    expect((await h.http.patch(`/api/manage/venues/${venue.id}`, { descriptionEn: 'Lamps and coal' }, manager.headers)).status).to.equal(200);

    const detail = (await h.http.get(`/api/venues/${venue.id}`)).body;
    expect(detail.descriptionEn).to.equal('Lamps and coal');
    expect(detail.sessions.map((s: { capacity: number }) => s.capacity)).to.deep.equal([4, 7]);
    expect(detail.remaining).to.equal(11);
    expect((await h.http.get('/api/sessions')).body.total).to.equal(2);
  });

  it('when another instance changes places, then this one shows it within its refresh period', async function () {
    this.timeout(20_000);
    await start(300);
    const { venue, session } = await world();
    const b = secondInstance(300);
    other = { http: await startClient(b.app), stop: () => b.services.catalogue.stop() };
    expect(await remaining(h.http, session.id)).to.equal(10);
    expect(await remaining(other.http, session.id)).to.equal(10);

    const booked = await other.http.post('/api/bookings', booking(session.id, '13800000002', 3));
    expect(booked.status).to.equal(201);
    expect(await remaining(other.http, session.id), 'the writer sees its own write at once').to.equal(7);

    const t0 = Date.now();
    while ((await remaining(h.http, session.id)) !== 7 && Date.now() - t0 < 3_000) await new Promise((r) => setTimeout(r, 20));
    const waited = Date.now() - t0;
    expect(waited, 'ms until the other instance shows it').to.be.below(1_000);
    expect((await h.http.get(`/api/venues?q=coal`)).body.items[0]).to.include({ id: venue.id, remaining: 7 });

    // An edition renamed elsewhere: the snapshot is read whole again.
    await h.db.sql.run("UPDATE editions SET name_en = 'Renamed week', updated_at = :now", { now: new Date(Date.now() + 1000) });
    const t1 = Date.now();
    while ((await h.http.get('/api/edition')).body.nameEn !== 'Renamed week' && Date.now() - t1 < 3_000) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - t1).to.be.below(1_000);
  });

  it('when an organiser takes a venue out of the edition, then it leaves the list at once here and within the refresh period on another instance', async function () {
    this.timeout(20_000);
    await start(300);
    const { edition, venue } = await world();
    const stays = await createVenue(h.db, { kind: 'science_base' });
    await createSession(h.db, { edition, venue: stays });
    const b = secondInstance(300);
    other = { http: await startClient(b.app), stop: () => b.services.catalogue.stop() };
    const ids = async (http: TestClient) => (await http.get('/api/venues')).body.items.map((v: { id: number }) => v.id);
    expect(await ids(h.http)).to.deep.equal([venue.id, stays.id]);
    expect(await ids(other.http)).to.deep.equal([venue.id, stays.id]);

    const organiser = await signedIn(h, 'organiser');
    const removed = await h.http.request('DELETE', `/api/manage/editions/${edition.id}/venues/${venue.id}`, { headers: organiser.headers });
    expect(removed.status).to.equal(200);
    expect(await ids(h.http)).to.deep.equal([stays.id]);
    const t0 = Date.now();
    while ((await ids(other.http)).length !== 1 && Date.now() - t0 < 3_000) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - t0, 'ms until the other instance drops it').to.be.below(1_000);
  });

  it('when the clock passes a booking cutoff or a start, then answers change with no write at all', async () => {
    await start(60_000);
    const { venue, session } = await world(); // 2027-05-22 09:00 Shanghai, cutoff 60 min before
    const first = await h.http.get(`/api/sessions/${session.id}`);
    expect(first.body.bookable).to.equal(true);
    const again = await h.http.get(`/api/sessions/${session.id}`, { 'if-none-match': first.headers.get('etag')!, 'cache-control': 'max-age=0' });
    expect(again.status).to.equal(304);

    h.clock.set('2027-05-22T00:30:00Z'); // 08:30 in Shanghai: past the cutoff
    const closed = await h.http.get(`/api/sessions/${session.id}`, { 'if-none-match': first.headers.get('etag')!, 'cache-control': 'max-age=0' });
    expect(closed.status).to.equal(200);
    expect(closed.body).to.include({ bookable: false, remaining: 10 });
    expect((await h.http.get('/api/venues')).body.items[0]).to.include({ id: venue.id, remaining: 10 });

    h.clock.set('2027-05-22T01:00:00Z'); // 09:00: started, no places left to offer
    expect((await h.http.get('/api/venues')).body.items[0]).to.include({ id: venue.id, remaining: 0 });
    expect((await h.http.get(`/api/venues/${venue.id}`)).body.remaining).to.equal(0);
  });

  it('when the same answer is asked for again, then it is the same prepared bytes with the same tag, compressed when large', async () => {
    await start(60_000);
    const edition = await createEdition(h.db);
    for (let i = 0; i < 12; i++) {
      const venue = await createVenue(h.db, { kind: 'science_base' });
      await createSession(h.db, { edition, venue });
    }
    const a = await h.http.get('/api/venues', { 'accept-encoding': 'br, gzip' });
    const b = await h.http.get('/api/venues', { 'accept-encoding': 'gzip' });
    expect(a.headers.get('content-encoding')).to.equal('br');
    expect(b.headers.get('content-encoding')).to.equal('gzip');
    expect(a.headers.get('vary')).to.match(/accept-encoding/i);
    expect(a.headers.get('etag')).to.equal(b.headers.get('etag'));
    expect(a.body).to.deep.equal(b.body);
    expect(a.body.items).to.have.length(12);
    const plain = await h.http.get('/api/venues', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).to.equal(null);
    expect(plain.body).to.deep.equal(a.body);
  });
});
