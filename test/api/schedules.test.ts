// Slot schedules: applying one makes the sessions; applying it again changes nothing; a schedule that would drop or
// shrink a booked session is refused whole (schedule_conflict); overlapping slots are refused (schedule_overlap).
import { expect } from 'chai';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { createEdition, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

describe('slot schedules', function () {
  this.timeout(60_000);
  let h: Harness;
  let edition: Edition;
  let venue: Venue;
  let manager: Staff;
  beforeEach(async () => {
    h = await startHarness();
    edition = await createEdition(h.db);
    venue = await createVenue(h.db, { kind: 'science_base' });
    manager = await signedIn(h, 'venue_manager', [venue.id]);
  });
  afterEach(async () => h?.close());

  const put = (body: unknown, staff = manager, venueId = venue.id) =>
    h.http.request('PUT', `/api/manage/venues/${venueId}/schedule?editionId=${edition.id}`, { body, headers: staff.headers });
  const sessionsOf = async () =>
    h.db.sql.select<{ id: number; date: string; capacity: number; booked: number; status: string }>(
      'SELECT id, date, capacity, booked, status FROM sessions WHERE venue_id = :venueId ORDER BY starts_at',
      { venueId: venue.id },
    );
  const book = (sessionId: number, phone = '13900000001') =>
    h.http.post('/api/bookings', { sessionId, contact: { name: '王丽', phone }, visitors: [{ name: '王小明' }, { name: '王小红' }] });

  const pattern = {
    weekly: [6, 7].map((weekday) => ({ weekday, start: '09:00', end: '11:00', capacity: 30 })),
    dates: [
      { date: '2027-05-24', start: '09:00', end: '10:00', capacity: 10 },
      { date: '2027-05-24', start: '10:00', end: '11:00', capacity: 10 },
    ],
    closedDates: [],
  };

  it('when a manager sets a schedule twice, then the sessions are made once (weekday slots, dated slots) and the second time nothing changes', async () => {
    const first = await put(pattern);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    // 2027-05-22 is a Saturday, the 23rd a Sunday; the 24th has two dated slots.
    expect(first.body).to.deep.equal({ created: 4, updated: 0, removed: 0, unchanged: 0, sessions: 4 });
    expect((await sessionsOf()).map((s) => s.date)).to.deep.equal(['2027-05-22', '2027-05-23', '2027-05-24', '2027-05-24']);
    const again = await put(pattern);
    expect(again.body).to.deep.equal({ created: 0, updated: 0, removed: 0, unchanged: 4, sessions: 4 });
    const read = await h.http.get(`/api/manage/venues/${venue.id}/schedule?editionId=${edition.id}`, manager.headers);
    expect(read.body.pattern.weekly).to.have.length(2);
    expect(read.body.sessions).to.have.length(4);
  });

  it('when a new schedule would drop or shrink booked sessions, then it is refused whole with the conflicts named, and empty ones are removed otherwise', async () => {
    await put(pattern);
    const [saturday, , first24] = await sessionsOf();
    expect((await book(saturday!.id)).status).to.equal(201);
    expect((await book(first24!.id, '13900000002')).status).to.equal(201);

    // Saturday's slot shrinks below its 2 places; the 24th's first slot goes.
    const conflicting = {
      weekly: [
        { weekday: 6, start: '09:00', end: '11:00', capacity: 1 },
        { weekday: 7, start: '09:00', end: '11:00', capacity: 30 },
      ],
      dates: [{ date: '2027-05-24', start: '10:00', end: '11:00', capacity: 10 }],
      closedDates: [],
    };
    const refused = await put(conflicting);
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('schedule_conflict');
    expect(refused.body.error.details.conflicts.map((c: { sessionId: number; reason: string }) => [c.sessionId, c.reason])).to.have.deep.members([
      [saturday!.id, 'shrunk'],
      [first24!.id, 'removed'],
    ]);
    expect((await sessionsOf()).map((s) => s.capacity)).to.deep.equal([30, 30, 10, 10]); // nothing written

    // Without the booked ones touched: the empty Sunday slot goes, the 24th's empty second slot grows.
    const fine = await put({
      weekly: [{ weekday: 6, start: '09:00', end: '11:00', capacity: 2 }],
      dates: [
        { date: '2027-05-24', start: '09:00', end: '10:00', capacity: 10 },
        { date: '2027-05-24', start: '10:00', end: '11:00', capacity: 25 },
      ],
      closedDates: [],
    });
    expect(fine.status, JSON.stringify(fine.body)).to.equal(200);
    expect(fine.body).to.include({ created: 0, removed: 1, updated: 2, sessions: 3 });
    expect((await sessionsOf()).map((s) => [s.date, s.capacity, s.booked])).to.deep.equal([
      ['2027-05-22', 2, 2],
      ['2027-05-24', 10, 2],
      ['2027-05-24', 25, 0],
    ]);
  });

  it('when slots overlap, times are out of order, dates fall outside the edition, or another venue’s manager tries, then each is refused and nothing is made', async () => {
    const overlap = await put({
      weekly: [
        { weekday: 6, start: '09:00', end: '11:00', capacity: 5 },
        { weekday: 6, start: '10:30', end: '12:00', capacity: 5 },
      ],
    });
    expect([overlap.status, overlap.body.error.code]).to.deep.equal([422, 'schedule_overlap']);
    const dated = await put({
      dates: [
        { date: '2027-05-22', start: '09:00', end: '10:00', capacity: 5 },
        { date: '2027-05-22', start: '09:30', end: '10:30', capacity: 5 },
      ],
    });
    expect(dated.body.error.code).to.equal('schedule_overlap');
    const backwards = await put({ weekly: [{ weekday: 6, start: '11:00', end: '09:00', capacity: 5 }] });
    expect(backwards.status).to.equal(400);
    const outside = await put({ closedDates: ['2027-06-01'] });
    expect([outside.status, outside.body.error.code]).to.deep.equal([422, 'date_outside_edition']);
    const other = await createVenue(h.db);
    expect((await put(pattern, manager, other.id)).status).to.equal(403);
    expect(await sessionsOf()).to.deep.equal([]);
  });
});
