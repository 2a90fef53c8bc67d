// Group visits: a teacher with a verified phone requests a visit for a class, the venue manager proposes another
// session (places held through the ledger), the teacher confirms (one booking, one QR code), and the door admits the
// group by count. Offers never confirmed expire and free their places; bad input gets a clear code.
import { expect } from 'chai';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Session } from '../../src/modules/catalogue/session.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { zonedInstant } from '../../src/shared/time.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { freshPhone, provePhone } from '../helpers/phones.js';
import { countRows, sessionRow } from '../helpers/rows.js';
import { signedIn } from '../helpers/staff.js';

const at = (date: string, time: string) => zonedInstant(date, time, 'Asia/Shanghai');

describe('group visits', () => {
  let h: LoggedHarness;
  let edition: Edition;
  let lab: Venue;
  let morning: Session;
  let afternoon: Session;
  let nextDay: Session;
  let manager: Record<string, string>;
  let teacher: { phone: string; headers: Record<string, string> };
  afterEach(async () => h?.close());

  async function setUp() {
    h = await startLoggedHarness('2027-05-10T02:00:00Z');
    edition = await createEdition(h.db);
    lab = await createVenue(h.db, { kind: 'lab', realNameRequired: true, minAge: 8 });
    morning = await createSession(h.db, { edition, venue: lab, on: '2027-05-22', from: '09:00', to: '10:30', capacity: 60 });
    afternoon = await createSession(h.db, { edition, venue: lab, on: '2027-05-22', from: '14:00', to: '15:30', capacity: 60 });
    nextDay = await createSession(h.db, { edition, venue: lab, on: '2027-05-23', from: '09:00', to: '10:30', capacity: 60 });
    manager = (await signedIn(h, 'venue_manager', [lab.id])).headers;
    const phone = freshPhone();
    teacher = { phone, headers: { 'Phone-Token': await provePhone(h, phone) } };
  }

  const request = (overrides: Record<string, unknown> = {}, headers = teacher.headers) =>
    h.http.post(
      '/api/groups',
      {
        venueId: lab.id,
        school: '太原市实验小学',
        className: '五年级二班',
        pupils: 38,
        ageFrom: 10,
        ageTo: 11,
        adults: [
          { name: '李老师', idNumber: makeIdNumber('140105', '1985-03-04', 11) },
          { name: '王老师', idNumber: makeIdNumber('140105', '1988-07-08', 12) },
        ],
        sessionIds: [morning.id, afternoon.id],
        note: '两位老师带队',
        contactName: '李老师',
        ...overrides,
      },
      headers,
    );

  it('when a teacher requests, the manager proposes another session and the teacher confirms, then the group is admitted by count', async function () {
    this.timeout(60_000);
    await setUp();
    const asked = await request();
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    expect(asked.body).to.include({ status: 'requested', pupils: 38, size: 40, bookingCode: null });
    expect(asked.body.adults[0].idNumber).to.match(/\*{4}/);

    const queue = await h.http.get(`/api/manage/groups?venueId=${lab.id}&status=requested`, manager);
    expect(queue.status).to.equal(200);
    expect(queue.body.map((g: { id: number }) => g.id)).to.deep.equal([asked.body.id]);

    const proposed = await h.http.post(`/api/manage/groups/${asked.body.id}/propose`, { sessionId: nextDay.id, note: '22日已满，建议23日上午' }, manager);
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
    expect(proposed.body).to.include({ status: 'offered', proposed: true });
    expect(proposed.body.session.id).to.equal(nextDay.id);
    expect((await sessionRow(h.db, nextDay.id))!.booked).to.equal(40);

    const seen = await h.http.get(`/api/groups/${asked.body.id}`, teacher.headers);
    expect(seen.body).to.include({ status: 'offered' });
    const confirmed = await h.http.post(`/api/groups/${asked.body.id}/confirm`, {}, teacher.headers);
    expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);
    expect(confirmed.body.status).to.equal('confirmed');
    const code = confirmed.body.bookingCode as string;
    expect(code).to.match(/^[0-9A-Z]{8}$/);
    // Confirming again is the same answer.
    expect((await h.http.post(`/api/groups/${asked.body.id}/confirm`, {}, teacher.headers)).body.bookingCode).to.equal(code);
    // One booking, one QR pass for 40 people; the hold became the booking (no double count).
    const pass = await h.http.get(`/api/bookings/${code}?phone=${teacher.phone}`);
    expect(pass.status).to.equal(200);
    expect(pass.body.partySize).to.equal(40);
    expect((await sessionRow(h.db, nextDay.id))!.booked).to.equal(40);
    expect(await countRows(h.db, 'booking_visitors', { name: '学生 Pupil' })).to.equal(38);
    expect(await countRows(h.db, 'notifications', { phone: teacher.phone, template: 'group_status' })).to.equal(3);

    // The door: the whole group on one code, admitted by count (two pupils were ill).
    const door = await signedIn(h, 'door_staff', [lab.id]);
    h.clock.set(at('2027-05-23', '08:50'));
    const { token } = await h.services.accounts.login(door.username, door.password, '127.0.0.1');
    const scan = await h.http.post('/api/checkins', { code, admitted: 38, gate: '东门' }, { authorization: `Bearer ${token}` });
    expect(scan.status, JSON.stringify(scan.body)).to.equal(200);
    expect(scan.body.admitted).to.equal(38);

    // The organisers count groups and pupils apart.
    const organiser = await signedIn(h, 'organiser');
    const report = await h.http.get(`/api/reports/groups?editionId=${edition.id}`, organiser.headers);
    expect(report.status).to.equal(200);
    expect(report.body.totals).to.deep.equal({ groups: 1, pupils: 38, adults: 2, admitted: 38, requests: 1, declined: 0, expired: 0 });
    expect(report.body.byVenue).to.have.length(1);
  });

  it('when an offer is never confirmed, then it expires and frees the places; confirming after is refused', async () => {
    await setUp();
    const asked = await request();
    const approved = await h.http.post(`/api/manage/groups/${asked.body.id}/approve`, { sessionId: afternoon.id }, manager);
    expect(approved.status).to.equal(200);
    expect(approved.body).to.include({ status: 'offered', proposed: false, offerExpiresAt: '2027-05-13T10:00:00+08:00' });
    expect((await sessionRow(h.db, afternoon.id))!.booked).to.equal(40);
    h.clock.set(at('2027-05-13', '10:01'));
    expect(await h.services.groups.expireOffers()).to.deep.equal({ expired: 1 });
    expect(await h.services.groups.expireOffers()).to.deep.equal({ expired: 0 });
    expect((await sessionRow(h.db, afternoon.id))!.booked).to.equal(0);
    // (A fresh proof: phone tokens are short-lived.)
    const late = await h.http.post(`/api/groups/${asked.body.id}/confirm`, {}, { 'Phone-Token': await provePhone(h, teacher.phone) });
    expect(late.status).to.equal(409);
    expect(late.body.error.code).to.equal('group_request_state');
  });

  it('when the input is bad, the phone unproven, or the manager answers wrongly, then a clear code and nothing held', async () => {
    await setUp();
    const big = await request({ pupils: 60 });
    expect(big.status).to.equal(422);
    expect(big.body.error.code).to.equal('group_too_large');
    expect((await request({ ageFrom: 6, ageTo: 7 })).body.error.code).to.equal('under_min_age');
    const noId = await request({ adults: [{ name: '赵老师' }] });
    expect(noId.status).to.equal(400);
    expect((await request({ sessionIds: [9_999_999] })).body.error.code).to.equal('session_not_available');
    const anonymous = await request({}, {});
    expect(anonymous.status).to.equal(401);
    expect(anonymous.body.error.code).to.equal('phone_not_verified');
    expect(await countRows(h.db, 'group_requests')).to.equal(0);

    const asked = await request();
    const notPreferred = await h.http.post(`/api/manage/groups/${asked.body.id}/approve`, { sessionId: nextDay.id }, manager);
    expect(notPreferred.status).to.equal(422);
    expect(notPreferred.body.error.code).to.equal('session_not_preferred');
    const small = await createSession(h.db, { edition, venue: lab, on: '2027-05-24', capacity: 20 });
    const full = await h.http.post(`/api/manage/groups/${asked.body.id}/propose`, { sessionId: small.id }, manager);
    expect(full.status).to.equal(409);
    expect(full.body.error.code).to.equal('session_full');
    const other = await createVenue(h.db, { kind: 'lab' });
    const otherManager = (await signedIn(h, 'venue_manager', [other.id])).headers;
    expect((await h.http.post(`/api/manage/groups/${asked.body.id}/decline`, { reason: '不是我的场馆' }, otherManager)).status).to.equal(403);
    const declined = await h.http.post(`/api/manage/groups/${asked.body.id}/decline`, { reason: '实验室设备检修' }, manager);
    expect(declined.body).to.include({ status: 'declined', reason: '实验室设备检修' });
    expect((await h.http.post(`/api/manage/groups/${asked.body.id}/approve`, { sessionId: morning.id }, manager)).status).to.equal(409);
    const otherTeacher = freshPhone();
    expect((await h.http.get(`/api/groups/${asked.body.id}`, { 'Phone-Token': await provePhone(h, otherTeacher) })).status).to.equal(404);
  });
});
