import { expect } from 'chai';
import QRCode from 'qrcode';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bookingRow, countRows, sessionRow } from '../helpers/rows.js';

const PHONE = '13812345678';
let seq = 0;
/** A valid ID number for someone born on `born`. */
const idFor = (born = '1985-03-02') => makeIdNumber('140105', born, ++seq % 1000);

function family(sessionId: number, size = 2, phone = PHONE, born = '1985-03-02') {
  return {
    sessionId,
    contact: { name: '王建国', phone },
    visitors: Array.from({ length: size }, (_, i) => ({ name: `访客${i + 1}号`, idNumber: idFor(born) })),
  };
}

describe('bookings API', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function world(
    opts: { capacity?: number; kind?: 'lab' | 'science_base'; minAge?: number; maxPartySize?: number | null; rules?: Record<string, number> } = {},
  ) {
    const edition = await createEdition(h.db, { rules: opts.rules });
    const venue = await createVenue(h.db, { kind: opts.kind ?? 'lab', minAge: opts.minAge ?? 0, maxPartySize: opts.maxPartySize ?? null });
    const session = await createSession(h.db, { edition, venue, capacity: opts.capacity ?? 10 });
    return { edition, venue, session };
  }

  async function confirmedSum(sessionId: number): Promise<number> {
    const [row] = await h.db.sql.select<{ n: number | string | null }>(
      "SELECT SUM(party_size) AS n FROM bookings WHERE session_id = :sessionId AND status = 'confirmed'",
      { sessionId },
    );
    return Number(row?.n ?? 0);
  }

  async function booked(sessionId: number): Promise<number> {
    return (await sessionRow(h.db, sessionId))!.booked;
  }

  describe('POST /api/bookings', () => {
    it('when a family books two places, then 201 confirmed with masked data, a QR token and links', async () => {
      h = await startHarness();
      const { session, venue } = await world();
      const body = family(session.id, 2);
      const res = await h.http.post('/api/bookings', body);
      expect(res.status).to.equal(201);
      expect(res.body).to.include({ status: 'confirmed', partySize: 2 });
      expect(res.body.code).to.match(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
      expect(res.body.session).to.include({ id: session.id, booked: 2, remaining: 8 });
      expect(res.body.venue).to.include({ id: venue.id });
      expect(res.body.contact).to.deep.equal({ name: '王*国', phone: '138****5678' });
      expect(res.body.visitors[0].idNumber).to.match(/^1401\*{10}[\dX]{4}$/);
      expect(res.body.qr.token).to.match(/^od2\./);
      expect(res.body.qr.png).to.match(new RegExp(`^/api/bookings/${res.body.code}/qr\\.png\\?key=`));
      expect(res.text, 'no ID number or phone in clear').to.not.include(body.visitors[0]!.idNumber).and.not.include(PHONE);
      expect(await booked(session.id)).to.equal(2);
      expect(await confirmedSum(session.id)).to.equal(2);
    });

    it('then no ID number is stored in clear, only a keyed hash and a masked form', async () => {
      h = await startHarness();
      const { session } = await world();
      const body = family(session.id, 1);
      await h.http.post('/api/bookings', body);
      const rows = await h.db.sql.select<Record<string, unknown>>('SELECT * FROM booking_visitors');
      const dump = JSON.stringify(rows);
      expect(dump).to.not.include(body.visitors[0]!.idNumber);
      expect(rows[0]!.id_hash).to.match(/^[0-9a-f]{64}$/);
      expect(rows[0]!.id_masked).to.match(/^1401\*{10}/);
    });

    it('when the party is larger than what is left, then 409 session_full with remaining, and nothing is written', async () => {
      h = await startHarness();
      const { session } = await world({ capacity: 3 });
      expect((await h.http.post('/api/bookings', family(session.id, 2, '13900000001'))).status).to.equal(201);
      const res = await h.http.post('/api/bookings', family(session.id, 2, '13900000002'));
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('session_full');
      expect(res.body.error.details).to.include({ remaining: 1 });
      expect(await booked(session.id)).to.equal(2);
      expect(await countRows(h.db, 'bookings')).to.equal(1);
      expect(await countRows(h.db, 'booking_visitors')).to.equal(2);
      const [counter] = await h.db.sql.select<{ confirmed_bookings: number }>("SELECT confirmed_bookings FROM phone_counters WHERE phone = '13900000002'");
      expect(Number(counter?.confirmed_bookings ?? 0), 'a refused booking does not count against the phone').to.equal(0);
    });

    it('when the session is closed or cancelled, then 409 session_not_bookable', async () => {
      h = await startHarness();
      const { session } = await world();
      await h.db.sql.run("UPDATE sessions SET status = 'closed' WHERE id = :id", { id: session.id });
      const res = await h.http.post('/api/bookings', family(session.id));
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('session_not_bookable');
      await h.db.sql.run("UPDATE sessions SET status = 'cancelled' WHERE id = :id", { id: session.id });
      expect((await h.http.post('/api/bookings', family(session.id))).body.error.code).to.equal('session_not_bookable');
    });

    it('when booking has not opened or has passed the cutoff, then 422 booking_closed with the window', async () => {
      h = await startHarness('2027-05-08T00:59:59Z'); // opens 09:00 +08:00 = 01:00Z
      const { session } = await world();
      const early = await h.http.post('/api/bookings', family(session.id));
      expect(early.status).to.equal(422);
      expect(early.body.error.code).to.equal('booking_closed');
      expect(early.body.error.details).to.deep.equal({ opensAt: '2027-05-08T09:00:00+08:00', closesAt: '2027-05-22T08:00:00+08:00' });
      h.clock.set('2027-05-22T00:00:00Z'); // 08:00 local: exactly the cutoff
      expect((await h.http.post('/api/bookings', family(session.id))).body.error.code).to.equal('booking_closed');
      h.clock.set('2027-05-21T23:59:59Z');
      expect((await h.http.post('/api/bookings', family(session.id))).status).to.equal(201);
    });

    it('when the edition sets another cutoff, then it applies', async () => {
      h = await startHarness('2027-05-22T00:30:00Z'); // 08:30 local, session at 09:00
      const { session } = await world({ rules: { bookingCutoffMinutes: 15 } });
      expect((await h.http.post('/api/bookings', family(session.id))).status).to.equal(201);
    });

    it('when the party exceeds the venue’s or the edition’s limit, then 422 party_too_large', async () => {
      h = await startHarness();
      const { session } = await world({ capacity: 40 });
      const six = await h.http.post('/api/bookings', family(session.id, 6));
      expect(six.status).to.equal(422);
      expect(six.body.error.code).to.equal('party_too_large');
      expect(six.body.error.details).to.include({ maxPartySize: 5 });
      const small = await world({ capacity: 40, maxPartySize: 2 });
      expect((await h.http.post('/api/bookings', family(small.session.id, 3))).body.error.details).to.include({ maxPartySize: 2 });
    });

    it('when an ID number is malformed, has a bad check digit or no real birth date, then 400 on that field', async () => {
      h = await startHarness();
      const { session } = await world();
      const good = idFor();
      const badCheck = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
      for (const [idNumber, type] of [
        ['12345', 'idNumber.format'],
        [badCheck, 'idNumber.check_digit'],
        ['140105202702300010', 'idNumber.birth_date'],
      ] as const) {
        const body = family(session.id, 2);
        body.visitors[1]!.idNumber = idNumber;
        const res = await h.http.post('/api/bookings', body);
        expect(res.status, idNumber).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
        expect(res.body.error.details.fields).to.deep.equal([{ field: 'visitors.1.idNumber', type, message: res.body.error.details.fields[0].message }]);
      }
      expect(await countRows(h.db, 'bookings')).to.equal(0);
    });

    it('when a lab requires real names and an ID number is missing, then 400 on that field; a science base does not', async () => {
      h = await startHarness();
      const lab = await world({ kind: 'lab' });
      const body = family(lab.session.id, 2);
      delete (body.visitors[0] as { idNumber?: string }).idNumber;
      const res = await h.http.post('/api/bookings', body);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields.map((f: any) => f.field)).to.deep.equal(['visitors.0.idNumber']);
      const base = await world({ kind: 'science_base' });
      const ok = await h.http.post('/api/bookings', { ...body, sessionId: base.session.id });
      expect(ok.status).to.equal(201);
      expect(ok.body.visitors[0].idNumber).to.equal(null);
    });

    it('when a visitor is younger than the venue’s minimum age on the session’s date, then 422 under_min_age', async () => {
      h = await startHarness();
      const { session } = await world({ minAge: 10 }); // session on 2027-05-22
      const body = family(session.id, 2);
      body.visitors[1]!.idNumber = idFor('2017-05-23'); // 9 on the day
      const res = await h.http.post('/api/bookings', body);
      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('under_min_age');
      expect(res.body.error.details).to.deep.equal({ minAge: 10, visitors: [1] });
      body.visitors[1]!.idNumber = idFor('2017-05-22'); // 10 that very day
      expect((await h.http.post('/api/bookings', body)).status).to.equal(201);
    });

    it('when the same person is already booked in this or an overlapping session, then 409 duplicate_visitor', async () => {
      h = await startHarness();
      const { edition, session } = await world({ capacity: 20 });
      const other = await createVenue(h.db, { kind: 'lab' });
      const overlapping = await createSession(h.db, { edition, venue: other, from: '10:00', to: '11:00' });
      const later = await createSession(h.db, { edition, venue: other, from: '10:30', to: '12:00' });
      const person = idFor();
      const first = family(session.id, 1, '13900000001');
      first.visitors[0]!.idNumber = person;
      expect((await h.http.post('/api/bookings', first)).status).to.equal(201);

      const again = family(session.id, 2, '13900000002');
      again.visitors[1]!.idNumber = person;
      const res = await h.http.post('/api/bookings', again);
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('duplicate_visitor');
      expect(res.body.error.details.idNumbers).to.deep.equal([`${person.slice(0, 4)}**********${person.slice(-4)}`]);

      const elsewhere = { ...again, sessionId: overlapping.id };
      expect((await h.http.post('/api/bookings', elsewhere)).body.error.code).to.equal('duplicate_visitor');
      // 10:30 starts when the first visit (09:00–10:30) ends: no overlap.
      expect((await h.http.post('/api/bookings', { ...again, sessionId: later.id })).status).to.equal(201);
      expect(await booked(session.id)).to.equal(1);
    });

    it('when the same person is booked by ten families at once, then exactly one booking holds them', async () => {
      h = await startHarness();
      const { session } = await world({ capacity: 40 });
      const person = idFor();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const body = family(session.id, 2, `1390000${String(i).padStart(4, '0')}`);
          body.visitors[1]!.idNumber = person;
          return h.http.post('/api/bookings', body);
        }),
      );
      expect(results.filter((r) => r.status === 201)).to.have.length(1);
      for (const r of results.filter((x) => x.status !== 201)) {
        expect(r.status).to.equal(409);
        expect(r.body.error.code).to.equal('duplicate_visitor');
      }
      expect(await booked(session.id)).to.equal(2);
      expect(await confirmedSum(session.id)).to.equal(2);
    });

    it('when one person is booked into two overlapping sessions by many families at once, then only one booking holds them', async () => {
      h = await startHarness();
      const { edition, session } = await world({ capacity: 40 });
      const other = await createVenue(h.db, { kind: 'lab' });
      const overlapping = await createSession(h.db, { edition, venue: other, from: '10:00', to: '11:00', capacity: 40 });
      const person = idFor();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => {
          const body = family(i % 2 ? session.id : overlapping.id, 1, `1390001${String(i).padStart(4, '0')}`);
          body.visitors[0]!.idNumber = person;
          return h.http.post('/api/bookings', body);
        }),
      );
      expect(
        results.filter((r) => r.status === 201),
        JSON.stringify(results.map((r) => r.status)),
      ).to.have.length(1);
      for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error.code).to.equal('duplicate_visitor');
      expect((await booked(session.id)) + (await booked(overlapping.id))).to.equal(1);
    });

    it('when the same ID number appears twice in one party, then 400', async () => {
      h = await startHarness();
      const { session } = await world();
      const body = family(session.id, 2);
      body.visitors[1]!.idNumber = body.visitors[0]!.idNumber;
      const res = await h.http.post('/api/bookings', body);
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields[0].field).to.equal('visitors.1');
    });

    it('when one phone already holds the edition’s limit of bookings, then 409 phone_limit_reached; cancelling frees one', async () => {
      h = await startHarness();
      const { edition, venue } = await world({ rules: { maxBookingsPerPhone: 2 } });
      const sessions = await Promise.all(
        ['11:00', '13:00', '15:00'].map((from, i) => createSession(h.db, { edition, venue, from, to: ['12:00', '14:00', '16:00'][i] })),
      );
      const codes: string[] = [];
      for (const s of sessions.slice(0, 2)) {
        const res = await h.http.post('/api/bookings', family(s.id, 1));
        expect(res.status).to.equal(201);
        codes.push(res.body.code);
      }
      const third = await h.http.post('/api/bookings', family(sessions[2]!.id, 1));
      expect(third.status).to.equal(409);
      expect(third.body.error.code).to.equal('phone_limit_reached');
      expect(third.body.error.details).to.deep.equal({ limit: 2 });
      await h.http.post(`/api/bookings/${codes[0]}/cancel`, { phone: PHONE });
      expect((await h.http.post('/api/bookings', family(sessions[2]!.id, 1))).status).to.equal(201);
    });

    it('when contact and names are bad, then 400 with one detail per field, names trimmed', async () => {
      h = await startHarness();
      const { session } = await world({ kind: 'science_base' });
      const res = await h.http.post('/api/bookings', {
        sessionId: session.id,
        contact: { name: '   ', phone: '12345' },
        visitors: [{ name: 'x'.repeat(51) }, { name: '<script>' }],
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields.map((f: any) => f.field).sort()).to.deep.equal([
        'contact.name',
        'contact.phone',
        'visitors.0.name',
        'visitors.1.name',
      ]);
      const ok = await h.http.post('/api/bookings', {
        sessionId: session.id,
        contact: { name: '  李雷 ', phone: '+86 139-0000-0000' },
        visitors: [{ name: ' 韩梅梅 ' }],
      });
      expect(ok.status).to.equal(201);
      const stored = await bookingRow(h.db, ok.body.code);
      expect(stored).to.include({ contactName: '李雷', contactPhone: '13900000000' });
    });

    for (const [label, payload] of [
      ['no body', undefined],
      ['an empty party', { sessionId: 1, contact: { name: '李雷', phone: PHONE }, visitors: [] }],
      ['a string session id', { sessionId: 'one', contact: { name: '李雷', phone: PHONE }, visitors: [{ name: 'a' }] }],
      ['an array body', [1, 2]],
    ] as const) {
      it(`when the request has ${label}, then 400 validation_failed`, async () => {
        h = await startHarness();
        const res = await h.http.post('/api/bookings', payload);
        expect(res.status).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
      });
    }

    it('when the body is not JSON, then 400 invalid_json; when not declared JSON, then 415 unsupported_media_type; when too large, then 413 payload_too_large', async () => {
      h = await startHarness();
      const bad = await h.http.request('POST', '/api/bookings', { raw: '{"sessionId": 1,', headers: { 'content-type': 'application/json' } });
      expect(bad.status).to.equal(400);
      expect(bad.body.error.code).to.equal('invalid_json');
      const form = await h.http.request('POST', '/api/bookings', { raw: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expect(form.status).to.equal(415);
      expect(form.body.error.code).to.equal('unsupported_media_type');
      const huge = await h.http.request('POST', '/api/bookings', {
        raw: JSON.stringify({ x: 'y'.repeat(100_000) }),
        headers: { 'content-type': 'application/json' },
      });
      expect(huge.status).to.equal(413);
      expect(huge.body.error.code).to.equal('payload_too_large');
    });

    it('when the session does not exist, then 404 not_found', async () => {
      h = await startHarness();
      const res = await h.http.post('/api/bookings', family(987654, 1));
      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
    });
  });

  describe('Idempotency-Key', () => {
    it('when a POST is retried with the same key, then the original response and no second booking', async () => {
      h = await startHarness();
      const { session } = await world();
      const body = family(session.id, 2);
      const headers = { 'idempotency-key': 'retry-0001-abcdef' };
      const first = await h.http.post('/api/bookings', body, headers);
      const second = await h.http.post('/api/bookings', body, headers);
      expect(first.status).to.equal(201);
      expect(second.status).to.equal(201);
      expect(second.body).to.deep.equal(first.body);
      expect(await countRows(h.db, 'bookings')).to.equal(1);
      expect(await booked(session.id)).to.equal(2);
    });

    it('when the same key comes with a different body, then 422 idempotency_key_reused', async () => {
      h = await startHarness();
      const { session } = await world();
      const headers = { 'idempotency-key': 'retry-0002-abcdef' };
      await h.http.post('/api/bookings', family(session.id, 2), headers);
      const res = await h.http.post('/api/bookings', family(session.id, 1), headers);
      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('idempotency_key_reused');
      expect(await countRows(h.db, 'bookings')).to.equal(1);
    });

    it('when the key is malformed, then 400 naming the header', async () => {
      h = await startHarness();
      const { session } = await world();
      const res = await h.http.post('/api/bookings', family(session.id), { 'idempotency-key': 'bad key!' });
      expect(res.status).to.equal(400);
      expect(res.body.error.details.fields[0].field).to.equal('Idempotency-Key');
    });
  });

  describe('managing a booking', () => {
    async function booked2() {
      const w = await world({ capacity: 5 });
      const res = await h.http.post('/api/bookings', family(w.session.id, 2));
      expect(res.status).to.equal(201);
      return { ...w, code: res.body.code as string, res };
    }

    it('when the phone matches, then the booking; otherwise 404 just like an unknown code', async () => {
      h = await startHarness();
      const { code } = await booked2();
      const ok = await h.http.get(`/api/bookings/${code}?phone=${PHONE}`);
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ code, status: 'confirmed' });
      expect(ok.headers.get('cache-control')).to.equal('no-store');
      const wrong = await h.http.get(`/api/bookings/${code}?phone=13900000009`);
      const unknown = await h.http.get(`/api/bookings/ABCDEFGH?phone=${PHONE}`);
      expect(wrong.status).to.equal(404);
      expect(unknown.status).to.equal(404);
      expect(wrong.body).to.deep.equal(unknown.body);
      expect((await h.http.get(`/api/bookings/${code}`)).status, 'a phone is required').to.equal(400);
    });

    it('when a code is typed in lower case with a dash, then it is still found', async () => {
      h = await startHarness();
      const { code } = await booked2();
      const typed = `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase();
      expect((await h.http.get(`/api/bookings/${typed}?phone=${PHONE}`)).body.code).to.equal(code);
    });

    it('when the QR images are fetched with the link’s key or the phone, then PNG and SVG that decode to the token', async () => {
      h = await startHarness();
      const { code, res } = await booked2();
      const png = await fetchBytes(h, res.body.qr.png);
      expect(png.status).to.equal(200);
      expect(png.type).to.equal('image/png');
      expect(png.bytes.subarray(1, 4).toString()).to.equal('PNG');
      const svg = await h.http.get(res.body.qr.svg);
      expect(svg.headers.get('content-type')).to.include('image/svg+xml');
      expect(svg.text).to.include('<svg');
      // The image encodes exactly the token (same module matrix as a fresh encoding of it).
      const expectedSvg = await QRCode.toString(res.body.qr.token, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      expect(svg.text).to.equal(expectedSvg);
      expect((await h.http.get(`/api/bookings/${code}/qr.png?phone=${PHONE}`)).status).to.equal(200);
      expect((await h.http.get(`/api/bookings/${code}/qr.png?key=AAAAAAAAAAAAAAAA`)).status).to.equal(404);
      expect((await h.http.get(`/api/bookings/${code}/qr.svg`)).status).to.equal(400);
    });

    it('when the calendar file is fetched, then an iCalendar event with venue, time and code', async () => {
      h = await startHarness();
      const { code, res, venue } = await booked2();
      const ics = await h.http.get(res.body.calendar);
      expect(ics.status).to.equal(200);
      expect(ics.headers.get('content-type')).to.include('text/calendar');
      const text = ics.text.replace(/\r\n /g, '');
      expect(text).to.include('BEGIN:VEVENT');
      expect(text).to.include('DTSTART:20270522T010000Z');
      expect(text).to.include(code);
      expect(text).to.include(venue.nameZh);
    });

    it('when cancelled, then status cancelled, places released in the same transaction, no QR; again is harmless', async () => {
      h = await startHarness();
      const { code, session, res } = await booked2();
      const cancel = await h.http.post(`/api/bookings/${code}/cancel`, { phone: PHONE });
      expect(cancel.status).to.equal(200);
      expect(cancel.body).to.include({ status: 'cancelled' });
      expect(cancel.body.qr).to.equal(null);
      expect(cancel.body.cancelledAt).to.equal('2027-05-10T10:00:00+08:00');
      expect(await booked(session.id)).to.equal(0);
      expect(await confirmedSum(session.id)).to.equal(0);
      const again = await h.http.post(`/api/bookings/${code}/cancel`, { phone: PHONE });
      expect(again.status).to.equal(200);
      expect(await booked(session.id)).to.equal(0);
      expect((await h.http.get(res.body.qr.png)).status, 'no QR image for a cancelled booking').to.equal(404);
      // The same people may book again.
      const rebook = family(session.id, 2);
      expect((await h.http.post('/api/bookings', rebook)).status).to.equal(201);
    });

    it('when the phone does not match, then 404 and nothing changes', async () => {
      h = await startHarness();
      const { code, session } = await booked2();
      expect((await h.http.post(`/api/bookings/${code}/cancel`, { phone: '13900000009' })).status).to.equal(404);
      expect(await booked(session.id)).to.equal(2);
    });

    it('when the session has started, then cancelling is refused with 422 cancellation_closed', async () => {
      h = await startHarness();
      const { code, session } = await booked2();
      h.clock.set(session.startsAt);
      const res = await h.http.post(`/api/bookings/${code}/cancel`, { phone: PHONE });
      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('cancellation_closed');
      expect(await booked(session.id)).to.equal(2);
    });
  });
});

async function fetchBytes(h: Harness, path: string) {
  const res = await h.http.get(path);
  return { status: res.status, type: res.headers.get('content-type'), bytes: res.bytes };
}
