// Draws for oversubscribed sessions: the seed's hash is published before the close, the seed after the draw, and
// anyone recomputes the same order and winners with scripts/verify-draw.js; winners hold places through the ledger
// until they confirm, a winner who does not confirm lets the next in draw order in; one person wins once a day.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { winnersOf } from '../../src/modules/draws/draw-order.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { zonedInstant } from '../../src/shared/time.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { sessionRow } from '../helpers/rows.js';
import { signedIn } from '../helpers/staff.js';

const run = promisify(execFile);
const TZ = 'Asia/Shanghai';
const at = (date: string, time: string) => zonedInstant(date, time, TZ);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let seq = 0;
const phone = () => `1370001${String(++seq).padStart(4, '0')}`;
const person = (name: string) => ({ name, idNumber: makeIdNumber('140105', `1985-0${1 + (seq % 9)}-1${seq % 10}`, ++seq % 1000) });

interface Applied {
  id: number;
  phone: string;
  partySize: number;
}

interface DrawResults {
  seed: string | null;
  seedHash: string;
  hashPublishedAt: string;
  status: string;
  places: number | null;
  applications: { id: number; partySize: number; rank: number | null; outcome: string }[];
}

describe('draws', () => {
  let h: Harness;
  let edition: Edition;
  let lab: Venue;
  let manager: Record<string, string>;
  afterEach(async () => h?.close());

  async function setUp() {
    h = await startHarness('2027-05-10T02:00:00Z');
    edition = await createEdition(h.db);
    lab = await createVenue(h.db, { kind: 'lab', realNameRequired: true });
    manager = (await signedIn(h, 'venue_manager', [lab.id])).headers;
  }

  async function drawSession(capacity: number, from = '09:00', to = '10:30', closesAt = at('2027-05-12', '20:00')) {
    const session = await createSession(h.db, { edition, venue: lab, on: '2027-05-22', from, to, capacity });
    const res = await h.http.post(
      `/api/manage/sessions/${session.id}/draw`,
      { opensAt: h.clock.now().toISOString(), closesAt: closesAt.toISOString() },
      manager,
    );
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return session;
  }

  async function applyTo(sessionId: number, visitors: { name: string; idNumber?: string }[], tel = phone()) {
    const res = await h.http.post(`/api/sessions/${sessionId}/draw/applications`, { contact: { name: '申请人', phone: tel }, visitors });
    return { res, phone: tel };
  }

  const results = async (sessionId: number) => (await h.http.get<DrawResults>(`/api/sessions/${sessionId}/draw`)).body;

  async function verifyWithScript(r: DrawResults) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'draw-'));
    try {
      const file = path.join(dir, 'results.json');
      writeFileSync(file, JSON.stringify(r));
      const { stdout } = await run(process.execPath, [path.join(projectRoot, 'scripts/verify-draw.js'), file]);
      return JSON.parse(stdout) as { seedHashOk: boolean; orderOk: boolean; winnersOk: boolean; order: number[]; winners: number[] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('when 100 parties apply for 20 places, then the script recomputes the same winners from the published seed; a winner who does not confirm lets the next in order in', async function () {
    this.timeout(120_000);
    await setUp();
    const session = await drawSession(20);

    const before = await results(session.id);
    expect(before).to.include({ status: 'open', seed: null });
    expect(before.seedHash).to.match(/^[0-9a-f]{64}$/);
    expect(before.hashPublishedAt).to.equal('2027-05-10T10:00:00+08:00');
    // First come is off while the draw runs.
    // A manager reopening it does not bypass the draw either.
    const reopen = await h.http.patch(`/api/manage/sessions/${session.id}`, { status: 'open' }, manager);
    expect(reopen.status).to.equal(200);
    expect((await sessionRow(h.db, session.id))!.status).to.equal('draw');
    const direct = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '抢票', phone: phone() }, visitors: [person('抢票人')] });
    expect(direct.status).to.equal(409);
    expect(direct.body.error.code).to.equal('session_not_bookable');

    const applied: Applied[] = [];
    for (let i = 0; i < 100; i++) {
      const size = i % 7 === 0 ? 2 : 1;
      const { res, phone: tel } = await applyTo(
        session.id,
        Array.from({ length: size }, (_, k) => person(`家庭${i}成员${k}`)),
      );
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      expect(res.body).to.include({ status: 'applied', partySize: size });
      applied.push({ id: res.body.id, phone: tel, partySize: size });
    }
    // Applying twice with one phone, or with a person already in another application: refused, nothing written.
    const twice = await applyTo(session.id, [person('再来一次')], applied[0]!.phone);
    expect(twice.res.status).to.equal(409);
    expect(twice.res.body.error.code).to.equal('already_applied');
    const samePerson = person('重复的人');
    expect((await applyTo(session.id, [samePerson])).res.status).to.equal(201);
    const dup = await applyTo(session.id, [samePerson]);
    expect(dup.res.status).to.equal(409);
    expect(dup.res.body.error.code).to.equal('duplicate_visitor');
    expect((await results(session.id)).applications).to.have.length(101);

    h.clock.set(new Date(at('2027-05-12', '20:00').getTime() + 1000));
    const late = await applyTo(session.id, [person('迟到')]);
    expect(late.res.status).to.equal(422);
    expect(late.res.body.error.code).to.equal('draw_closed');

    const outcome = await h.services.draws.runDue();
    expect(outcome.drawn).to.have.length(1);
    expect(outcome.drawn[0]).to.include({ applications: 101, excluded: 0 });
    // Run twice: nothing more happens.
    expect((await h.services.draws.runDue()).drawn).to.deep.equal([]);
    expect(await h.services.draws.run(outcome.drawn[0]!.drawId)).to.equal(null);

    const after = await results(session.id);
    expect(after.status).to.equal('drawn');
    expect(after.seedHash).to.equal(before.seedHash);
    expect(sha256(after.seed!)).to.equal(before.seedHash);
    expect(after.places).to.equal(20);
    const verified = await verifyWithScript(after);
    expect(verified).to.include({ seedHashOk: true, orderOk: true, winnersOk: true });
    const winnerIds = after.applications.filter((a) => a.outcome === 'won').map((a) => a.id);
    expect(verified.winners).to.deep.equal(winnerIds);
    expect(after.applications.filter((a) => a.outcome === 'won').reduce((n, a) => n + a.partySize, 0)).to.equal(20);
    expect((await sessionRow(h.db, session.id))!).to.include({ status: 'open', booked: 20 });

    // Winners confirm through their waiting-list entry, all but one.
    const byId = new Map(applied.map((a) => [a.id, a]));
    const winners = winnerIds.filter((id) => byId.has(id)).map((id) => byId.get(id)!);
    const noShow = winners.find((w) => w.partySize === 1)!;
    for (const w of winners) {
      const mine = await h.http.get(`/api/draw-applications/${w.id}?phone=${w.phone}`);
      expect(mine.body).to.include({ status: 'won' });
      const entry = await h.http.get(`/api/waitlist/${mine.body.waitlistEntryId}?phone=${w.phone}`);
      expect(entry.body.status).to.equal('offered');
      if (w === noShow) continue;
      const confirmed = await h.http.post(`/api/waitlist/${mine.body.waitlistEntryId}/confirm`, { phone: w.phone });
      expect(confirmed.status, JSON.stringify(confirmed.body)).to.equal(200);
      expect(confirmed.body.status).to.equal('confirmed');
    }

    // The deadline passes: the unconfirmed places go to the next in draw order that fits.
    h.clock.set(new Date(h.clock.now().getTime() + 24 * 3600_000 + 60_000));
    await h.services.waitlist.expireAndOffer();
    const waiting = after.applications.filter((a) => a.outcome === 'waiting').sort((x, y) => x.rank! - y.rank!);
    const expectedNext = winnersOf(waiting, noShow.partySize, new Set())[0]!;
    expect(expectedNext.rank).to.be.greaterThan(Math.max(...after.applications.filter((a) => a.outcome === 'won').map((a) => a.rank!)));
    const next = byId.get(expectedNext.id) ?? { id: expectedNext.id, phone: '', partySize: expectedNext.partySize };
    expect(next.phone, 'the next in order is one of the 100').to.not.equal('');
    const nextApp = (await h.http.get(`/api/draw-applications/${next.id}?phone=${next.phone}`)).body;
    expect(nextApp.status).to.equal('waiting');
    const offer = await h.http.get(`/api/waitlist/${nextApp.waitlistEntryId}?phone=${next.phone}`);
    expect(offer.body.status).to.equal('offered');
    const took = await h.http.post(`/api/waitlist/${nextApp.waitlistEntryId}/confirm`, { phone: next.phone });
    expect(took.status).to.equal(200);
    const missed = (await h.http.get(`/api/draw-applications/${noShow.id}?phone=${noShow.phone}`)).body;
    expect((await h.http.get(`/api/waitlist/${missed.waitlistEntryId}?phone=${noShow.phone}`)).body.status).to.equal('expired');
    expect((await sessionRow(h.db, session.id))!.booked).to.equal(20);
  });

  it('when nobody applies, then the draw still reveals its seed and the session opens to bookings', async () => {
    await setUp();
    const session = await drawSession(10);
    h.clock.set(at('2027-05-13', '09:00'));
    const { drawn } = await h.services.draws.runDue();
    expect(drawn[0]).to.include({ applications: 0, winners: 0, offers: 0 });
    const r = await results(session.id);
    expect(r.status).to.equal('drawn');
    expect(sha256(r.seed!)).to.equal(r.seedHash);
    expect((await verifyWithScript(r)).winners).to.deep.equal([]);
    const page = await h.http.get(`/draws/${session.id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('data-page="draw"');
    const res = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '家长', phone: phone() }, visitors: [person('孩子')] });
    expect(res.status).to.equal(201);
  });

  it('when a person won a draw that day, then their application to another draw that day is excluded', async () => {
    await setUp();
    const morning = await drawSession(10, '09:00', '10:00', at('2027-05-12', '20:00'));
    const afternoon = await drawSession(1, '14:00', '15:00', at('2027-05-12', '21:00'));
    const lucky = person('幸运儿');
    expect((await applyTo(morning.id, [lucky])).res.status).to.equal(201);
    const second = await applyTo(afternoon.id, [lucky]);
    expect(second.res.status).to.equal(201);
    const other = await applyTo(afternoon.id, [person('另一位')]);
    h.clock.set(at('2027-05-12', '21:30'));
    const { drawn } = await h.services.draws.runDue();
    expect(drawn.map((d) => d.excluded)).to.deep.equal([0, 1]);
    const r = await results(afternoon.id);
    expect(r.applications.find((a) => a.id === second.res.body.id)!.outcome).to.equal('excluded');
    expect(r.applications.find((a) => a.id === other.res.body.id)!.outcome).to.equal('won');
    expect(await verifyWithScript(r)).to.include({ seedHashOk: true, orderOk: true, winnersOk: true });
  });

  it('when a draw is set up wrongly, applied to too early, or asked for where there is none, then a clear code', async () => {
    await setUp();
    const session = await drawSession(10);
    const again = await h.http.post(
      `/api/manage/sessions/${session.id}/draw`,
      { opensAt: h.clock.now().toISOString(), closesAt: at('2027-05-12', '20:00').toISOString() },
      manager,
    );
    expect(again.status).to.equal(409);
    expect(again.body.error.code).to.equal('draw_exists');

    const booked = await createSession(h.db, { edition, venue: lab, on: '2027-05-23', capacity: 10 });
    expect((await h.http.post('/api/bookings', { sessionId: booked.id, contact: { name: '家长', phone: phone() }, visitors: [person('甲')] })).status).to.equal(
      201,
    );
    const taken = await h.http.post(
      `/api/manage/sessions/${booked.id}/draw`,
      { opensAt: h.clock.now().toISOString(), closesAt: at('2027-05-12', '20:00').toISOString() },
      manager,
    );
    expect(taken.status).to.equal(409);
    expect(taken.body.error.code).to.equal('session_has_bookings');

    const fresh = await createSession(h.db, { edition, venue: lab, on: '2027-05-24', capacity: 10 });
    const tooLate = await h.http.post(
      `/api/manage/sessions/${fresh.id}/draw`,
      { opensAt: h.clock.now().toISOString(), closesAt: at('2027-05-24', '08:30').toISOString() },
      manager,
    );
    expect(tooLate.status).to.equal(422);
    expect(tooLate.body.error.code).to.equal('draw_window_invalid');
    const reversed = await h.http.post(
      `/api/manage/sessions/${fresh.id}/draw`,
      { opensAt: at('2027-05-12', '20:00').toISOString(), closesAt: at('2027-05-11', '20:00').toISOString() },
      manager,
    );
    expect(reversed.status).to.equal(400);

    const soon = await h.http.post(
      `/api/manage/sessions/${fresh.id}/draw`,
      { opensAt: at('2027-05-11', '09:00').toISOString(), closesAt: at('2027-05-12', '20:00').toISOString() },
      manager,
    );
    expect(soon.status).to.equal(201);
    const early = await applyTo(fresh.id, [person('早到')]);
    expect(early.res.status).to.equal(422);
    expect(early.res.body.error.code).to.equal('draw_not_open');

    expect((await h.http.get(`/api/sessions/${booked.id}/draw`)).status).to.equal(404);
    expect((await applyTo(booked.id, [person('乙')])).res.status).to.equal(404);
    const noId = await applyTo(session.id, [{ name: '无证件' }]);
    expect(noId.res.status).to.equal(400);
  });
});
