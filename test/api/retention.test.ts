// Personal data leaves when its purpose ends: after an edition's retention date the daily job erases names, phones,
// ID hashes and masked ID numbers everywhere (read from the raw tables), the week report does not change, contact
// tracing answers data_erased, and a second run is a no-op. Another edition's data stays.
import { expect } from 'chai';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Database } from '../../src/db/database.js';
import { maskIdNumber } from '../../src/shared/masking.js';
import { zonedInstant } from '../../src/shared/time.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { countRows } from '../helpers/rows.js';
import { signedIn } from '../helpers/staff.js';

const TZ = 'Asia/Shanghai';
const at = (date: string, time: string) => zonedInstant(date, time, TZ);

let seq = 0;
const phone = () => `1390000${String(++seq).padStart(4, '0')}`;

interface Personal {
  names: string[];
  phones: string[];
  idHashes: string[];
  masked: string[];
}

/** Every cell of every table, as text. */
async function everyCell(db: Database): Promise<string> {
  const tables =
    db.dialect === 'sqlite'
      ? await db.sql.select<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      : await db.sql.select<{ name: string }>('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()');
  expect(tables.length).to.be.greaterThan(15);
  const parts: string[] = [];
  for (const t of tables) parts.push(JSON.stringify(await db.sql.select(`SELECT * FROM ${t.name}`)));
  return parts.join('\n');
}

function found(cells: string, p: Personal): string[] {
  return [...p.names, ...p.phones, ...p.idHashes, ...p.masked].filter((s) => cells.includes(s));
}

describe('retention: personal data erased after the retention date', () => {
  let h: Harness;
  let edition: Edition;
  let later: Edition;
  let venueId: number;
  const mine: Personal = { names: [], phones: [], idHashes: [], masked: [] };
  const theirs: Personal = { names: [], phones: [], idHashes: [], masked: [] };

  async function book(sessionId: number, who: Personal, size: number, realNames: boolean, headers: Record<string, string> = {}) {
    const contact = { name: `联系人${++seq}号`, phone: phone() };
    const visitors = Array.from({ length: size }, () => {
      const v = { name: `访客${++seq}号`, ...(realNames ? { idNumber: makeIdNumber('140105', '1990-01-01', ++seq % 1000) } : {}) };
      who.names.push(v.name);
      if (v.idNumber) {
        who.idHashes.push(h.services.pii.hash(v.idNumber));
        who.masked.push(maskIdNumber(v.idNumber));
      }
      return v;
    });
    who.names.push(contact.name);
    who.phones.push(contact.phone);
    const res = await h.http.post('/api/bookings', { sessionId, contact, visitors }, headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return { code: res.body.code as string, phone: contact.phone };
  }

  before(async function () {
    this.timeout(60_000);
    h = await startHarness('2027-05-10T02:00:00Z');
    edition = await createEdition(h.db);
    later = await createEdition(h.db, { startDate: '2028-05-22', endDate: '2028-05-28', bookingOpensAt: at('2027-05-01', '09:00') });
    const lab = await createVenue(h.db, { kind: 'lab', realNameRequired: true });
    const base = await createVenue(h.db, { kind: 'science_base', realNameRequired: false });
    venueId = lab.id;
    const s1 = await createSession(h.db, { edition, venue: lab, on: '2027-05-22', capacity: 10 });
    const s2 = await createSession(h.db, { edition, venue: base, on: '2027-05-23', capacity: 3 });
    const next = await createSession(h.db, { edition: later, venue: lab, on: '2028-05-22', capacity: 10 });

    const a = await book(s1.id, mine, 3, true, { 'idempotency-key': 'retention-test-key-1' });
    const b = await book(s1.id, mine, 2, true);
    const c = await book(s1.id, mine, 1, true);
    expect((await h.http.post(`/api/bookings/${c.code}/cancel`, { phone: c.phone })).status).to.equal(200);
    await book(s2.id, mine, 3, false);
    // A family on the waiting list of the full session.
    const wait = { name: '候补联系人', phone: phone() };
    mine.names.push(wait.name, '候补访客');
    mine.phones.push(wait.phone);
    expect((await h.http.post(`/api/sessions/${s2.id}/waitlist`, { contact: wait, visitors: [{ name: '候补访客' }] })).status).to.equal(201);
    // A draw, applied to and drawn.
    const s3 = await createSession(h.db, { edition, venue: lab, on: '2027-05-24', capacity: 5 });
    const manager = await signedIn(h, 'venue_manager', [lab.id]);
    const drawn = { opensAt: at('2027-05-10', '09:00').toISOString(), closesAt: at('2027-05-12', '20:00').toISOString() };
    expect((await h.http.post(`/api/manage/sessions/${s3.id}/draw`, drawn, manager.headers)).status).to.equal(201);
    const applicant = { name: '摇号联系人', phone: phone() };
    const drawVisitor = { name: '摇号访客', idNumber: makeIdNumber('140105', '1991-02-03', 77) };
    mine.names.push(applicant.name, drawVisitor.name);
    mine.phones.push(applicant.phone);
    mine.idHashes.push(h.services.pii.hash(drawVisitor.idNumber));
    mine.masked.push(maskIdNumber(drawVisitor.idNumber));
    expect((await h.http.post(`/api/sessions/${s3.id}/draw/applications`, { contact: applicant, visitors: [drawVisitor] })).status).to.equal(201);
    h.clock.set(at('2027-05-12', '21:00'));
    expect((await h.services.draws.runDue()).drawn).to.have.length(1);
    // A teacher's group request, approved.
    const teacherPhone = phone();
    const adult = { name: '带队老师甲', idNumber: makeIdNumber('140105', '1980-04-05', 88) };
    mine.names.push('联系老师甲', adult.name);
    mine.phones.push(teacherPhone);
    mine.idHashes.push(h.services.pii.hash(adult.idNumber));
    mine.masked.push(maskIdNumber(adult.idNumber));
    const group = await h.services.groups.request(teacherPhone, {
      venueId: lab.id,
      school: '实验小学',
      className: '四年级一班',
      pupils: 3,
      ageFrom: 9,
      ageTo: 10,
      adults: [adult],
      sessionIds: [s1.id],
      contactName: '联系老师甲',
      language: 'zh',
    });
    expect(group.status).to.equal('requested');
    // Next year's edition keeps its data.
    await book(next.id, theirs, 2, true);

    // The day: party a comes whole, b does not come; the close-out job counts b's no-show.
    const door = await signedIn(h, 'door_staff', [lab.id, base.id]);
    h.clock.set(at('2027-05-22', '08:50'));
    const { token } = await h.services.accounts.login(door.username, door.password, '127.0.0.1');
    expect((await h.http.post('/api/checkins', { code: a.code, admitted: 3, gate: 'east' }, { authorization: `Bearer ${token}` })).status).to.equal(200);
    h.clock.set(at('2027-05-24', '20:00'));
    await h.services.noShows.markNoShows();
    expect(b.code).to.be.a('string');
  });
  after(async () => h?.close());

  const weekTotals = async () => {
    const res = await h.http.get(`/api/reports/week?editionId=${edition.id}`, (await signedIn(h, 'organiser')).headers);
    expect(res.status).to.equal(200);
    return { totals: res.body.totals, byDay: res.body.byDay, byVenue: res.body.byVenue, byDistrict: res.body.byDistrict };
  };

  it('when the rule is left alone, then data is kept until 30 days after a 10 June summary deadline', async () => {
    const res = await h.http.get(`/api/manage/editions/${edition.id}/retention`, (await signedIn(h, 'organiser')).headers);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({
      editionId: edition.id,
      summaryDeadline: '2027-06-10',
      summaryDeadlineIsDefault: true,
      retentionDays: 30,
      keptUntil: '2027-07-10',
      erasesFrom: '2027-07-11T00:00:00+08:00',
      erasedAt: null,
    });
  });

  it('when the retention date has passed, then no name, phone or ID hash of the edition remains and the week report is unchanged', async function () {
    this.timeout(30_000);
    const before = await weekTotals();
    expect(before.totals).to.include({ booked: 8, admitted: 3, noShows: 5, cancellations: 1 });
    expect(found(await everyCell(h.db), mine)).to.have.length(mine.names.length + mine.phones.length + mine.idHashes.length + mine.masked.length);

    // The last day kept: nothing happens.
    h.clock.set(at('2027-07-10', '23:59'));
    expect((await h.services.retention.eraseDue()).erased).to.deep.equal([]);
    expect(found(await everyCell(h.db), mine)).to.have.length.greaterThan(0);

    h.clock.set(at('2027-07-11', '03:15'));
    const { erased } = await h.services.retention.eraseDue();
    expect(erased.map((e) => e.editionId)).to.deep.equal([edition.id]);
    expect(erased[0]!.rows).to.include({
      bookings: 4,
      visitors: 9,
      waitlistEntries: 2,
      drawApplications: 1,
      drawPersons: 1,
      groupRequests: 1,
      phoneCounters: 4,
      noShows: 2,
    });
    expect(erased[0]!.rows.messages).to.be.greaterThan(0);

    const cells = await everyCell(h.db);
    expect(found(cells, mine)).to.deep.equal([]);
    expect(found(cells, theirs)).to.have.length(theirs.names.length + theirs.phones.length + theirs.idHashes.length + theirs.masked.length);
    expect(await weekTotals()).to.deep.equal(before);

    const audit = await h.db.sql.select<{ target_id: string; details: string }>("SELECT target_id, details FROM audit_log WHERE action = 'retention.erase'");
    expect(audit).to.have.length(1);
    expect(audit[0]!.target_id).to.equal(String(edition.id));
    expect(JSON.parse(audit[0]!.details).rows).to.deep.equal(erased[0]!.rows);
  });

  it('when erasure runs again, then it is a no-op: no rows, no second audit entry', async () => {
    expect((await h.services.retention.eraseDue()).erased).to.deep.equal([]);
    const again = await h.services.retention.eraseEdition(edition.id);
    expect(Object.values(again.rows).every((n) => n === 0)).to.equal(true);
    expect(await countRows(h.db, 'audit_log', { action: 'retention.erase' })).to.equal(1);
  });

  it('when contacts of an erased edition are traced, then data_erased (410); the rule can no longer change', async () => {
    const trace = await h.http.post(
      '/api/reports/contact-trace',
      { venueId, from: at('2027-05-22', '08:00').toISOString(), to: at('2027-05-22', '12:00').toISOString(), reason: '疾控流调需要 contact tracing' },
      (await signedIn(h, 'organiser')).headers,
    );
    expect(trace.status, JSON.stringify(trace.body)).to.equal(410);
    expect(trace.body.error.code).to.equal('data_erased');
    const put = await h.http.request('PUT', `/api/manage/editions/${edition.id}/retention`, {
      body: { summaryDeadline: null, retentionDays: 60 },
      headers: (await signedIn(h, 'organiser')).headers,
    });
    expect(put.status).to.equal(409);
    expect(put.body.error.code).to.equal('data_erased');
  });

  it('when an organiser sets a rule, then it is validated and audited; others may not', async () => {
    const early = await h.http.request('PUT', `/api/manage/editions/${later.id}/retention`, {
      body: { summaryDeadline: '2028-05-01', retentionDays: 30 },
      headers: (await signedIn(h, 'organiser')).headers,
    });
    expect(early.status).to.equal(422);
    expect(early.body.error.code).to.equal('summary_deadline_before_end');
    expect(
      (
        await h.http.request('PUT', `/api/manage/editions/${later.id}/retention`, {
          body: { summaryDeadline: null, retentionDays: -1 },
          headers: (await signedIn(h, 'organiser')).headers,
        })
      ).status,
    ).to.equal(400);
    const manager = await signedIn(h, 'venue_manager', [venueId]);
    expect((await h.http.get(`/api/manage/editions/${later.id}/retention`, manager.headers)).status).to.equal(403);
    const ok = await h.http.request('PUT', `/api/manage/editions/${later.id}/retention`, {
      body: { summaryDeadline: '2028-06-15', retentionDays: 10 },
      headers: (await signedIn(h, 'organiser')).headers,
    });
    expect(ok.status).to.equal(200);
    expect(ok.body).to.include({ summaryDeadline: '2028-06-15', summaryDeadlineIsDefault: false, retentionDays: 10, keptUntil: '2028-06-25' });
    expect(await countRows(h.db, 'audit_log', { action: 'retention.rule' })).to.equal(1);
  });
});
