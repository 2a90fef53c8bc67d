import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('catalogue API', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  describe('GET /api/edition', () => {
    it('when an edition is running or ahead, then it answers that one with local dates and its timezone', async () => {
      h = await startHarness('2027-05-10T02:00:00Z');
      await createEdition(h.db, { slug: 'past', startDate: '2026-05-22', endDate: '2026-05-28' });
      await createEdition(h.db, { slug: 'next', startDate: '2027-05-22', endDate: '2027-05-28' });
      await createEdition(h.db, { slug: 'later', startDate: '2028-05-22', endDate: '2028-05-28' });
      const res = await h.http.get('/api/edition');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ slug: 'next', startDate: '2027-05-22', endDate: '2027-05-28', timezone: 'Asia/Shanghai' });
      expect(res.body.dates).to.have.length(7);
      expect(res.body.bookingOpensAt).to.equal('2027-05-08T09:00:00+08:00');
      expect(res.body.rules).to.include({ bookingCutoffMinutes: 60, maxBookingsPerPhone: 3 });
    });

    it('when the last day is still under way in Shanghai, then that edition is still current', async () => {
      // 2027-05-28 23:30 in Shanghai is 15:30 UTC.
      h = await startHarness('2027-05-28T15:30:00Z');
      await createEdition(h.db, { slug: 'this', startDate: '2027-05-22', endDate: '2027-05-28' });
      await createEdition(h.db, { slug: 'next', startDate: '2028-05-22', endDate: '2028-05-28' });
      expect((await h.http.get('/api/edition')).body.slug).to.equal('this');
      h.clock.set('2027-05-28T16:00:00Z'); // midnight in Shanghai
      expect((await h.http.get('/api/edition')).body.slug).to.equal('next');
    });

    it('when there is no edition at all, then 404 not_found', async () => {
      h = await startHarness();
      const res = await h.http.get('/api/edition');
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });
  });

  describe('GET /api/venues', () => {
    async function world() {
      const edition = await createEdition(h.db);
      const natLab = await createVenue(h.db, {
        kind: 'lab',
        level: 'national',
        district: '迎泽区',
        nameZh: '煤转化国家重点实验室',
        nameEn: 'State Key Laboratory of Coal Conversion',
      });
      const provLab = await createVenue(h.db, {
        kind: 'lab',
        level: 'provincial',
        district: '小店区',
        nameZh: '生物工程山西省重点实验室',
        nameEn: 'Shanxi Key Laboratory of Bioengineering',
      });
      const natBase = await createVenue(h.db, {
        kind: 'science_base',
        level: 'national',
        district: '晋源区',
        nameZh: '太原植物园',
        nameEn: 'Taiyuan Botanical Garden',
        fieldZh: '植物科普',
      });
      const provBase = await createVenue(h.db, {
        kind: 'science_base',
        level: 'provincial',
        district: null,
        nameZh: '山西地质博物馆',
        nameEn: 'Shanxi Museum of Geology',
        hostEn: '100%_Geology',
      });
      const idle = await createVenue(h.db, { kind: 'lab', level: 'national', nameZh: '无场次实验室' });
      await createSession(h.db, { edition, venue: natLab, on: '2027-05-22', capacity: 20, booked: 5 });
      await createSession(h.db, { edition, venue: natLab, on: '2027-05-23', capacity: 10, booked: 0 });
      await createSession(h.db, { edition, venue: provLab, on: '2027-05-22', capacity: 15, booked: 15 });
      await createSession(h.db, { edition, venue: natBase, on: '2027-05-24', capacity: 30, status: 'closed' });
      await createSession(h.db, { edition, venue: provBase, on: '2027-05-22', capacity: 40, status: 'cancelled' });
      await createSession(h.db, { edition, venue: provBase, on: '2027-05-25', capacity: 25 });
      return { edition, natLab, provLab, natBase, provBase, idle };
    }

    it('when no filter is given, then every venue taking part is listed with the places left over the week', async () => {
      h = await startHarness();
      const w = await world();
      const res = await h.http.get('/api/venues');
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ total: 4, page: 1, pageSize: 20 });
      const byId = new Map(res.body.items.map((v: any) => [v.id, v]));
      expect(byId.has(w.idle.id), 'a venue without sessions is not listed').to.equal(false);
      expect(byId.get(w.natLab.id)).to.include({ remaining: 25, kind: 'lab', level: 'national', name: '煤转化国家重点实验室', district: '迎泽区' });
      expect(byId.get(w.provLab.id)).to.include({ remaining: 0 });
      expect(byId.get(w.natBase.id)).to.include({ remaining: 0 }, 'closed sessions offer no places');
      expect(byId.get(w.provBase.id)).to.include({ remaining: 25 }, 'cancelled sessions offer no places');
      expect(res.body.items[0]).to.have.all.keys(
        'id',
        'code',
        'name',
        'nameEn',
        'kind',
        'level',
        'designation',
        'designationEn',
        'district',
        'host',
        'hostEn',
        'field',
        'fieldEn',
        'minAge',
        'ageRange',
        'tags',
        'sessionCount',
        'remaining',
      );
      expect((byId.get(w.natLab.id) as { minAge: unknown }).minAge).to.be.a('number');
    });

    it('when kind=lab&level=national, then only national labs come back', async () => {
      h = await startHarness();
      const w = await world();
      const res = await h.http.get('/api/venues?kind=lab&level=national');
      expect(res.status).to.equal(200);
      expect(res.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id]);
      for (const v of res.body.items) expect(v).to.include({ kind: 'lab', level: 'national' });
    });

    it('when filtering by district, then only that district', async () => {
      h = await startHarness();
      const w = await world();
      const res = await h.http.get(`/api/venues?district=${encodeURIComponent('小店区')}`);
      expect(res.body.items.map((v: any) => v.id)).to.deep.equal([w.provLab.id]);
    });

    it('when a date is given, then only venues with sessions that day, with that day’s places', async () => {
      h = await startHarness();
      const w = await world();
      const res = await h.http.get('/api/venues?date=2027-05-22');
      expect(res.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id, w.provLab.id]);
      expect(res.body.items[0].remaining).to.equal(15);
    });

    it('when available=true, then only venues with places left', async () => {
      h = await startHarness();
      const w = await world();
      const res = await h.http.get('/api/venues?available=true');
      expect(res.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id, w.provBase.id]);
      const onDay = await h.http.get('/api/venues?available=true&date=2027-05-22');
      expect(onDay.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id]);
    });

    it('when sessions have already started, then their places no longer count', async () => {
      h = await startHarness();
      const w = await world();
      h.clock.set('2027-05-22T12:00:00Z'); // evening of the 22nd in Shanghai
      const res = await h.http.get('/api/venues?available=true');
      expect(res.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id, w.provBase.id]);
      expect(res.body.items[0].remaining).to.equal(10);
    });

    it('when searching with q, then Chinese and English names, host and field match, case-insensitively', async () => {
      h = await startHarness();
      const w = await world();
      const zh = await h.http.get(`/api/venues?q=${encodeURIComponent('植物')}`);
      expect(zh.body.items.map((v: any) => v.id)).to.deep.equal([w.natBase.id]);
      const en = await h.http.get('/api/venues?q=coal%20CONVERSION');
      expect(en.body.items.map((v: any) => v.id)).to.deep.equal([w.natLab.id]);
      const wildcard = await h.http.get('/api/venues?q=%25_');
      expect(
        wildcard.body.items.map((v: any) => v.id),
        '% and _ are matched literally',
      ).to.deep.equal([w.provBase.id]);
    });

    it('when paging, then total counts all matches and pages do not overlap', async () => {
      h = await startHarness();
      await world();
      const p1 = await h.http.get('/api/venues?pageSize=3&page=1');
      const p2 = await h.http.get('/api/venues?pageSize=3&page=2');
      expect(p1.body).to.include({ total: 4, page: 1, pageSize: 3 });
      expect(p1.body.items).to.have.length(3);
      expect(p2.body.items).to.have.length(1);
      const ids = [...p1.body.items, ...p2.body.items].map((v: any) => v.id);
      expect(new Set(ids).size).to.equal(4);
    });

    for (const [query, field] of [
      ['pageSize=abc', 'pageSize'],
      ['pageSize=101', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['page=-1', 'page'],
      ['kind=museum', 'kind'],
      ['level=city', 'level'],
      ['date=2027-02-30', 'date'],
      ['date=tomorrow', 'date'],
      ['available=maybe', 'available'],
      ['kind=lab&kind=science_base', 'kind'],
    ] as const) {
      it(`when ${query}, then 400 validation_failed naming ${field}`, async () => {
        h = await startHarness();
        const res = await h.http.get(`/api/venues?${query}`);
        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
        expect(res.body.error.message).to.be.a('string').with.length.above(0);
        expect(res.body.error.details.fields.map((f: any) => f.field)).to.deep.equal([field]);
      });
    }

    it('when several fields are bad, then one detail per field', async () => {
      h = await startHarness();
      const res = await h.http.get('/api/venues?pageSize=abc&kind=x&date=nope');
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields.map((f: any) => f.field).sort()).to.deep.equal(['date', 'kind', 'pageSize']);
    });
  });

  describe('GET /api/venues/:id', () => {
    it('when the venue exists, then its details, rules and sessions in the edition’s timezone', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db, { rules: { maxPartySize: 4 } });
      const venue = await createVenue(h.db, { kind: 'lab', minAge: 12, realNameRequired: true, accessibilityZh: '有无障碍通道' });
      await createSession(h.db, { edition, venue, on: '2027-05-23', from: '14:00', to: '15:30', capacity: 12, booked: 2 });
      await createSession(h.db, { edition, venue, on: '2027-05-22', from: '09:00', to: '10:30', capacity: 10 });
      const res = await h.http.get(`/api/venues/${venue.id}`);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ id: venue.id, kind: 'lab', remaining: 20, accessibility: '有无障碍通道' });
      expect(res.body.rules).to.deep.equal({ minAge: 12, maxPartySize: 4, realNameRequired: true });
      expect(res.body.sessions.map((s: any) => s.startsAt)).to.deep.equal(['2027-05-22T09:00:00+08:00', '2027-05-23T14:00:00+08:00']);
    });

    it('when the id is unknown, then 404 not_found', async () => {
      h = await startHarness();
      await createEdition(h.db);
      const res = await h.http.get('/api/venues/99999999');
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });

    it('when the id is not a number, then 400 validation_failed on id', async () => {
      h = await startHarness();
      const res = await h.http.get('/api/venues/abc');
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields[0].field).to.equal('id');
    });
  });

  describe('GET /api/sessions', () => {
    it('when listing a venue’s sessions on a date, then times carry the +08:00 offset and local dates', async () => {
      h = await startHarness('2027-05-10T02:00:00Z');
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db);
      const other = await createVenue(h.db);
      // 07:30 in Shanghai is 23:30 UTC the day before: the local date must still be the 22nd.
      const early = await createSession(h.db, { edition, venue, on: '2027-05-22', from: '07:30', to: '08:30', capacity: 10, booked: 4 });
      await createSession(h.db, { edition, venue, on: '2027-05-23' });
      await createSession(h.db, { edition, venue: other, on: '2027-05-22' });
      const res = await h.http.get(`/api/sessions?venueId=${venue.id}&date=2027-05-22`);
      expect(res.status).to.equal(200);
      expect(res.body.items).to.have.length(1);
      expect(res.body.items[0]).to.deep.include({
        id: early.id,
        venueId: venue.id,
        date: '2027-05-22',
        startsAt: '2027-05-22T07:30:00+08:00',
        endsAt: '2027-05-22T08:30:00+08:00',
        capacity: 10,
        booked: 4,
        remaining: 6,
        status: 'open',
        bookable: true,
      });
      expect(early.startsAt.toISOString()).to.equal('2027-05-21T23:30:00.000Z');
    });

    it('when booking has not opened, is past the cutoff, or the session is full or closed, then bookable is false', async () => {
      h = await startHarness('2027-05-01T00:00:00Z');
      const edition = await createEdition(h.db); // opens 2027-05-08 09:00 +08:00
      const venue = await createVenue(h.db);
      const s = await createSession(h.db, { edition, venue, on: '2027-05-22', from: '10:00', to: '11:00', capacity: 10 });
      const full = await createSession(h.db, { edition, venue, on: '2027-05-23', capacity: 10, booked: 10 });
      const closed = await createSession(h.db, { edition, venue, on: '2027-05-24', status: 'closed' });
      const bookable = async (id: number) => (await h.http.get(`/api/sessions/${id}`)).body.bookable;
      expect(await bookable(s.id), 'before the window opens').to.equal(false);
      h.clock.set('2027-05-08T01:00:00Z');
      expect(await bookable(s.id), 'at the opening instant').to.equal(true);
      expect(await bookable(full.id)).to.equal(false);
      expect(await bookable(closed.id)).to.equal(false);
      h.clock.set('2027-05-22T01:59:59Z'); // 09:59:59 local, cutoff is 09:00
      expect(await bookable(s.id), 'after the cutoff').to.equal(false);
      h.clock.set('2027-05-22T00:59:59Z');
      expect(await bookable(s.id), 'just before the cutoff').to.equal(true);
    });

    it('when the session id is unknown, then 404; when malformed query, then 400', async () => {
      h = await startHarness();
      await createEdition(h.db);
      expect((await h.http.get('/api/sessions/424242')).body.error.code).to.equal('not_found');
      const bad = await h.http.get('/api/sessions?venueId=x&date=2027-13-01');
      expect(bad.status).to.equal(400);
      expect(bad.body.error.details.fields.map((f: any) => f.field).sort()).to.deep.equal(['date', 'venueId']);
    });
  });
});
