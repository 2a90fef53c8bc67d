// Organisers' reports over a generated week whose figures are known in advance: the week report (JSON, CSV, HTML),
// filters, the live view's scoping, and the audited contact-tracing export.
import { expect } from 'chai';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import type { Metrics } from '../../src/modules/reports/week-report.js';
import { zonedInstant } from '../../src/shared/time.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const TZ = 'Asia/Shanghai';
const at = (date: string, time: string) => zonedInstant(date, time, TZ);

let phoneSeq = 0;
const nextPhone = () => `137${String(++phoneSeq).padStart(8, '0')}`;
let idSeq = 0;

// ---- The week, written out: each party is "size:outcome" -----------------------------------------------------
// in    all admitted          inK   K of them admitted (the rest are no-shows)
// no    nobody came           cxl   cancelled by the family
// (none) a session still to come when the report is read
interface SessionPlan {
  venue: VenueKey;
  on: string;
  from: string;
  to: string;
  parties: string[];
  cancelledByVenue?: boolean;
}

type VenueKey = 'coal' | 'catalysis' | 'museum' | 'botanic' | 'geo';

const VENUES: Record<
  VenueKey,
  { kind: 'lab' | 'science_base'; level: 'national' | 'provincial'; district: string | null; capacity: number; realNames: boolean; name: string }
> = {
  coal: { kind: 'lab', level: 'national', district: '小店区', capacity: 10, realNames: true, name: '煤转化测试实验室' },
  catalysis: { kind: 'lab', level: 'provincial', district: '迎泽区', capacity: 8, realNames: false, name: '催化测试实验室' },
  museum: { kind: 'science_base', level: 'national', district: '迎泽区', capacity: 20, realNames: false, name: '测试科技馆' },
  botanic: { kind: 'science_base', level: 'provincial', district: '小店区', capacity: 15, realNames: false, name: '测试植物园' },
  geo: { kind: 'science_base', level: 'provincial', district: null, capacity: 6, realNames: false, name: '测试地质馆' },
};

const WEEK: SessionPlan[] = [
  { venue: 'coal', on: '2027-05-22', from: '09:00', to: '10:30', parties: ['3:in', '2:in1', '4:no', '1:cxl'] },
  { venue: 'museum', on: '2027-05-22', from: '09:00', to: '10:30', parties: ['5:in', '4:in', '3:in2', '2:cxl', '1:no'] },
  { venue: 'geo', on: '2027-05-22', from: '09:00', to: '10:30', parties: ['2:in', '3:in'] },
  { venue: 'catalysis', on: '2027-05-22', from: '14:00', to: '15:30', parties: ['2:in', '2:in', '2:in', '1:no'] },
  { venue: 'coal', on: '2027-05-23', from: '09:00', to: '10:30', parties: ['2:in', '2:in', '3:cxl'] },
  { venue: 'botanic', on: '2027-05-23', from: '09:00', to: '10:30', parties: ['4:in', '3:in', '1:cxl'] },
  { venue: 'museum', on: '2027-05-23', from: '14:00', to: '15:30', parties: ['5:in', '5:in4'] },
  { venue: 'catalysis', on: '2027-05-24', from: '09:00', to: '10:30', parties: ['3', '2'], cancelledByVenue: true },
  { venue: 'botanic', on: '2027-05-24', from: '09:00', to: '10:30', parties: ['2:in1', '2:no'] },
  { venue: 'museum', on: '2027-05-24', from: '14:00', to: '15:30', parties: ['3:no', '2:cxl'] },
  { venue: 'geo', on: '2027-05-24', from: '14:00', to: '15:30', parties: ['1:no'] },
  // 25 May: over when the report is read, but the close-out job has not run for it yet.
  { venue: 'coal', on: '2027-05-25', from: '09:00', to: '10:30', parties: ['4:in3', '2:no'] },
  { venue: 'botanic', on: '2027-05-25', from: '09:00', to: '10:30', parties: [] },
  { venue: 'museum', on: '2027-05-25', from: '14:00', to: '15:30', parties: ['4:in', '2:in'] },
  // Still to come.
  { venue: 'catalysis', on: '2027-05-26', from: '09:00', to: '10:30', parties: ['2', '1'] },
  { venue: 'geo', on: '2027-05-27', from: '09:00', to: '10:30', parties: [] },
];

/** The close-out job runs on the evening of the 24th; the report is read at 18:00 on the 25th. */
const JOB_RUNS_AT = at('2027-05-24', '20:00');
const REPORT_AT = at('2027-05-25', '18:00');

interface Party {
  size: number;
  outcome: 'in' | 'no' | 'cxl' | 'future';
  admitted: number;
}

function party(spec: string): Party {
  const [size, outcome = 'future'] = spec.split(':') as [string, string?];
  const n = Number(size);
  if (outcome === 'in') return { size: n, outcome: 'in', admitted: n };
  if (outcome.startsWith('in')) return { size: n, outcome: 'in', admitted: Number(outcome.slice(2)) };
  return { size: n, outcome: outcome as Party['outcome'], admitted: 0 };
}

// ---- What the report must say, worked out from the plan alone --------------------------------------------------

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function expected(plans: SessionPlan[]): Metrics {
  const e = { sessions: 0, capacity: 0, booked: 0, admitted: 0, noShows: 0, cancellations: 0, cancelledByFamily: 0, cancelledByVenue: 0 };
  for (const plan of plans) {
    const parties = plan.parties.map(party);
    if (plan.cancelledByVenue) {
      e.cancellations += parties.length;
      e.cancelledByVenue += parties.length;
      continue;
    }
    e.sessions += 1;
    e.capacity += VENUES[plan.venue].capacity;
    for (const p of parties) {
      if (p.outcome === 'cxl') {
        e.cancellations += 1;
        e.cancelledByFamily += 1;
        continue;
      }
      e.booked += p.size;
      e.admitted += p.admitted;
      if (p.outcome !== 'future') e.noShows += p.size - p.admitted;
    }
  }
  return { ...e, utilisation: e.capacity ? round4(e.booked / e.capacity) : null, showUpRate: e.booked ? round4(e.admitted / e.booked) : null };
}

// ---- Building the week through the API ------------------------------------------------------------------------
interface BookedParty extends Party {
  code: string;
  phone: string;
  contact: string;
  visitors: { name: string; idNumber?: string }[];
}

interface World {
  edition: Edition;
  venues: Record<VenueKey, Venue>;
  sessions: { plan: SessionPlan; id: number; parties: BookedParty[] }[];
  organiser: () => Promise<Staff>;
}

async function buildWeek(h: Harness): Promise<World> {
  const edition = await createEdition(h.db);
  const venues = {} as Record<VenueKey, Venue>;
  for (const [key, v] of Object.entries(VENUES) as [VenueKey, (typeof VENUES)[VenueKey]][]) {
    venues[key] = await createVenue(h.db, {
      kind: v.kind,
      level: v.level,
      district: v.district,
      nameZh: v.name,
      nameEn: `Test ${key}`,
      realNameRequired: v.realNames,
    });
  }
  // Booking is open on 10 May; every booking and cancellation happens then.
  const organiserNow = await signedIn(h, 'organiser');
  const sessions: World['sessions'] = [];
  for (const plan of WEEK) {
    const session = await createSession(h.db, {
      edition,
      venue: venues[plan.venue],
      on: plan.on,
      from: plan.from,
      to: plan.to,
      capacity: VENUES[plan.venue].capacity,
    });
    const parties: BookedParty[] = [];
    for (const [i, spec] of plan.parties.entries()) {
      const p = party(spec);
      const phone = nextPhone();
      const contact = `家长${plan.venue}${i}`;
      const visitors = Array.from({ length: p.size }, (_, k) => ({
        name: `访客${plan.on.slice(8)}${plan.venue}${i}${k}`,
        ...(VENUES[plan.venue].realNames ? { idNumber: makeIdNumber('140105', '2010-01-01', ++idSeq) } : {}),
      }));
      const res = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: contact, phone }, visitors });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      if (p.outcome === 'cxl') expect((await h.http.post(`/api/bookings/${res.body.code}/cancel`, { phone })).status).to.equal(200);
      parties.push({ ...p, code: res.body.code, phone, contact, visitors });
    }
    if (plan.cancelledByVenue) {
      const res = await h.http.post(`/api/manage/sessions/${session.id}/cancel`, { reason: '设备检修 Maintenance' }, organiserNow.headers);
      expect(res.status).to.equal(200);
    }
    sessions.push({ plan, id: session.id, parties });
  }

  // The days at the door, in time order; the close-out job runs once, on the evening of the 24th.
  const byStart = [...sessions].sort((a, b) => at(a.plan.on, a.plan.from).getTime() - at(b.plan.on, b.plan.from).getTime());
  const door = await signedIn(
    h,
    'door_staff',
    Object.values(venues).map((v) => v.id),
  );
  const doorHeaders = new Map<string, Record<string, string>>(); // sign-ins last 12 hours: one per day
  let jobRan = false;
  for (const s of byStart) {
    const startsAt = at(s.plan.on, s.plan.from);
    if (startsAt > REPORT_AT) break;
    if (!jobRan && startsAt > JOB_RUNS_AT) {
      h.clock.set(JOB_RUNS_AT);
      const closed = await h.services.noShows.markNoShows();
      expect(closed.sessions).to.equal(WEEK.filter((p) => p.on <= '2027-05-24' && !p.cancelledByVenue).length);
      jobRan = true;
    }
    h.clock.set(new Date(startsAt.getTime() - 10 * 60_000));
    if (!doorHeaders.has(s.plan.on)) {
      const { token } = await h.services.accounts.login(door.username, door.password, '127.0.0.1');
      doorHeaders.set(s.plan.on, { authorization: `Bearer ${token}` });
    }
    for (const p of s.parties.filter((x) => x.outcome === 'in')) {
      const res = await h.http.post('/api/checkins', { code: p.code, admitted: p.admitted, gate: 'east' }, doorHeaders.get(s.plan.on));
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
    }
  }
  h.clock.set(REPORT_AT);
  return { edition, venues, sessions, organiser: () => signedIn(h, 'organiser') };
}

const METRIC_KEYS = [
  'sessions',
  'capacity',
  'booked',
  'admitted',
  'noShows',
  'cancellations',
  'cancelledByFamily',
  'cancelledByVenue',
  'utilisation',
  'showUpRate',
] as const;
const metricsOf = (row: Record<string, unknown>) => Object.fromEntries(METRIC_KEYS.map((k) => [k, row[k]]));

describe('organisers’ reports', () => {
  describe('week report over a generated week', () => {
    let h: Harness;
    let w: World;
    let organiser: Staff;

    before(async function () {
      this.timeout(120_000);
      h = await startHarness();
      w = await buildWeek(h);
      organiser = await w.organiser();
    });
    after(async () => h?.close());

    const week = (qs = '', staff: Staff = organiser) => h.http.get(`/api/reports/week${qs}`, staff.headers);

    it('when the whole week is asked for, then the totals are the ones worked out from the plan (and by hand)', async () => {
      const res = await week();
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.include('no-store');
      expect(metricsOf(res.body.totals)).to.deep.equal(expected(WEEK));
      // The same, counted by hand from the plan above, so a mistake in expected() cannot hide one in the report.
      expect(res.body.totals).to.deep.equal({
        sessions: 15,
        capacity: 189,
        booked: 78,
        admitted: 56,
        noShows: 19,
        cancellations: 7,
        cancelledByFamily: 5,
        cancelledByVenue: 2,
        utilisation: 0.4127,
        showUpRate: 0.7179,
      });
      expect(res.body.edition).to.include({ id: w.edition.id, startDate: '2027-05-22', endDate: '2027-05-28', timezone: TZ });
      expect(res.body.filters).to.deep.equal({ from: '2027-05-22', to: '2027-05-28', district: null });
      expect(res.body.generatedAt).to.equal('2027-05-25T18:00:00+08:00');
    });

    it('when split per day, then every date of the range has a row and each matches its sessions', async () => {
      const { body } = await week();
      expect(body.byDay.map((d: { date: string }) => d.date)).to.deep.equal([
        '2027-05-22',
        '2027-05-23',
        '2027-05-24',
        '2027-05-25',
        '2027-05-26',
        '2027-05-27',
        '2027-05-28',
      ]);
      for (const day of body.byDay) expect(metricsOf(day), day.date).to.deep.equal(expected(WEEK.filter((p) => p.on === day.date)));
      expect(body.byDay[6]).to.deep.include({ sessions: 0, capacity: 0, utilisation: null, showUpRate: null });
    });

    it('when split per district, kind/level and venue, then each row matches; the unknown district is labelled and last', async () => {
      const { body } = await week();
      const districts = body.byDistrict as { district: string | null; label: string }[];
      expect(districts.map((d) => d.district)).to.have.members(['小店区', '迎泽区', null]);
      expect(districts.at(-1)).to.include({ district: null, label: '未知 / unknown' });
      for (const d of districts) expect(metricsOf(d), d.label).to.deep.equal(expected(WEEK.filter((p) => VENUES[p.venue].district === d.district)));

      expect(body.byKindLevel).to.have.length(4);
      for (const k of body.byKindLevel) {
        expect(metricsOf(k), `${k.kind}/${k.level}`).to.deep.equal(
          expected(WEEK.filter((p) => VENUES[p.venue].kind === k.kind && VENUES[p.venue].level === k.level)),
        );
      }
      expect(body.byKindLevel.find((k: { kind: string; level: string }) => k.kind === 'lab' && k.level === 'national')).to.include({
        label: '国家级重点实验室',
        admitted: 11,
      });

      expect(body.byVenue).to.have.length(5);
      for (const key of Object.keys(VENUES) as VenueKey[]) {
        const row = body.byVenue.find((v: { venueId: number }) => v.venueId === w.venues[key].id);
        expect(row, key).to.include({ name: VENUES[key].name, kind: VENUES[key].kind, level: VENUES[key].level, district: VENUES[key].district });
        expect(metricsOf(row), key).to.deep.equal(expected(WEEK.filter((p) => p.venue === key)));
      }
    });

    it('when the range and a district are given, then only those days and venues count', async () => {
      const days = await week('?from=2027-05-23&to=2027-05-24');
      expect(days.status).to.equal(200);
      expect(days.body.byDay.map((d: { date: string }) => d.date)).to.deep.equal(['2027-05-23', '2027-05-24']);
      expect(metricsOf(days.body.totals)).to.deep.equal(expected(WEEK.filter((p) => p.on >= '2027-05-23' && p.on <= '2027-05-24')));

      const xiaodian = await week(`?district=${encodeURIComponent('小店区')}`);
      expect(xiaodian.body.filters.district).to.equal('小店区');
      expect(metricsOf(xiaodian.body.totals)).to.deep.equal(expected(WEEK.filter((p) => VENUES[p.venue].district === '小店区')));
      expect(xiaodian.body.byVenue.map((v: { venueId: number }) => v.venueId)).to.have.members([w.venues.coal.id, w.venues.botanic.id]);

      const both = await week(`?from=2027-05-22&to=2027-05-22&district=${encodeURIComponent('迎泽区')}`);
      expect(metricsOf(both.body.totals)).to.deep.equal(expected(WEEK.filter((p) => p.on === '2027-05-22' && VENUES[p.venue].district === '迎泽区')));
      expect(both.body.totals).to.include({ sessions: 2, booked: 20, admitted: 17 });

      const nowhere = await week(`?district=${encodeURIComponent('尖草坪区')}`);
      expect(nowhere.body.totals).to.include({ sessions: 0, booked: 0, utilisation: null, showUpRate: null });
      expect(nowhere.body.byVenue).to.deep.equal([]);
    });

    it('when the dates are outside the edition or reversed, or the format unknown, then 422 / 400', async () => {
      const outside = await week('?from=2027-05-21');
      expect(outside.status).to.equal(422);
      expect(outside.body.error.code).to.equal('date_outside_edition');
      const reversed = await week('?from=2027-05-25&to=2027-05-23');
      expect(reversed.status).to.equal(400);
      expect(reversed.body.error.details.fields[0].field).to.equal('to');
      expect((await week('?from=2027-5-23')).status).to.equal(400);
      expect((await week('?format=pdf')).status).to.equal(400);
    });

    it('when someone other than an organiser asks, then 401 without sign-in and 403 for venue staff', async () => {
      expect((await h.http.get('/api/reports/week')).status).to.equal(401);
      const manager = await signedIn(h, 'venue_manager', [w.venues.coal.id]);
      const door = await signedIn(h, 'door_staff', [w.venues.coal.id]);
      for (const staff of [manager, door]) {
        const res = await week('', staff);
        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('forbidden');
        expect((await week('?format=csv', staff)).status).to.equal(403);
      }
    });

    it('when another edition is named, then its figures are reported, not the current one’s', async () => {
      const last = await createEdition(h.db, { startDate: '2026-05-22', endDate: '2026-05-28' });
      const old = await createSession(h.db, { edition: last, venue: w.venues.geo, on: '2026-05-23', capacity: 7 });
      const res = await week(`?editionId=${last.id}`);
      expect(res.status).to.equal(200);
      expect(res.body.edition).to.include({ id: last.id, startDate: '2026-05-22' });
      expect(res.body.totals).to.include({ sessions: 1, capacity: 7, booked: 0 });
      expect((await week('?editionId=999999')).status).to.equal(404);
      // Leave the week as the next tests expect it.
      await h.db.sql.run('DELETE FROM sessions WHERE id = :id', { id: old.id });
      await h.db.sql.run('DELETE FROM editions WHERE id = :id', { id: last.id });
    });

    it('when asked as CSV, then UTF-8 with a BOM, a bilingual header, and a row per group with the same figures', async () => {
      const res = await week('?format=csv');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).to.match(/^attachment; filename="week-report-.*-2027-05-22-2027-05-28\.csv"$/);
      expect([...res.bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
      const lines = res.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).to.equal(
        '分组 Group,项目 Item,项目（英文） Item (English),区 District,类型 Kind,级别 Level,场次 Sessions,名额 Capacity,预约人数 Booked,入场人数 Admitted,未到人数 No-shows,取消预约 Cancelled bookings,家庭取消 By family,场馆取消 By venue,预约率 Utilisation,到场率 Show-up rate',
      );
      expect(lines[1]).to.equal('total,合计,Total,,,,15,189,78,56,19,7,5,2,0.4127,0.7179');
      const day22 = expected(WEEK.filter((p) => p.on === '2027-05-22'));
      expect(lines).to.include(
        `day,2027-05-22,2027-05-22,,,,${day22.sessions},${day22.capacity},${day22.booked},${day22.admitted},${day22.noShows},${day22.cancellations},${day22.cancelledByFamily},${day22.cancelledByVenue},${day22.utilisation},${day22.showUpRate}`,
      );
      expect(lines).to.include('day,2027-05-28,2027-05-28,,,,0,0,0,0,0,0,0,0,,');
      expect(lines.filter((l) => l.startsWith('district,'))).to.have.length(3);
      expect(lines.some((l) => l.startsWith('district,未知 / unknown,unknown,未知 / unknown,'))).to.equal(true);
      expect(lines.filter((l) => l.startsWith('kind,'))).to.have.length(4);
      const coal = expected(WEEK.filter((p) => p.venue === 'coal'));
      expect(lines).to.include(
        `venue,煤转化测试实验室,Test coal,小店区,重点实验室 lab,国家级 national,${coal.sessions},${coal.capacity},${coal.booked},${coal.admitted},${coal.noShows},${coal.cancellations},${coal.cancelledByFamily},${coal.cancelledByVenue},${coal.utilisation},${coal.showUpRate}`,
      );
      expect(lines).to.have.length(1 + 1 + 7 + 3 + 4 + 5);
    });

    it('when asked as HTML, then one printable page with SVG charts, the title and the totals, under a strict CSP', async () => {
      const res = await week('?format=html');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).to.include("default-src 'none'").and.include("style-src 'unsafe-inline'");
      expect(csp).to.not.include('script-src');
      const html = res.text;
      expect(html).to.match(/^<!doctype html>/);
      expect(html).to.include(`<title>开放日接待情况汇总 · ${w.edition.nameZh} / Open days: week report</title>`);
      expect(html).to.include(`<h1>开放日接待情况汇总<span class="en">Open days: week report</span></h1>`);
      expect(html.match(/<svg /g)).to.have.length(3);
      expect(html).to.include('每日入场人数').and.include('Visitors per day').and.include('各区入场人数').and.include('Top 10 venues');
      expect(html).to.include('@media print').and.include('@page');
      expect(html).to.not.match(/<script|<link|src=|url\(/i);
      // The totals row of the venue table and the key figures.
      expect(html).to.match(/<tfoot><tr><td colspan="3">合计 Total<\/td><td>15<\/td><td>189<\/td><td>78<\/td><td>56<\/td><td>19<\/td>/);
      expect(html).to.include('<div class="value">41.3%</div>').and.include('<div class="value">71.8%</div>');
      expect(html).to.include('未知 / unknown').and.include('煤转化测试实验室');
    });

    it('when venue names hold markup, then the HTML report escapes them', async () => {
      await h.db.sql.run('UPDATE venues SET name_zh = :name WHERE id = :id', { name: '<script>alert(1)</script>地质馆', id: w.venues.geo.id });
      const { text } = await week('?format=html');
      expect(text).to.not.include('<script>alert(1)</script>');
      expect(text).to.include('&lt;script&gt;alert(1)&lt;/script&gt;地质馆');
      await h.db.sql.run('UPDATE venues SET name_zh = :name WHERE id = :id', { name: VENUES.geo.name, id: w.venues.geo.id });
    });

    it('when the close-out job then runs for the 25th, then the no-shows it writes are the ones already reported', async () => {
      const before = (await week()).body;
      const closed = await h.services.noShows.markNoShows();
      expect(closed.sessions).to.equal(3);
      const after = (await week()).body;
      expect(after.totals).to.deep.equal(before.totals);
      expect(after.byVenue).to.deep.equal(before.byVenue);
      const [row] = await h.db.sql.select<{ n: number | string }>('SELECT SUM(missing) AS n FROM no_shows');
      expect(Number(row!.n)).to.equal(19);
    });
  });

  describe('contact-tracing export', () => {
    let h: Harness;
    let w: World;
    let organiser: Staff;

    before(async function () {
      this.timeout(120_000);
      h = await startHarness();
      w = await buildWeek(h);
      organiser = await w.organiser();
    });
    after(async () => h?.close());

    const REASON = '确诊病例于 5 月 22 日上午到访，需追踪密切接触者 / confirmed case visited on 22 May';
    const trace = (body: Record<string, unknown>, staff: Staff | null = organiser, qs = '') =>
      h.http.post(`/api/reports/contact-trace${qs}`, body, staff?.headers);
    const coalMorning = () => ({ venueId: w.venues.coal.id, from: '2027-05-22T08:00:00+08:00', to: '2027-05-22T12:00:00+08:00', reason: REASON });
    const audits = () =>
      h.db.sql.select<{ action: string; actor_username: string; venue_id: number; target_type: string; target_id: string; details: string }>(
        "SELECT action, actor_username, venue_id, target_type, target_id, details FROM audit_log WHERE action = 'report.contact_trace' ORDER BY id",
      );

    it('when an organiser states a reason, then everyone admitted in the range comes back with full phones and masked IDs, and it is audited', async () => {
      const res = await trace(coalMorning());
      expect(res.status).to.equal(200);
      expect(res.headers.get('cache-control')).to.include('no-store');
      const session = w.sessions.find((s) => s.plan.venue === 'coal' && s.plan.on === '2027-05-22')!;
      const admitted = session.parties.filter((p) => p.outcome === 'in');
      expect(res.body).to.include({ count: 2, people: 4, reason: REASON, from: '2027-05-22T08:00:00+08:00', to: '2027-05-22T12:00:00+08:00' });
      expect(res.body.venue).to.include({ id: w.venues.coal.id, name: '煤转化测试实验室' });
      expect(res.body.items.map((i: { code: string }) => i.code)).to.have.members(admitted.map((p) => p.code));
      for (const item of res.body.items) {
        const p = admitted.find((x) => x.code === item.code)!;
        expect(item.contact).to.deep.equal({ name: p.contact, phone: p.phone });
        expect(item).to.include({ partySize: p.size, admitted: p.admitted, gate: 'east', checkedInAt: '2027-05-22T08:50:00+08:00' });
        expect(item.session).to.deep.include({
          id: session.id,
          date: '2027-05-22',
          startsAt: '2027-05-22T09:00:00+08:00',
          endsAt: '2027-05-22T10:30:00+08:00',
        });
        expect(item.visitors.map((v: { name: string }) => v.name)).to.deep.equal(p.visitors.map((v) => v.name));
        for (const [k, v] of (item.visitors as { idNumber: string }[]).entries()) {
          expect(v.idNumber).to.match(/^\d{4}\*{10}[\dX]{4}$/);
          expect(JSON.stringify(res.body)).to.not.include(p.visitors[k]!.idNumber!);
        }
      }
      // Neither the no-show nor the cancelled family was there.
      const absent = session.parties.filter((p) => p.outcome !== 'in');
      for (const p of absent) expect(res.text).to.not.include(p.phone);

      const [row, ...more] = await audits();
      expect(more).to.have.length(0);
      expect(row).to.include({ actor_username: organiser.username, target_type: 'venue', target_id: String(w.venues.coal.id) });
      expect(Number(row!.venue_id)).to.equal(w.venues.coal.id);
      const details = JSON.parse(row!.details);
      expect(details).to.deep.include({
        reason: REASON,
        from: '2027-05-22T08:00:00+08:00',
        to: '2027-05-22T12:00:00+08:00',
        rows: 2,
        people: 4,
        format: 'json',
      });
      expect(details.codes).to.have.members(admitted.map((p) => p.code));
      expect(row!.details).to.not.include(admitted[0]!.phone);
    });

    it('when the range only touches a visit (before the check-in, after the end), then it is in or out by overlap', async () => {
      // Checked in at 08:50 for 09:00–10:30: present from 08:50 on.
      const atDoor = await trace({ ...coalMorning(), from: '2027-05-22T08:45:00+08:00', to: '2027-05-22T08:55:00+08:00' });
      expect(atDoor.body.count).to.equal(2);
      const before = await trace({ ...coalMorning(), from: '2027-05-22T08:00:00+08:00', to: '2027-05-22T08:50:00+08:00' });
      expect(before.body.count).to.equal(0);
      const after = await trace({ ...coalMorning(), from: '2027-05-22T10:30:00+08:00', to: '2027-05-22T12:00:00+08:00' });
      expect(after.body.count).to.equal(0);
      // The whole week at the museum: every admitted booking there.
      const museum = await trace({ venueId: w.venues.museum.id, from: '2027-05-21T00:00:00+08:00', to: '2027-05-29T00:00:00+08:00', reason: REASON });
      const museumAdmitted = w.sessions.filter((s) => s.plan.venue === 'museum').flatMap((s) => s.parties.filter((p) => p.outcome === 'in'));
      expect(museum.body.count).to.equal(museumAdmitted.length);
      expect(museum.body.people).to.equal(museumAdmitted.reduce((sum, p) => sum + p.admitted, 0));
    });

    it('when asked as CSV, then one row per visitor with the full phone and the masked ID number', async () => {
      const res = await trace(coalMorning(), organiser, '?format=csv');
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).to.equal(`attachment; filename="contact-trace-venue-${w.venues.coal.id}-2027-05-22.csv"`);
      expect(res.text.charCodeAt(0)).to.equal(0xfeff);
      const lines = res.text.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).to.include('联系电话 Phone').and.include('证件号码（脱敏） ID number (masked)');
      expect(lines).to.have.length(1 + 3 + 2);
      const p = w.sessions.find((s) => s.plan.venue === 'coal' && s.plan.on === '2027-05-22')!.parties[0]!;
      const first = lines.find((l) => l.startsWith(`${p.code},`))!;
      expect(first).to.include(`,${p.phone},1,${p.visitors[0]!.name},`);
      expect(first).to.match(/,\d{4}\*{10}[\dX]{4}$/);
      expect(JSON.parse((await audits()).at(-1)!.details)).to.include({ format: 'csv' });
    });

    it('when the reason is missing or short, or the range is reversed or too long, then 400 and nothing is audited', async () => {
      const before = (await audits()).length;
      const { reason: _reason, ...noReason } = coalMorning();
      for (const body of [
        noReason,
        { ...coalMorning(), reason: '太短 short' },
        { ...coalMorning(), reason: ' '.repeat(20) },
        { ...coalMorning(), reason: 'x'.repeat(501) },
        { ...coalMorning(), to: '2027-05-22T07:00:00+08:00' },
        { ...coalMorning(), from: '2027-05-01T00:00:00+08:00', to: '2027-05-22T00:00:00+08:00' },
        { ...coalMorning(), from: '22 May' },
      ]) {
        const res = await trace(body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
      }
      const missing = await trace(noReason);
      expect(missing.body.error.details.fields.map((f: { field: string }) => f.field)).to.deep.equal(['reason']);
      expect((await audits()).length).to.equal(before);
    });

    it('when a venue manager, door staff or nobody asks, then 403 / 401; an unknown venue is 404', async () => {
      const manager = await signedIn(h, 'venue_manager', [w.venues.coal.id]);
      const door = await signedIn(h, 'door_staff', [w.venues.coal.id]);
      const before = (await audits()).length;
      for (const staff of [manager, door]) {
        const res = await trace(coalMorning(), staff);
        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('forbidden');
      }
      expect((await trace(coalMorning(), null)).status).to.equal(401);
      expect((await audits()).length).to.equal(before);
      expect((await trace({ ...coalMorning(), venueId: 999_999 })).status).to.equal(404);
    });
  });

  describe('live view', () => {
    let h: Harness;
    afterEach(async () => h?.close());

    async function today() {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const lab = await createVenue(h.db, { kind: 'science_base', district: '小店区', nameZh: '今日实验室' });
      const base = await createVenue(h.db, { kind: 'science_base', district: null, nameZh: '今日基地' });
      const s1 = await createSession(h.db, { edition, venue: lab, on: '2027-05-25', from: '09:00', to: '10:30', capacity: 10 });
      const s2 = await createSession(h.db, { edition, venue: lab, on: '2027-05-25', from: '14:00', to: '15:30', capacity: 10 });
      const s3 = await createSession(h.db, { edition, venue: base, on: '2027-05-25', from: '09:00', to: '10:30', capacity: 20 });
      await createSession(h.db, { edition, venue: base, on: '2027-05-24', from: '09:00', to: '10:30', capacity: 20 });
      await createSession(h.db, { edition, venue: base, on: '2027-05-25', from: '16:00', to: '17:00', capacity: 20, status: 'cancelled' });
      const book = async (sessionId: number, size: number) => {
        const res = await h.http.post('/api/bookings', {
          sessionId,
          contact: { name: '家长', phone: nextPhone() },
          visitors: Array.from({ length: size }, (_, i) => ({ name: `孩子${i}` })),
        });
        expect(res.status).to.equal(201);
        return res.body.code as string;
      };
      const a = await book(s1.id, 3);
      await book(s1.id, 2);
      await book(s2.id, 4);
      const c = await book(s3.id, 5);
      // 08:50 on the 25th: the morning sessions' check-in is open.
      h.clock.set(at('2027-05-25', '08:50'));
      const organiser = await signedIn(h, 'organiser');
      expect((await h.http.post('/api/checkins', { code: a, admitted: 2 }, organiser.headers)).status).to.equal(200);
      expect((await h.http.post('/api/checkins', { code: c }, organiser.headers)).status).to.equal(200);
      return { lab, base, s1, s2, s3, organiser };
    }

    it('when an organiser looks, then every venue’s sessions of today (in Shanghai) with people admitted so far', async () => {
      const t = await today();
      const res = await h.http.get('/api/reports/live', t.organiser.headers);
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ date: '2027-05-25', generatedAt: '2027-05-25T08:50:00+08:00' });
      expect(res.body.totals).to.deep.equal({ sessions: 3, capacity: 40, booked: 14, admitted: 7 });
      const lab = res.body.venues.find((v: { venueId: number }) => v.venueId === t.lab.id);
      expect(lab).to.include({ name: '今日实验室', district: '小店区', capacity: 20, booked: 9, admitted: 2 });
      expect(lab.sessions).to.deep.equal([
        {
          sessionId: t.s1.id,
          startsAt: '2027-05-25T09:00:00+08:00',
          endsAt: '2027-05-25T10:30:00+08:00',
          status: 'open',
          state: 'checkin_open',
          capacity: 10,
          booked: 5,
          admitted: 2,
          confirmedBookings: 2,
          checkedInBookings: 1,
          byGate: [{ gate: null, admitted: 2 }],
        },
        {
          sessionId: t.s2.id,
          startsAt: '2027-05-25T14:00:00+08:00',
          endsAt: '2027-05-25T15:30:00+08:00',
          status: 'open',
          state: 'upcoming',
          capacity: 10,
          booked: 4,
          admitted: 0,
          confirmedBookings: 1,
          checkedInBookings: 0,
          byGate: [],
        },
      ]);
      const base = res.body.venues.find((v: { venueId: number }) => v.venueId === t.base.id);
      expect(base).to.include({ admitted: 5, booked: 5 });
      expect(base.sessions).to.have.length(1); // yesterday's and the cancelled one are not today's visits

      h.clock.set(at('2027-05-25', '11:00'));
      const later = await h.http.get('/api/reports/live', t.organiser.headers);
      expect(later.body.venues[0].sessions[0].state).to.equal('ended');
    });

    it('when the local date differs from the UTC date, then "today" is the local one', async () => {
      const t = await today();
      h.clock.set('2027-05-24T17:30:00Z'); // 01:30 on the 25th in Shanghai, still the 24th in UTC
      const res = await h.http.get('/api/reports/live', t.organiser.headers);
      expect(res.body.date).to.equal('2027-05-25');
      expect(res.body.totals.sessions).to.equal(3);
    });

    it('when venue staff look, then only their venues; another venue asked for by id is 403; nobody signed in is 401', async () => {
      const t = await today();
      const manager = await signedIn(h, 'venue_manager', [t.lab.id]);
      const door = await signedIn(h, 'door_staff', [t.base.id]);
      const mine = await h.http.get('/api/reports/live', manager.headers);
      expect(mine.status).to.equal(200);
      expect(mine.body.venues.map((v: { venueId: number }) => v.venueId)).to.deep.equal([t.lab.id]);
      expect(mine.body.totals).to.deep.equal({ sessions: 2, capacity: 20, booked: 9, admitted: 2 });
      const theirs = await h.http.get('/api/reports/live', door.headers);
      expect(theirs.body.venues.map((v: { venueId: number }) => v.venueId)).to.deep.equal([t.base.id]);
      expect(theirs.body.totals.admitted).to.equal(5);

      expect((await h.http.get(`/api/reports/live?venueId=${t.lab.id}`, manager.headers)).status).to.equal(200);
      const other = await h.http.get(`/api/reports/live?venueId=${t.base.id}`, manager.headers);
      expect(other.status).to.equal(403);
      expect(other.body.error.code).to.equal('forbidden');
      const organiserOne = await h.http.get(`/api/reports/live?venueId=${t.base.id}`, t.organiser.headers);
      expect(organiserOne.body.venues.map((v: { venueId: number }) => v.venueId)).to.deep.equal([t.base.id]);

      expect((await h.http.get('/api/reports/live')).status).to.equal(401);
    });
  });
});
