import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('suggestions that fit the party', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('when a slot cannot take a party of 3, then other days of the venue with room for 3 come first, then similar venues, same district first', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const lab = await createVenue(h.db, { kind: 'lab', district: '小店区', fieldZh: '量子光学' });
    const nearby = await createVenue(h.db, { kind: 'lab', district: '小店区', fieldZh: '材料' });
    const sameField = await createVenue(h.db, { kind: 'lab', district: '万柏林区', fieldZh: '量子光学' });
    await createVenue(h.db, { kind: 'science_base', district: '小店区', fieldZh: '量子光学' });
    const small = await createVenue(h.db, { kind: 'lab', district: '小店区', fieldZh: '量子光学', maxPartySize: 2 });
    const chosen = await createSession(h.db, { edition, venue: lab, capacity: 10, booked: 8 });
    const tooFew = await createSession(h.db, { edition, venue: lab, on: '2027-05-23', capacity: 10, booked: 8 });
    const room = await createSession(h.db, { edition, venue: lab, on: '2027-05-24', capacity: 10, booked: 0 });
    const closed = await createSession(h.db, { edition, venue: lab, on: '2027-05-25', capacity: 10, status: 'closed' });
    const far = await createSession(h.db, { edition, venue: sameField, capacity: 10 });
    const near = await createSession(h.db, { edition, venue: nearby, on: '2027-05-26', capacity: 10 });
    await createSession(h.db, { edition, venue: small, capacity: 10 });

    const res = await h.http.get(`/api/sessions/${chosen.id}/alternatives?party=3`);
    expect(res.status).to.equal(200);
    expect(res.body.partySize).to.equal(3);
    expect(res.body.sameVenue.map((a: { session: { id: number } }) => a.session.id)).to.deep.equal([room.id]);
    expect(res.body.similar.map((a: { session: { id: number } }) => a.session.id)).to.deep.equal([near.id, far.id]);
    expect(res.body.similar[0].venue).to.include({ id: nearby.id, district: '小店区' });
    expect(res.body.sameVenue[0].session).to.include({ remaining: 10, bookable: true });
    const notIds = [tooFew.id, closed.id];
    expect([...res.body.sameVenue, ...res.body.similar].some((a: { session: { id: number } }) => notIds.includes(a.session.id))).to.equal(false);
    expect((await h.http.get(`/api/sessions/${chosen.id}/alternatives?party=0`)).status).to.equal(400);
  });
});
