// Staff capacity management: sessions of the venues one serves, atomic capacity changes, cancellation, rosters, venue details.
import { expect } from 'chai';
import type { Database } from '../../src/db/database.js';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Session } from '../../src/modules/catalogue/session.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { csvCell } from '../../src/shared/csv.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';
import { bookingRow, countRows, sessionRow, venueRow } from '../helpers/rows.js';

let seq = 0;
const idFor = (born = '1985-03-02') => makeIdNumber('140105', born, ++seq % 1000);
const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;

interface Booked {
  code: string;
  phone: string;
  idNumbers: string[];
}

async function bookingsOf(db: Database, sessionId: number) {
  return db.sql.select<{ code: string; status: string; party_size: number; cancelled_by: string | null; cancelled_at: unknown }>(
    'SELECT code, status, party_size, cancelled_by, cancelled_at FROM bookings WHERE session_id = :sessionId ORDER BY id',
    { sessionId },
  );
}

async function confirmedPartySum(db: Database, sessionId: number): Promise<number> {
  const [row] = await db.sql.select<{ total: number | string | null }>(
    `SELECT COALESCE(SUM(party_size), 0) AS total FROM bookings WHERE session_id = :sessionId AND status = 'confirmed'`,
    { sessionId },
  );
  return Number(row?.total ?? 0);
}

/** The messages session changes queue (bookings queue their own confirmations, not counted here). */
async function notifications(db: Database) {
  const rows = await db.sql.select<{
    dedupe_key: string;
    template: string;
    language: string;
    phone: string;
    payload: string;
    status: string;
    attempts: number;
    next_attempt_at: unknown;
  }>(`SELECT dedupe_key, template, language, phone, payload, status, attempts, next_attempt_at FROM notifications
     WHERE template IN ('session_cancelled', 'session_rescheduled') ORDER BY id`);
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

async function phoneCounter(db: Database, editionId: number, phone: string): Promise<number> {
  const [row] = await db.sql.select<{ n: number }>('SELECT confirmed_bookings AS n FROM phone_counters WHERE edition_id = :editionId AND phone = :phone', {
    editionId,
    phone,
  });
  return Number(row?.n ?? 0);
}

async function fresh(db: Database, session: Session): Promise<Session> {
  return (await sessionRow(db, session.id))!;
}

describe('staff capacity management API', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world(opts: { capacity?: number; kind?: 'lab' | 'science_base' } = {}) {
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: opts.kind ?? 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: opts.capacity ?? 10 });
    return { edition, venue, session };
  }

  /** A family books through the public API; lab visitors get ID numbers. */
  async function book(sessionId: number, i: number, opts: { size?: number; withIds?: boolean; language?: 'zh' | 'en'; name?: string } = {}): Promise<Booked> {
    const phone = phoneOf(i);
    const idNumbers = Array.from({ length: opts.size ?? 1 }, () => idFor());
    const body = {
      sessionId,
      contact: { name: opts.name ?? '王建国', phone },
      visitors: idNumbers.map((idNumber, k) => ({ name: `访客${i}号${k}`, ...(opts.withIds ? { idNumber } : {}) })),
      ...(opts.language ? { language: opts.language } : {}),
    };
    const res = await h.http.post('/api/bookings', body);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { code: res.body.code as string, phone, idNumbers };
  }

  async function checkIn(code: string, staff: Staff, admitted: number, at = new Date('2027-05-22T00:45:00Z')) {
    const booking = (await bookingRow(h.db, code))!;
    await h.db.sql.run(
      `INSERT INTO checkins (booking_id, session_id, venue_id, admitted, user_id, gate, checked_in_at)
       VALUES (:bookingId, :sessionId, :venueId, :admitted, :userId, 'east', :at)`,
      { bookingId: booking.id, sessionId: booking.sessionId, venueId: booking.venueId, admitted, userId: staff.id, at },
    );
    // Each person admitted is an admission of its own (the first places of the party).
    for (let slot = 0; slot < admitted; slot++) {
      await h.db.sql.run(
        `INSERT INTO admissions (booking_id, session_id, venue_id, visitor_id, slot, active_slot, user_id, gate, scanned_at, recorded_at)
         VALUES (:bookingId, :sessionId, :venueId, NULL, :slot, :slot, :userId, 'east', :at, :at)`,
        { bookingId: booking.id, sessionId: booking.sessionId, venueId: booking.venueId, slot, userId: staff.id, at },
      );
    }
  }

  async function auditOf(action: string) {
    return (await h.services.audit.list({ action, page: 1, pageSize: 50 })).items;
  }

  describe('GET /api/manage/sessions', () => {
    it('when a venue manager lists, then only the sessions of their venues in the current edition, with checkedIn and confirmedBookings', async () => {
      h = await startHarness();
      const past = await createEdition(h.db, { startDate: '2026-05-22', endDate: '2026-05-28' });
      const { edition, venue, session } = await world({ capacity: 10 });
      const later = await createSession(h.db, { edition, venue, on: '2027-05-23', from: '14:00', to: '15:00' });
      const other = await createVenue(h.db);
      await createSession(h.db, { edition, venue: other });
      await createSession(h.db, { edition: past, venue, on: '2026-05-22' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const first = await book(session.id, 1, { size: 2 });
      await book(session.id, 2, { size: 1 });
      const cancelled = await book(session.id, 3, { size: 1 });
      expect((await h.http.post(`/api/bookings/${cancelled.code}/cancel`, { phone: cancelled.phone })).status).to.equal(200);
      await checkIn(first.code, manager, 2);

      const res = await h.http.get('/api/manage/sessions', manager.headers);
      expect(res.status).to.equal(200);
      expect(res.body.items.map((s: { id: number }) => s.id)).to.deep.equal([session.id, later.id]);
      expect(res.body.items[0]).to.include({
        venueId: venue.id,
        editionId: edition.id,
        capacity: 10,
        booked: 3,
        remaining: 7,
        status: 'open',
        checkedIn: 2,
        confirmedBookings: 2,
      });
      expect(res.body.items[0].startsAt).to.equal('2027-05-22T09:00:00+08:00');
      expect(res.body.items[1]).to.include({ checkedIn: 0, confirmedBookings: 0, booked: 0 });
    });

    it('when filtered by venueId and date, then only those; a venue not served → 403; an organiser sees every venue', async () => {
      h = await startHarness();
      const { edition, venue, session } = await world();
      const second = await createVenue(h.db);
      const onSecond = await createSession(h.db, { edition, venue: second, on: '2027-05-24' });
      const elsewhere = await createVenue(h.db);
      const notServed = await createSession(h.db, { edition, venue: elsewhere });
      const manager = await signedIn(h, 'venue_manager', [venue.id, second.id]);

      const both = await h.http.get('/api/manage/sessions', manager.headers);
      expect(both.body.items.map((s: { id: number }) => s.id)).to.deep.equal([session.id, onSecond.id]);
      const byVenue = await h.http.get(`/api/manage/sessions?venueId=${second.id}`, manager.headers);
      expect(byVenue.body.items.map((s: { id: number }) => s.id)).to.deep.equal([onSecond.id]);
      const byDate = await h.http.get('/api/manage/sessions?date=2027-05-22', manager.headers);
      expect(byDate.body.items.map((s: { id: number }) => s.id)).to.deep.equal([session.id]);
      const forbidden = await h.http.get(`/api/manage/sessions?venueId=${elsewhere.id}`, manager.headers);
      expect(forbidden.status).to.equal(403);
      expect(forbidden.body.error.code).to.equal('forbidden');
      expect((await h.http.get('/api/manage/sessions?date=22-05-2027', manager.headers)).status).to.equal(400);

      const organiser = await signedIn(h, 'organiser');
      const all = await h.http.get('/api/manage/sessions', organiser.headers);
      expect(all.body.items.map((s: { id: number }) => s.id).sort()).to.deep.equal([session.id, onSecond.id, notServed.id].sort());
    });

    it('when door staff list, then the sessions of their venues (read-only access); anonymous → 401', async () => {
      h = await startHarness();
      const { venue, session } = await world();
      const door = await signedIn(h, 'door_staff', [venue.id]);
      const res = await h.http.get(`/api/manage/sessions?venueId=${venue.id}`, door.headers);
      expect(res.status).to.equal(200);
      expect(res.body.items.map((s: { id: number }) => s.id)).to.deep.equal([session.id]);
      const anonymous = await h.http.get('/api/manage/sessions');
      expect(anonymous.status).to.equal(401);
      expect(anonymous.body.error.code).to.equal('unauthenticated');
    });
  });

  describe('POST /api/manage/sessions', () => {
    it('when a manager adds a session, then 201 in the edition’s timezone, bookable by families, and audited', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const res = await h.http.post(
        '/api/manage/sessions',
        { venueId: venue.id, date: '2027-05-23', startTime: '14:00', endTime: '15:30', capacity: 25 },
        manager.headers,
      );
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({
        venueId: venue.id,
        editionId: edition.id,
        date: '2027-05-23',
        startsAt: '2027-05-23T14:00:00+08:00',
        endsAt: '2027-05-23T15:30:00+08:00',
        capacity: 25,
        booked: 0,
        status: 'open',
        bookable: true,
        checkedIn: 0,
        confirmedBookings: 0,
      });
      const stored = (await sessionRow(h.db, res.body.id))!;
      expect(stored.startsAt.toISOString()).to.equal('2027-05-23T06:00:00.000Z');
      expect((await h.http.get(`/api/sessions/${res.body.id}`)).body).to.include({ capacity: 25, remaining: 25 });
      await book(res.body.id, 1);

      const [entry] = await auditOf('session.create');
      expect(entry).to.deep.include({
        actor: { id: manager.id, username: manager.username },
        target: { type: 'session', id: String(res.body.id) },
        venueId: venue.id,
        before: null,
      });
      expect(entry!.after).to.include({ capacity: 25, startsAt: '2027-05-23T14:00:00+08:00', status: 'open' });
    });

    it('when the date is outside the edition, then 422 date_outside_edition', async () => {
      h = await startHarness();
      await createEdition(h.db);
      const venue = await createVenue(h.db);
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      for (const date of ['2027-05-21', '2027-05-29', '2028-05-22']) {
        const res = await h.http.post('/api/manage/sessions', { venueId: venue.id, date, startTime: '09:00', endTime: '10:00', capacity: 10 }, manager.headers);
        expect(res.status, date).to.equal(422);
        expect(res.body.error.code).to.equal('date_outside_edition');
        expect(res.body.error.details).to.deep.equal({ startDate: '2027-05-22', endDate: '2027-05-28' });
      }
      for (const date of ['2027-05-22', '2027-05-28']) {
        const ok = await h.http.post('/api/manage/sessions', { venueId: venue.id, date, startTime: '09:00', endTime: '10:00', capacity: 10 }, manager.headers);
        expect(ok.status, date).to.equal(201);
      }
      expect(await countRows(h.db, 'sessions')).to.equal(2);
    });

    it('when times, capacity or fields are bad, then 400 validation_failed naming the field', async () => {
      h = await startHarness();
      await createEdition(h.db);
      const venue = await createVenue(h.db);
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const good = { venueId: venue.id, date: '2027-05-23', startTime: '09:00', endTime: '10:00', capacity: 10 };
      const cases: [Record<string, unknown>, string][] = [
        [{ ...good, endTime: '09:00' }, 'endTime'],
        [{ ...good, startTime: '11:00' }, 'endTime'],
        [{ ...good, startTime: '9:00' }, 'startTime'],
        [{ ...good, endTime: '24:00' }, 'endTime'],
        [{ ...good, capacity: 0 }, 'capacity'],
        [{ ...good, capacity: 501 }, 'capacity'],
        [{ ...good, capacity: 2.5 }, 'capacity'],
        [{ ...good, date: '2027-02-30' }, 'date'],
        [{ ...good, venueId: undefined }, 'venueId'],
      ];
      for (const [body, field] of cases) {
        const res = await h.http.post('/api/manage/sessions', body, manager.headers);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
        expect(
          res.body.error.details.fields.map((f: { field: string }) => f.field),
          JSON.stringify(body),
        ).to.deep.equal([field]);
      }
      expect((await h.http.post('/api/manage/sessions', { ...good, capacity: 500 }, manager.headers)).status).to.equal(201);
      expect(await countRows(h.db, 'sessions')).to.equal(1);
    });

    it('when the venue already has a session starting then, then 409 session_exists; an unknown venue → 404 for an organiser', async () => {
      h = await startHarness();
      const { venue, session } = await world();
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const res = await h.http.post(
        '/api/manage/sessions',
        { venueId: venue.id, date: '2027-05-22', startTime: '09:00', endTime: '09:45', capacity: 5 },
        manager.headers,
      );
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('session_exists');
      expect(res.body.error.details).to.deep.equal({ sessionId: session.id });
      expect(await countRows(h.db, 'sessions')).to.equal(1);
      const organiser = await signedIn(h, 'organiser');
      const unknown = await h.http.post(
        '/api/manage/sessions',
        { venueId: 999999, date: '2027-05-22', startTime: '09:00', endTime: '10:00', capacity: 5 },
        organiser.headers,
      );
      expect(unknown.status).to.equal(404);
    });
  });

  describe('PATCH /api/manage/sessions/:id', () => {
    it('when capacity would go below the places booked, then 409 capacity_below_booked with booked, and nothing changes', async () => {
      h = await startHarness();
      const { session } = await world({ capacity: 10 });
      const manager = await signedIn(h, 'venue_manager', [session.venueId]);
      await book(session.id, 1, { size: 2 });
      await book(session.id, 2, { size: 1 });
      const res = await h.http.patch(`/api/manage/sessions/${session.id}`, { capacity: 2 }, manager.headers);
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('capacity_below_booked');
      expect(res.body.error.details).to.deep.equal({ booked: 3 });
      expect(await fresh(h.db, session)).to.include({ capacity: 10, booked: 3 });
      expect(await auditOf('session.update')).to.have.length(0);

      const exact = await h.http.patch(`/api/manage/sessions/${session.id}`, { capacity: 3 }, manager.headers);
      expect(exact.status).to.equal(200);
      expect(exact.body).to.include({ capacity: 3, booked: 3, remaining: 0, bookable: false, confirmedBookings: 2 });
      const [entry] = await auditOf('session.update');
      expect(entry!.before).to.include({ capacity: 10, booked: 3 });
      expect(entry!.after).to.include({ capacity: 3, booked: 3 });
      expect(entry!.actor).to.deep.equal({ id: manager.id, username: manager.username });

      const more = await h.http.patch(`/api/manage/sessions/${session.id}`, { capacity: 12 }, manager.headers);
      expect(more.body).to.include({ capacity: 12, remaining: 9 });
    });

    it('when a session is closed, then families are refused; when reopened, they can book again', async () => {
      h = await startHarness();
      const { session } = await world();
      const manager = await signedIn(h, 'venue_manager', [session.venueId]);
      const closed = await h.http.patch(`/api/manage/sessions/${session.id}`, { status: 'closed' }, manager.headers);
      expect(closed.status).to.equal(200);
      expect(closed.body).to.include({ status: 'closed', bookable: false });
      const refused = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '李四', phone: phoneOf(1) }, visitors: [{ name: '李四' }] });
      expect(refused.body.error.code).to.equal('session_not_bookable');
      const reopened = await h.http.patch(`/api/manage/sessions/${session.id}`, { status: 'open' }, manager.headers);
      expect(reopened.body).to.include({ status: 'open', bookable: true });
      await book(session.id, 1);
      expect(
        (await h.http.patch(`/api/manage/sessions/${session.id}`, { status: 'cancelled' }, manager.headers)).status,
        'cancelling is its own endpoint',
      ).to.equal(400);
      const entries = await auditOf('session.update');
      expect(entries.map((e) => [(e.before as { status: string }).status, (e.after as { status: string }).status])).to.deep.equal([
        ['closed', 'open'],
        ['open', 'closed'],
      ]);
    });

    it('when the times of a session with bookings change, then same date, new times, and one session_rescheduled message per booking', async () => {
      h = await startHarness();
      const { session, venue } = await world({ capacity: 10 });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const zh = await book(session.id, 1, { size: 2 });
      const en = await book(session.id, 2, { language: 'en' });
      const gone = await book(session.id, 3);
      await h.http.post(`/api/bookings/${gone.code}/cancel`, { phone: gone.phone });

      const res = await h.http.patch(`/api/manage/sessions/${session.id}`, { startTime: '10:00', endTime: '11:15' }, manager.headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({ date: '2027-05-22', startsAt: '2027-05-22T10:00:00+08:00', endsAt: '2027-05-22T11:15:00+08:00', booked: 3 });
      const newStart = new Date('2027-05-22T02:00:00Z').getTime();

      const queued = await notifications(h.db);
      expect(queued.map((n) => n.dedupe_key)).to.deep.equal([`session_rescheduled:${zh.code}:${newStart}`, `session_rescheduled:${en.code}:${newStart}`]);
      expect(queued.map((n) => [n.template, n.language, n.phone, n.status, Number(n.attempts)])).to.deep.equal([
        ['session_rescheduled', 'zh', zh.phone, 'pending', 0],
        ['session_rescheduled', 'en', en.phone, 'pending', 0],
      ]);
      expect(new Date(queued[0]!.next_attempt_at as string).getTime()).to.equal(h.clock.now().getTime());
      expect(queued[0]!.payload).to.deep.equal({
        code: zh.code,
        venue: venue.nameZh,
        venueEn: venue.nameEn,
        date: '2027-05-22',
        previousStartsAt: '2027-05-22 09:00',
        previousEndsAt: '2027-05-22 10:30',
        startsAt: '2027-05-22 10:00',
        endsAt: '2027-05-22 11:15',
      });

      // Only the end moves: the start (and so each message key) stays, so nothing new is queued under the same key.
      const endOnly = await h.http.patch(`/api/manage/sessions/${session.id}`, { endTime: '11:30' }, manager.headers);
      expect(endOnly.body.endsAt).to.equal('2027-05-22T11:30:00+08:00');
      expect(await notifications(h.db)).to.have.length(2);
      // Setting the same times again moves nothing and tells nobody.
      await h.http.patch(`/api/manage/sessions/${session.id}`, { startTime: '10:00' }, manager.headers);
      expect(await notifications(h.db)).to.have.length(2);
    });

    it('when the new times are out of order or collide with another session, then 400 / 409 session_exists and nothing changes', async () => {
      h = await startHarness();
      const { edition, venue, session } = await world();
      await createSession(h.db, { edition, venue, from: '14:00', to: '15:00' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const early = await h.http.patch(`/api/manage/sessions/${session.id}`, { endTime: '08:30' }, manager.headers);
      expect(early.status).to.equal(400);
      expect(early.body.error.details.fields[0]).to.include({ field: 'endTime', type: 'time.order' });
      const late = await h.http.patch(`/api/manage/sessions/${session.id}`, { startTime: '10:30' }, manager.headers);
      expect(late.status).to.equal(400);
      expect(late.body.error.details.fields[0]).to.include({ field: 'startTime' });
      const both = await h.http.patch(`/api/manage/sessions/${session.id}`, { startTime: '12:00', endTime: '11:00' }, manager.headers);
      expect(both.status).to.equal(400);
      const clash = await h.http.patch(`/api/manage/sessions/${session.id}`, { startTime: '14:00', endTime: '15:00' }, manager.headers);
      expect(clash.status).to.equal(409);
      expect(clash.body.error.code).to.equal('session_exists');
      const after = await fresh(h.db, session);
      expect(after.startsAt.toISOString()).to.equal(session.startsAt.toISOString());
      expect(after.endsAt.toISOString()).to.equal(session.endsAt.toISOString());
      expect(await auditOf('session.update')).to.have.length(0);
    });

    it('when the session is cancelled, then 409 session_cancelled; an empty body → 400; an unknown id → 404', async () => {
      h = await startHarness();
      const { session } = await world();
      const manager = await signedIn(h, 'venue_manager', [session.venueId]);
      await h.db.sql.run("UPDATE sessions SET status = 'cancelled' WHERE id = :id", { id: session.id });
      for (const body of [{ capacity: 20 }, { status: 'open' }, { startTime: '09:30' }]) {
        const res = await h.http.patch(`/api/manage/sessions/${session.id}`, body, manager.headers);
        expect(res.status, JSON.stringify(body)).to.equal(409);
        expect(res.body.error.code).to.equal('session_cancelled');
      }
      expect(await fresh(h.db, session)).to.include({ status: 'cancelled', capacity: 10 });
      const empty = await h.http.patch(`/api/manage/sessions/${session.id}`, {}, manager.headers);
      expect(empty.status).to.equal(400);
      expect(empty.body.error.code).to.equal('validation_failed');
      const organiser = await signedIn(h, 'organiser');
      expect((await h.http.patch('/api/manage/sessions/999999', { capacity: 5 }, organiser.headers)).status).to.equal(404);
    });
  });

  describe('POST /api/manage/sessions/:id/cancel', () => {
    it('when a session with 3 bookings is cancelled, then all are cancelled, booked 0, 3 messages queued, phones freed; again queues none', async () => {
      h = await startHarness();
      const { edition, venue, session } = await world({ capacity: 10, kind: 'lab' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const families = [
        await book(session.id, 1, { size: 2, withIds: true }),
        await book(session.id, 2, { withIds: true, language: 'en' }),
        await book(session.id, 3, { size: 3, withIds: true }),
      ];
      expect(await phoneCounter(h.db, edition.id, families[0]!.phone)).to.equal(1);

      const res = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: '设备检修 / Equipment maintenance' }, manager.headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.include({ cancelledBookings: 3, notificationsQueued: 3 });
      expect(res.body.session).to.include({ id: session.id, status: 'cancelled', booked: 0, bookable: false, confirmedBookings: 0 });

      const rows = await bookingsOf(h.db, session.id);
      expect(rows.map((r) => [r.status, r.cancelled_by])).to.deep.equal(Array(3).fill(['cancelled', 'venue']));
      expect(rows.every((r) => r.cancelled_at !== null)).to.equal(true);
      expect(await fresh(h.db, session)).to.include({ status: 'cancelled', booked: 0 });
      for (const f of families) expect(await phoneCounter(h.db, edition.id, f.phone), 'the phone may book again').to.equal(0);
      const [active] = await h.db.sql.select<{ n: number | string }>(
        'SELECT COUNT(*) AS n FROM booking_visitors WHERE session_id = :id AND active_id_hash IS NOT NULL',
        { id: session.id },
      );
      expect(Number(active!.n), 'no visitor holds a place any more').to.equal(0);

      const queued = await notifications(h.db);
      expect(queued.map((n) => n.dedupe_key)).to.deep.equal(families.map((f) => `session_cancelled:${f.code}`));
      expect(queued.map((n) => [n.template, n.language, n.phone, n.status])).to.deep.equal([
        ['session_cancelled', 'zh', families[0]!.phone, 'pending'],
        ['session_cancelled', 'en', families[1]!.phone, 'pending'],
        ['session_cancelled', 'zh', families[2]!.phone, 'pending'],
      ]);
      expect(queued[0]!.payload).to.deep.equal({
        code: families[0]!.code,
        venue: venue.nameZh,
        venueEn: venue.nameEn,
        date: '2027-05-22',
        startsAt: '2027-05-22 09:00',
        reason: '设备检修 / Equipment maintenance',
      });

      for (const f of families) {
        const seen = await h.http.get(`/api/bookings/${f.code}?phone=${f.phone}`);
        expect(seen.body).to.include({ status: 'cancelled', qr: null });
      }
      const [entry] = await auditOf('session.cancel');
      expect(entry).to.deep.include({ actor: { id: manager.id, username: manager.username }, venueId: venue.id });
      expect(entry!.before).to.include({ status: 'open', booked: 6 });
      expect(entry!.after).to.include({ status: 'cancelled', booked: 0 });
      expect(entry!.details).to.deep.equal({ reason: '设备检修 / Equipment maintenance', cancelledBookings: 3, notificationsQueued: 3, waitlistEnded: 0 });

      const again = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: '再次 / again' }, manager.headers);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.include({ cancelledBookings: 0, notificationsQueued: 0 });
      expect(again.body.session.status).to.equal('cancelled');
      expect(await notifications(h.db)).to.have.length(3);
      expect(await auditOf('session.cancel')).to.have.length(1);

      // The same visitors may now book another session at the same time, and the session itself takes no one.
      const other = await createSession(h.db, { edition, venue: await createVenue(h.db, { kind: 'lab' }), capacity: 10 });
      const rebook = await h.http.post('/api/bookings', {
        sessionId: other.id,
        contact: { name: '王建国', phone: families[1]!.phone },
        visitors: [{ name: '访客', idNumber: families[1]!.idNumbers[0] }],
      });
      expect(rebook.status, JSON.stringify(rebook.body)).to.equal(201);
      const refused = await h.http.post('/api/bookings', {
        sessionId: session.id,
        contact: { name: '李四', phone: phoneOf(9) },
        visitors: [{ name: '李四', idNumber: idFor() }],
      });
      expect(refused.body.error.code).to.equal('session_not_bookable');
    });

    it('when someone of the session has checked in, then 409 session_has_checkins and nothing changes', async () => {
      h = await startHarness();
      const { session, venue } = await world();
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const door = await signedIn(h, 'door_staff', [venue.id]);
      const first = await book(session.id, 1, { size: 2 });
      await book(session.id, 2);
      await checkIn(first.code, door, 2);
      const res = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: '停电' }, manager.headers);
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('session_has_checkins');
      expect(await fresh(h.db, session)).to.include({ status: 'open', booked: 3 });
      expect((await bookingsOf(h.db, session.id)).map((r) => r.status)).to.deep.equal(['confirmed', 'confirmed']);
      expect(await notifications(h.db)).to.have.length(0);
      expect(await auditOf('session.cancel')).to.have.length(0);
    });

    it('when the session has a waiting list, then its waiting and offered entries end with it, so no offer outlives the session', async () => {
      h = await startHarness();
      const { venue, session } = await world({ capacity: 3 });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      await book(session.id, 1);
      const leaving = await book(session.id, 2, { size: 2 }); // the session is full
      const join = async (i: number, size: number) => {
        const visitors = Array.from({ length: size }, (_, k) => ({ name: `候补${i}号${k}` }));
        const res = await h.http.post(`/api/sessions/${session.id}/waitlist`, { contact: { name: '候补家长', phone: phoneOf(i) }, visitors });
        expect(res.status, JSON.stringify(res.body)).to.equal(201);
        return res.body.id as number;
      };
      await join(7, 2);
      await join(8, 1);
      const gone = await join(9, 1);
      expect((await h.http.post(`/api/waitlist/${gone}/leave`, { phone: phoneOf(9) })).status).to.equal(200);
      // A family cancels: its two places are offered to the first party waiting (held for it), the next keeps waiting.
      expect((await h.http.post(`/api/bookings/${leaving.code}/cancel`, { phone: leaving.phone })).status).to.equal(200);
      const before = await h.db.sql.select<{ status: string }>('SELECT status FROM waitlist_entries ORDER BY id');
      expect(before.map((r) => r.status)).to.deep.equal(['offered', 'waiting', 'left']);

      const res = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: '暴雨 / Storm' }, manager.headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.deep.include({ cancelledBookings: 1, notificationsQueued: 1 });
      expect(res.body.session).to.include({ booked: 0, status: 'cancelled' });
      const statuses = await h.db.sql.select<{ status: string }>('SELECT status FROM waitlist_entries ORDER BY id');
      expect(statuses.map((r) => r.status)).to.deep.equal(['expired', 'expired', 'left']);
      const [audited] = await auditOf('session.cancel');
      expect(audited!.details).to.include({ waitlistEnded: 2 });
    });

    it('when the reason is missing, blank or too long, then 400; an empty session is cancelled with no messages', async () => {
      h = await startHarness();
      const { session, venue } = await world();
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      for (const body of [{}, { reason: '   ' }, { reason: 'x'.repeat(501) }]) {
        const res = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, body, manager.headers);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.details.fields[0].field).to.equal('reason');
      }
      expect((await fresh(h.db, session)).status).to.equal('open');
      const ok = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: 'x'.repeat(500) }, manager.headers);
      expect(ok.body).to.deep.include({ cancelledBookings: 0, notificationsQueued: 0 });
      expect(ok.body.session.status).to.equal('cancelled');
    });
  });

  describe('GET /api/manage/sessions/:id/roster', () => {
    async function rosterWorld() {
      const { session, venue } = await world({ capacity: 10, kind: 'lab' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const gone = await book(session.id, 1, { withIds: true, name: '赵敏' });
      await h.http.post(`/api/bookings/${gone.code}/cancel`, { phone: gone.phone });
      const first = await book(session.id, 2, { size: 2, withIds: true, name: '王建国' });
      const second = await book(session.id, 3, { withIds: true, name: '李小龙' });
      await checkIn(first.code, manager, 2);
      return { session, venue, manager, gone, first, second };
    }

    it('when a manager reads the roster, then confirmed bookings first, masked contacts and visitors, and check-ins', async () => {
      h = await startHarness();
      const { session, manager, gone, first, second } = await rosterWorld();
      const res = await h.http.get(`/api/manage/sessions/${session.id}/roster`, manager.headers);
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.include('no-store');
      expect(res.body.session).to.include({ id: session.id, booked: 3, checkedIn: 2, confirmedBookings: 2 });
      expect(res.body.items.map((i: { code: string; status: string }) => [i.code, i.status])).to.deep.equal([
        [first.code, 'confirmed'],
        [second.code, 'confirmed'],
        [gone.code, 'cancelled'],
      ]);
      const [a, b] = res.body.items;
      expect(a).to.deep.include({ partySize: 2, contact: { name: '王*国', phone: `139****${first.phone.slice(-4)}` } });
      expect(a.visitors).to.deep.equal([
        { name: '访***0', idNumber: `1401**********${first.idNumbers[0]!.slice(-4)}`, admitted: true, gate: 'east' },
        { name: '访***1', idNumber: `1401**********${first.idNumbers[1]!.slice(-4)}`, admitted: true, gate: 'east' },
      ]);
      expect(a.checkedIn).to.deep.equal({ at: '2027-05-22T08:45:00+08:00', admitted: 2, by: manager.username, gates: ['east'] });
      expect(b.checkedIn).to.equal(null);
      for (const f of [first, second, gone]) {
        expect(res.text).to.not.include(f.phone);
        for (const idNumber of f.idNumbers) expect(res.text).to.not.include(idNumber);
      }
    });

    it('when the roster is asked for as CSV, then a UTF-8 file with BOM, Chinese and English headers, one row per visitor, masked data only', async () => {
      h = await startHarness();
      const { session, manager, first, second, gone } = await rosterWorld();
      const res = await h.http.get(`/api/manage/sessions/${session.id}/roster?format=csv`, manager.headers);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="[\w.-]+\.csv"$/);
      expect([...res.bytes.subarray(0, 3)], 'UTF-8 BOM').to.deep.equal([0xef, 0xbb, 0xbf]);
      const lines = res.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).to.include('预约码 Code').and.include('证件号码 ID number').and.include('联系电话 Phone');
      expect(lines, 'header + 2 + 1 + 1 visitors').to.have.length(5);
      expect(lines[1]!.startsWith(`${first.code},`)).to.equal(true);
      expect(lines[1])
        .to.include('王*国')
        .and.include(`139****${first.phone.slice(-4)}`)
        .and.include(`1401**********${first.idNumbers[0]!.slice(-4)}`);
      expect(lines[1]).to.include('2027-05-22T08:45:00+08:00');
      expect(lines[3]!.startsWith(`${second.code},`)).to.equal(true);
      expect(lines[4]!.startsWith(`${gone.code},`)).to.equal(true);
      for (const f of [first, second, gone]) {
        expect(res.text, 'no full phone').to.not.include(f.phone);
        for (const idNumber of f.idNumbers) expect(res.text, 'no full ID number').to.not.include(idNumber);
      }
      expect(res.text).to.not.include('王建国').and.not.include('李小龙');
    });

    it('then CSV cells are quoted as RFC 4180 asks and cannot become formulas', () => {
      expect(csvCell('plain')).to.equal('plain');
      expect(csvCell('a,b')).to.equal('"a,b"');
      expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
      expect(csvCell('two\nlines')).to.equal('"two\nlines"');
      expect(csvCell('=SUM(A1:A2)')).to.equal("'=SUM(A1:A2)");
      expect(csvCell(null)).to.equal('');
      expect(csvCell(3)).to.equal('3');
    });
  });

  describe('PATCH /api/manage/venues/:id', () => {
    it('when a manager edits details and rules, then they apply to families and the change is audited', async () => {
      h = await startHarness();
      const { venue, session } = await world({ kind: 'science_base' });
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const changes = {
        descriptionZh: '  开放实验室，参观仪器。 ',
        descriptionEn: 'Open lab',
        addressZh: '太原市小店区坞城路92号东门',
        accessibilityZh: '有无障碍通道',
        contactPhone: '0351-7010000',
        contactEmail: 'lab@example.edu.cn',
        minAge: 12,
        maxPartySize: 2,
        realNameRequired: true,
      };
      const res = await h.http.patch(`/api/manage/venues/${venue.id}`, changes, manager.headers);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body).to.include({
        id: venue.id,
        descriptionZh: '开放实验室，参观仪器。',
        minAge: 12,
        maxPartySize: 2,
        realNameRequired: true,
        contactPhone: '0351-7010000',
      });
      expect(res.body.rules).to.deep.equal({ minAge: 12, maxPartySize: 2, realNameRequired: true });

      const pub = await h.http.get(`/api/venues/${venue.id}`);
      expect(pub.body).to.include({ description: '开放实验室，参观仪器。', address: '太原市小店区坞城路92号东门' });
      expect(pub.body.rules).to.deep.equal({ minAge: 12, maxPartySize: 2, realNameRequired: true });
      const tooMany = await h.http.post('/api/bookings', {
        sessionId: session.id,
        contact: { name: '李四', phone: phoneOf(1) },
        visitors: [
          { name: '甲', idNumber: idFor() },
          { name: '乙', idNumber: idFor() },
          { name: '丙', idNumber: idFor() },
        ],
      });
      expect(tooMany.body.error.code).to.equal('party_too_large');

      const [entry] = await auditOf('venue.update');
      expect(entry).to.deep.include({
        actor: { id: manager.id, username: manager.username },
        target: { type: 'venue', id: String(venue.id) },
        venueId: venue.id,
      });
      expect(entry!.before).to.deep.include({ minAge: 0, maxPartySize: null, realNameRequired: false, descriptionZh: null });
      expect(entry!.after).to.deep.include({ minAge: 12, maxPartySize: 2, realNameRequired: true });

      const back = await h.http.patch(`/api/manage/venues/${venue.id}`, { maxPartySize: null, descriptionEn: '' }, manager.headers);
      expect(back.body).to.include({ maxPartySize: null, descriptionEn: null });
      expect(back.body.rules.maxPartySize, 'the edition’s default').to.equal(5);
    });

    it('when values are out of range or nothing is given, then 400 and nothing changes; an unknown venue → 404 for an organiser', async () => {
      h = await startHarness();
      const { venue } = await world();
      const manager = await signedIn(h, 'venue_manager', [venue.id]);
      const cases: [Record<string, unknown>, string][] = [
        [{ minAge: 19 }, 'minAge'],
        [{ minAge: -1 }, 'minAge'],
        [{ maxPartySize: 0 }, 'maxPartySize'],
        [{ maxPartySize: 21 }, 'maxPartySize'],
        [{ realNameRequired: 'maybe' }, 'realNameRequired'],
        [{ contactEmail: 'not-an-email' }, 'contactEmail'],
        [{ contactPhone: 'call us' }, 'contactPhone'],
        [{ district: 'x'.repeat(33) }, 'district'],
        [{}, '(body)'],
        [{ nameZh: '改名' }, '(body)'],
      ];
      for (const [body, field] of cases) {
        const res = await h.http.patch(`/api/manage/venues/${venue.id}`, body, manager.headers);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(
          res.body.error.details.fields.map((f: { field: string }) => f.field),
          JSON.stringify(body),
        ).to.deep.equal([field]);
      }
      const stored = (await venueRow(h.db, venue.id))!;
      expect(stored).to.include({ minAge: 0, maxPartySize: null, nameZh: venue.nameZh });
      const organiser = await signedIn(h, 'organiser');
      expect((await h.http.patch('/api/manage/venues/999999', { minAge: 3 }, organiser.headers)).status).to.equal(404);
      expect((await h.http.patch(`/api/manage/venues/${venue.id}`, { minAge: 3 }, organiser.headers)).body.minAge).to.equal(3);
    });
  });

  describe('who may do what', () => {
    async function twoVenues() {
      const edition = await createEdition(h.db);
      const mine = await createVenue(h.db, { kind: 'science_base' });
      const theirs = await createVenue(h.db, { kind: 'science_base' });
      const mySession = await createSession(h.db, { edition, venue: mine });
      const theirSession = await createSession(h.db, { edition, venue: theirs });
      return { edition, mine, theirs, mySession, theirSession };
    }

    /** Every manage endpoint, aimed at one venue and one of its sessions. */
    function calls(venue: Venue, session: Session, _edition: Edition) {
      return [
        ['GET sessions', 'GET', `/api/manage/sessions?venueId=${venue.id}`, undefined],
        ['POST sessions', 'POST', '/api/manage/sessions', { venueId: venue.id, date: '2027-05-23', startTime: '09:00', endTime: '10:00', capacity: 5 }],
        ['PATCH session', 'PATCH', `/api/manage/sessions/${session.id}`, { capacity: 3 }],
        ['cancel', 'POST', `/api/manage/sessions/${session.id}/cancel`, { reason: '测试' }],
        ['roster', 'GET', `/api/manage/sessions/${session.id}/roster`, undefined],
        ['roster csv', 'GET', `/api/manage/sessions/${session.id}/roster?format=csv`, undefined],
        ['PATCH venue', 'PATCH', `/api/manage/venues/${venue.id}`, { minAge: 16 }],
      ] as const;
    }

    async function expectUntouched(session: Session, venue: Venue) {
      expect(await fresh(h.db, session)).to.include({ capacity: 20, status: 'open' });
      expect((await venueRow(h.db, venue.id))!.minAge).to.equal(0);
      expect(await countRows(h.db, 'sessions', { venue_id: venue.id })).to.equal(1);
      const [n] = await h.db.sql.select<{ n: number | string }>("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'session.%' OR action LIKE 'venue.%'");
      expect(Number(n!.n), 'nothing audited').to.equal(0);
    }

    it('when a venue manager of venue A acts on venue B, then 403 forbidden for every endpoint, and nothing changes', async () => {
      h = await startHarness();
      const { edition, mine, theirs, theirSession } = await twoVenues();
      const manager = await signedIn(h, 'venue_manager', [mine.id]);
      for (const [name, method, path, body] of calls(theirs, theirSession, edition)) {
        const res = await h.http.request(method, path, { body, headers: manager.headers });
        expect(res.status, name).to.equal(403);
        expect(res.body.error.code, name).to.equal('forbidden');
      }
      await expectUntouched(theirSession, theirs);
    });

    it('when door staff use anything but the session list, then 403, even at their own venue', async () => {
      h = await startHarness();
      const { edition, mine, mySession } = await twoVenues();
      const door = await signedIn(h, 'door_staff', [mine.id]);
      for (const [name, method, path, body] of calls(mine, mySession, edition)) {
        const res = await h.http.request(method, path, { body, headers: door.headers });
        expect(res.status, name).to.equal(name === 'GET sessions' ? 200 : 403);
      }
      await expectUntouched(mySession, mine);
    });

    it('when nobody is signed in, or the token is bad, then 401 unauthenticated for every endpoint', async () => {
      h = await startHarness();
      const { edition, mine, mySession } = await twoVenues();
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }] as Record<string, string>[]) {
        for (const [name, method, path, body] of calls(mine, mySession, edition)) {
          const res = await h.http.request(method, path, { body, headers });
          expect(res.status, name).to.equal(401);
          expect(res.body.error.code, name).to.equal('unauthenticated');
        }
      }
      await expectUntouched(mySession, mine);
    });

    it('when an organiser acts on any venue, then it is allowed', async () => {
      h = await startHarness();
      const { edition, theirs, theirSession } = await twoVenues();
      const organiser = await signedIn(h, 'organiser');
      const statuses = [];
      for (const [name, method, path, body] of calls(theirs, theirSession, edition)) {
        statuses.push([name, (await h.http.request(method, path, { body, headers: organiser.headers })).status]);
      }
      expect(statuses).to.deep.equal([
        ['GET sessions', 200],
        ['POST sessions', 201],
        ['PATCH session', 200],
        ['cancel', 200],
        ['roster', 200],
        ['roster csv', 200],
        ['PATCH venue', 200],
      ]);
    });
  });

  describe('under concurrency', () => {
    it('when capacity changes race with bookings, then booked never exceeds capacity', async () => {
      h = await startHarness();
      const { session } = await world({ capacity: 30, kind: 'science_base' });
      const manager = await signedIn(h, 'venue_manager', [session.venueId]);
      // A fixed pseudo-random sequence: the same race every run.
      let state = 20270522;
      const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const capacities = Array.from({ length: 30 }, () => 5 + Math.floor(random() * 36));

      const bookings = Array.from({ length: 60 }, (_, i) => async () => {
        const res = await h.http.post('/api/bookings', {
          sessionId: session.id,
          contact: { name: `家长${i}`, phone: phoneOf(i) },
          visitors: [{ name: `访客${i}` }],
        });
        return { kind: 'booking' as const, status: res.status, body: res.body };
      });
      const patches = capacities.map((capacity) => async () => {
        const res = await h.http.patch(`/api/manage/sessions/${session.id}`, { capacity }, manager.headers);
        return { kind: 'capacity' as const, status: res.status, body: res.body, capacity };
      });
      // Interleaved: two bookings, then a capacity change, all fired at once.
      const all = [];
      for (let i = 0; i < 60; i++) {
        all.push(bookings[i]!);
        if (i % 2 === 1) all.push(patches[(i - 1) / 2]!);
      }
      const answers = await Promise.all(all.map((fire) => fire()));

      expect(
        answers.filter((a) => a.status >= 500),
        'no 5xx',
      ).to.deep.equal([]);
      const booked201 = answers.filter((a) => a.kind === 'booking' && a.status === 201);
      for (const a of answers.filter((x) => x.kind === 'booking' && x.status !== 201)) {
        expect(a.status, JSON.stringify(a.body)).to.equal(409);
        expect(a.body.error.code).to.equal('session_full');
      }
      for (const a of answers.filter((x) => x.kind === 'capacity')) {
        if (a.status === 200) {
          expect(a.body.booked, 'a successful resize never leaves more booked than capacity').to.be.at.most(a.body.capacity);
        } else {
          expect(a.status, JSON.stringify(a.body)).to.equal(409);
          expect(a.body.error.code).to.equal('capacity_below_booked');
          expect(a.body.error.details.booked).to.be.above((a as { capacity: number }).capacity);
        }
      }
      for (const a of booked201) expect(a.body.session.booked).to.be.at.most(a.body.session.capacity);

      const end = await fresh(h.db, session);
      expect(end.booked, 'booked <= capacity').to.be.at.most(end.capacity);
      expect(end.booked, 'booked = Σ party_size of confirmed bookings').to.equal(await confirmedPartySum(h.db, session.id));
      expect(end.booked, 'one place per 201').to.equal(booked201.length);
      expect(booked201.length, 'the race really booked something').to.be.above(0);
      expect(
        answers.some((a) => a.kind === 'capacity' && a.status === 200),
        'and really resized',
      ).to.equal(true);
    });
  });
});
