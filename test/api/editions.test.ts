// Edition setup without a developer: a draft is made, venues take part, schedules make sessions, publishing shows it
// to families; dates hold once bookings exist; last year rolls over to the next.
import { expect } from 'chai';
import { createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const EDITION = {
  slug: 'taiyuan-2027',
  nameZh: '2027年太原市科技活动周',
  nameEn: 'Taiyuan Science Week 2027',
  cityZh: '太原',
  cityEn: 'Taiyuan',
  startDate: '2027-05-22',
  endDate: '2027-05-28',
  bookingOpensAt: '2027-05-08T09:00:00+08:00',
};

const WEEKDAY_MORNINGS = {
  weekly: [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
    { weekday, start: '09:00', end: '10:30', capacity: 20 },
    { weekday, start: '14:00', end: '15:30', capacity: 20 },
  ]),
  closedDates: ['2027-05-24'],
};

describe('editions', function () {
  this.timeout(60_000);
  let h: Harness;
  let organiser: Staff;
  beforeEach(async () => {
    h = await startHarness();
    organiser = await signedIn(h, 'organiser');
  });
  afterEach(async () => h?.close());

  const put = (path: string, body: unknown, staff: Staff) => h.http.request('PUT', path, { body, headers: staff.headers });

  async function draftWithVenue() {
    const created = await h.http.post('/api/manage/editions', EDITION, organiser.headers);
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const schedule = await put(`/api/manage/venues/${venue.id}/schedule?editionId=${created.body.id}`, WEEKDAY_MORNINGS, organiser);
    expect(schedule.status, JSON.stringify(schedule.body)).to.equal(200);
    return { edition: created.body, venue, schedule: schedule.body };
  }

  it('when a draft is set up and published, then families see it only after publishing and can book', async () => {
    const { edition, venue, schedule } = await draftWithVenue();
    expect(edition.status).to.equal('draft');
    expect(schedule).to.include({ created: 12, removed: 0, sessions: 12 }); // 7 days less one closed, two slots each

    expect((await h.http.get('/api/edition')).status).to.equal(404);
    const preview = await h.http.get(`/api/manage/editions/${edition.id}/preview`, organiser.headers);
    expect(preview.body.venues).to.have.length(1);
    expect(preview.body.venues[0]).to.include({ id: venue.id, sessionCount: 12, places: 240 });

    const published = await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers);
    expect(published.body.status).to.equal('published');
    expect((await h.http.get('/api/edition')).body.id).to.equal(edition.id);
    const venues = await h.http.get('/api/venues');
    expect(venues.body.items.map((v: { id: number }) => v.id)).to.deep.equal([venue.id]);

    const sessions = await h.http.get(`/api/sessions?venueId=${venue.id}`);
    const booked = await h.http.post('/api/bookings', {
      sessionId: sessions.body.items[0].id,
      contact: { name: '王丽', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });
    expect(booked.status, JSON.stringify(booked.body)).to.equal(201);
    expect((await h.http.get(`/api/manage/editions/${edition.id}`, organiser.headers)).body).to.include({ venues: 1, sessions: 12, bookings: 1 });
  });

  it('when a published edition with bookings is moved to other dates, then it is refused with edition_has_bookings and nothing changes', async () => {
    const { edition, venue } = await draftWithVenue();
    await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers);
    const sessions = await h.http.get(`/api/sessions?venueId=${venue.id}`);
    await h.http.post('/api/bookings', {
      sessionId: sessions.body.items[0].id,
      contact: { name: '王丽', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });

    const moved = await h.http.patch(`/api/manage/editions/${edition.id}`, { startDate: '2027-05-23', endDate: '2027-05-29' }, organiser.headers);
    expect(moved.status).to.equal(409);
    expect(moved.body.error.code).to.equal('edition_has_bookings');
    expect((await h.http.get(`/api/manage/editions/${edition.id}`, organiser.headers)).body).to.include({ startDate: '2027-05-22', sessions: 12 });
    // Other fields still change.
    expect((await h.http.patch(`/api/manage/editions/${edition.id}`, { nameEn: 'Week 2027' }, organiser.headers)).body.nameEn).to.equal('Week 2027');
  });

  it('when a draft moves to other dates, then every venue’s schedule follows it', async () => {
    const { edition } = await draftWithVenue();
    const moved = await h.http.patch(`/api/manage/editions/${edition.id}`, { startDate: '2027-05-24', endDate: '2027-05-26' }, organiser.headers);
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    expect(moved.body).to.include({ startDate: '2027-05-24', endDate: '2027-05-26', sessions: 4 }); // the 24th is closed
  });

  it('when last year is copied to new dates, then the draft has the same venues, rules and schedules moved, and no bookings', async () => {
    const { edition, venue } = await draftWithVenue();
    await h.http.patch(`/api/manage/editions/${edition.id}`, { rules: { maxBookingsPerPhone: 4 } }, organiser.headers);
    await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers);
    const sessions = await h.http.get(`/api/sessions?venueId=${venue.id}`);
    await h.http.post('/api/bookings', {
      sessionId: sessions.body.items[0].id,
      contact: { name: '王丽', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });

    const copy = await h.http.post(`/api/manage/editions/${edition.id}/copy`, { slug: 'taiyuan-2028', startDate: '2028-05-20' }, organiser.headers);
    expect(copy.status, JSON.stringify(copy.body)).to.equal(201);
    expect(copy.body).to.include({ status: 'draft', startDate: '2028-05-20', endDate: '2028-05-26', venues: 1, sessions: 12, bookings: 0 });
    expect(copy.body.rules.maxBookingsPerPhone).to.equal(4);
    const schedule = await h.http.get(`/api/manage/venues/${venue.id}/schedule?editionId=${copy.body.id}`, organiser.headers);
    expect(schedule.body.pattern.closedDates).to.deep.equal(['2028-05-22']); // moved by the same 364 days
    expect(schedule.body.sessions.every((s: { booked: number }) => s.booked === 0)).to.equal(true);
    // The public still sees last year's published edition, not the draft.
    expect((await h.http.get('/api/edition')).body.id).to.equal(edition.id);
  });

  it('when a slug is taken, an edition is published twice or an archived one is published, then each answers as it should', async () => {
    const { edition } = await draftWithVenue();
    const again = await h.http.post('/api/manage/editions', EDITION, organiser.headers);
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'edition_exists']);
    expect((await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers)).status).to.equal(200);
    expect((await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers)).status).to.equal(200);
    expect((await h.http.post(`/api/manage/editions/${edition.id}/archive`, {}, organiser.headers)).body.status).to.equal('archived');
    const republish = await h.http.post(`/api/manage/editions/${edition.id}/publish`, {}, organiser.headers);
    expect([republish.status, republish.body.error.code]).to.deep.equal([409, 'edition_status']);
    const bad = await h.http.post(
      '/api/manage/editions',
      { ...EDITION, slug: 'x', endDate: '2027-05-01', bookingOpensAt: '2027-05-08T09:00:00' },
      organiser.headers,
    );
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details.fields.map((d: { field: string }) => d.field).sort()).to.deep.equal(['bookingOpensAt', 'endDate']);
  });
});
