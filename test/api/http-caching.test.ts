// The catalogue can be micro-cached by a proxy or CDN and compressed; everything personal is neither cached nor shared.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('HTTP caching and compression', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world(venues = 1, sessionsPerVenue = 1) {
    const edition = await createEdition(h.db);
    const made = [];
    for (let v = 0; v < venues; v++) {
      const venue = await createVenue(h.db, { kind: 'science_base' });
      for (let s = 0; s < sessionsPerVenue; s++)
        made.push(
          await createSession(h.db, {
            edition,
            venue,
            on: '2027-05-22',
            from: `${String(8 + s).padStart(2, '0')}:00`,
            to: `${String(8 + s).padStart(2, '0')}:45`,
          }),
        );
    }
    return { edition, sessions: made };
  }

  it('when a public catalogue answer is asked for, then it may be cached for a second with a strong ETag, and asking again with it is a 304', async () => {
    h = await startHarness();
    await world();
    for (const path of ['/api/edition', '/api/venues', '/api/sessions']) {
      const first = await h.http.get(path);
      expect(first.status, path).to.equal(200);
      expect(first.headers.get('cache-control'), path).to.equal('public, max-age=1, stale-while-revalidate=5');
      const etag = first.headers.get('etag')!;
      expect(etag, path).to.match(/^"[A-Za-z0-9_-]{20,}"$/);
      // As a revalidating cache sends it (fetch would add `no-cache` to a conditional request otherwise).
      const again = await h.http.get(path, { 'if-none-match': etag, 'cache-control': 'max-age=0' });
      expect(again.status, path).to.equal(304);
      expect(again.bytes.length, path).to.equal(0);
    }
  });

  it('when an answer is personal or comes from staff routes, then it is private and never stored', async () => {
    h = await startHarness();
    const { sessions } = await world();
    const booked = await h.http.post('/api/bookings', {
      sessionId: sessions[0]!.id,
      contact: { name: '王', phone: '13800000001' },
      visitors: [{ name: '王小' }],
    });
    expect(booked.status).to.equal(201);
    expect(booked.headers.get('cache-control')).to.equal('private, no-store');
    const mine = await h.http.get(`/api/bookings/${booked.body.code}?phone=13800000001`);
    expect(mine.headers.get('cache-control')).to.include('no-store');
    expect((await h.http.get('/readyz')).headers.get('cache-control')).to.equal('private, no-store');
  });

  it('when the client accepts gzip, then a large catalogue answer is compressed and a small booking answer is not', async () => {
    h = await startHarness();
    const { sessions } = await world(12, 4);
    const res = await h.http.request('GET', '/api/venues?pageSize=100', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).to.equal(200);
    // fetch decodes the body itself; the header says what travelled.
    expect(res.headers.get('content-encoding')).to.equal('gzip');
    expect(res.body.items).to.have.length(12);
    const booked = await h.http.request('POST', '/api/bookings', {
      body: { sessionId: sessions[0]!.id, contact: { name: '王', phone: '13800000002' }, visitors: [{ name: '王小' }] },
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(booked.status).to.equal(201);
    expect(booked.headers.get('content-encoding')).to.equal(null);
  });

  it('when sessions are listed, then they come a bounded page at a time, with the total', async () => {
    h = await startHarness();
    await world(3, 5);
    const page1 = await h.http.get('/api/sessions?pageSize=4');
    expect(page1.body).to.include({ total: 15, page: 1, pageSize: 4 });
    expect(page1.body.items).to.have.length(4);
    const page4 = await h.http.get('/api/sessions?pageSize=4&page=4');
    expect(page4.body.items).to.have.length(3);
    const ids = new Set([...(await h.http.get('/api/sessions?pageSize=200')).body.items.map((s: { id: number }) => s.id)]);
    expect(ids.size).to.equal(15);
    const tooBig = await h.http.get('/api/sessions?pageSize=201');
    expect(tooBig.status).to.equal(400);
    expect(tooBig.body.error.details.fields[0].field).to.equal('pageSize');
  });
});
