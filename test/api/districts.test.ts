// District officers: scoped to their districts, read only; the district summary's totals are the sum of its venues and
// the week report's for the same district.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

describe('district officers and the district summary', function () {
  this.timeout(60_000);
  let h: Harness;
  let organiser: Staff;
  afterEach(async () => h?.close());

  async function world() {
    h = await startHarness();
    organiser = await signedIn(h, 'organiser');
    const edition = await createEdition(h.db);
    const a1 = await createVenue(h.db, { kind: 'science_base', district: '小店区' });
    const a2 = await createVenue(h.db, { kind: 'science_base', district: '小店区' });
    const b = await createVenue(h.db, { kind: 'science_base', district: '迎泽区' });
    const sessions = [
      await createSession(h.db, { edition, venue: a1, capacity: 10 }),
      await createSession(h.db, { edition, venue: a1, on: '2027-05-23', capacity: 10 }),
      await createSession(h.db, { edition, venue: a2, capacity: 20 }),
      await createSession(h.db, { edition, venue: b, capacity: 30 }),
    ];
    let phone = 0;
    for (const [i, s] of sessions.entries()) {
      for (let k = 0; k <= i; k++) {
        const res = await h.http.post('/api/bookings', {
          sessionId: s.id,
          contact: { name: '王丽', phone: `1390000${String(++phone).padStart(4, '0')}` },
          visitors: [{ name: '王小明' }],
        });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
      }
    }
    const extra = await createSession(h.db, { edition, venue: a2, on: '2027-05-24' });
    await h.http.post(`/api/manage/sessions/${extra.id}/cancel`, { reason: '设备检修 maintenance' }, organiser.headers);
    const created = await h.http.post(
      '/api/manage/users',
      { username: 'xiaodian.officer', password: 'long enough pw', role: 'district_officer', districts: ['小店区'] },
      organiser.headers,
    );
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.districts).to.deep.equal(['小店区']);
    const login = await h.http.post('/api/auth/login', { username: 'xiaodian.officer', password: 'long enough pw' });
    const officer = { headers: { authorization: `Bearer ${login.body.token}` } };
    return { edition, a1, a2, b, officer };
  }

  it('when a district officer reads, then only their districts’ venues and sessions show, and they change nothing', async () => {
    const { a1, a2, b, officer } = await world();
    const venues = await h.http.get('/api/manage/venues', officer.headers);
    expect(venues.body.items.map((v: { id: number }) => v.id)).to.deep.equal([a1.id, a2.id]);
    expect((await h.http.get(`/api/manage/venues/${b.id}`, officer.headers)).status).to.equal(403);
    const sessions = await h.http.get('/api/manage/sessions', officer.headers);
    expect(new Set(sessions.body.items.map((s: { venueId: number }) => s.venueId))).to.deep.equal(new Set([a1.id, a2.id]));
    expect(sessions.body.items[0]).to.have.property('confirmedBookings');
    expect((await h.http.patch(`/api/manage/venues/${a1.id}`, { minAge: 3 }, officer.headers)).status).to.equal(403);
    expect((await h.http.get(`/api/manage/sessions/${sessions.body.items[0].id}/roster`, officer.headers)).status).to.equal(403);
    expect((await h.http.get('/api/reports/district-summary?district=迎泽区', officer.headers)).status).to.equal(403);
  });

  it('when the summary is read, then its totals are the sum of its venues and equal the week report for the district', async () => {
    const { officer } = await world();
    const summary = (await h.http.get('/api/reports/district-summary', officer.headers)).body;
    expect(summary.district).to.equal('小店区');
    expect(summary.venuesOpened).to.equal(2);
    expect(summary.cancelledSessions).to.deep.equal({ count: 1, reasons: [{ reason: '设备检修 maintenance', sessions: 1 }] });
    for (const key of ['sessions', 'capacity', 'booked', 'admitted', 'noShows', 'cancellations'] as const) {
      const sum = summary.byVenue.reduce((n: number, v: Record<string, number>) => n + v[key]!, 0);
      expect(summary.totals[key], key).to.equal(sum);
    }
    expect(summary.totals).to.include({ sessions: 3, capacity: 40, booked: 6 });
    const week = (await h.http.get(`/api/reports/week?district=${encodeURIComponent('小店区')}`, organiser.headers)).body;
    expect(summary.totals).to.deep.equal(week.totals);
    const all = (await h.http.get('/api/reports/district-summary', organiser.headers)).body;
    expect(all.totals).to.deep.equal((await h.http.get('/api/reports/week', organiser.headers)).body.totals);
    const csv = await h.http.get('/api/reports/district-summary?format=csv', officer.headers);
    expect(csv.text).to.contain('total,小店区,3,40,6');
    const html = await h.http.get('/api/reports/district-summary?format=html', officer.headers);
    expect(html.text).to.contain('区级总结 District summary');
  });
});
