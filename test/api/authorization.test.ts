// Every protected endpoint against every kind of caller: anonymous, each role, the wrong venue, disabled, expired.
import { expect } from 'chai';
import { ALL_ROUTES } from '../../src/routes.js';
import type { Role } from '../../src/shared/actor.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

type Caller = 'anonymous' | 'organiser' | 'managerA' | 'doorA' | 'managerB' | 'doorB';
type Outcome = 'allowed' | 401 | 403;

interface Endpoint {
  /** "METHOD /path" as in the route tables. */
  name: string;
  call(h: Harness, headers: Record<string, string>): Promise<{ status: number; body: any }>;
  /** The request acts on venue A's things, so staff of venue B are refused whatever their role. */
  venueA: boolean;
}

const ROLE_OF: Record<Exclude<Caller, 'anonymous'>, Role> = {
  organiser: 'organiser',
  managerA: 'venue_manager',
  doorA: 'door_staff',
  managerB: 'venue_manager',
  doorB: 'door_staff',
};

/** What the route table says of a caller: the roles it admits, then the venue the request is about. */
function expectedOutcome(endpoint: Endpoint, caller: Caller): Outcome {
  if (caller === 'anonymous') return 401;
  const route = ALL_ROUTES.find((r) => `${r.method.toUpperCase()} ${r.path}` === endpoint.name);
  if (!route || route.auth === 'public') throw new Error(`${endpoint.name} is not a protected route of the tables`);
  if (!route.auth.includes(ROLE_OF[caller])) return 403;
  if (endpoint.venueA && (caller === 'managerB' || caller === 'doorB')) return 403;
  return 'allowed';
}

describe('authorization matrix', function () {
  this.timeout(120_000);
  let h: Harness;
  after(async () => h?.close());

  it('when each caller tries each protected endpoint, then only the allowed get through: 401 anonymous, 403 wrong role or venue', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venueA = await createVenue(h.db, { kind: 'science_base' });
    const venueB = await createVenue(h.db, { kind: 'science_base' });
    const sessionA = await createSession(h.db, { edition, venue: venueA, from: '09:00', to: '10:00', capacity: 50 });
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await h.http.post('/api/bookings', {
        sessionId: sessionA.id,
        contact: { name: '家长', phone: `135000000${String(i).padStart(2, '0')}` },
        visitors: [{ name: '孩子' }],
      });
      expect(res.status).to.equal(201);
      codes.push(res.body.code);
    }
    h.clock.set('2027-05-22T00:45:00Z'); // 08:45 on the first day: check-in time of the 09:00 session
    const staff: Record<Exclude<Caller, 'anonymous'>, Staff> = {
      organiser: await signedIn(h, 'organiser'),
      managerA: await signedIn(h, 'venue_manager', [venueA.id]),
      doorA: await signedIn(h, 'door_staff', [venueA.id]),
      managerB: await signedIn(h, 'venue_manager', [venueB.id]),
      doorB: await signedIn(h, 'door_staff', [venueB.id]),
    };
    const target = await signedIn(h, 'door_staff', [venueB.id]);
    let nextCode = 0;
    let madeCount = 0; // names of the editions and venues the setup endpoints make
    let nextUndo = 0;
    let nextSeq = 0;

    const endpoints: Endpoint[] = [
      { name: 'GET /api/auth/me', call: (x, hd) => x.http.get('/api/auth/me', hd), venueA: false },
      { name: 'GET /api/manage/users', call: (x, hd) => x.http.get('/api/manage/users', hd), venueA: false },
      {
        name: 'POST /api/manage/users',
        call: (x, hd) =>
          x.http.post('/api/manage/users', { username: `made.${Math.random().toString(36).slice(2, 8)}`, password: 'long enough pw', role: 'organiser' }, hd),
        venueA: false,
      },
      {
        name: 'PATCH /api/manage/users/:id',
        call: (x, hd) => x.http.patch(`/api/manage/users/${target.id}`, { displayName: 'x' }, hd),
        venueA: false,
      },
      { name: 'GET /api/manage/audit', call: (x, hd) => x.http.get('/api/manage/audit', hd), venueA: false },
      {
        name: 'POST /api/checkins',
        call: (x, hd) => x.http.post('/api/checkins', { code: codes[nextCode++ % 6] }, hd),
        venueA: true,
      },
      { name: 'POST /api/checkins/lookup', call: (x, hd) => x.http.post('/api/checkins/lookup', { code: codes[0] }, hd), venueA: true },
      { name: 'POST /api/checkins/find', call: (x, hd) => x.http.post('/api/checkins/find', { phone: '13500000000', surname: '家' }, hd), venueA: false },
      {
        name: 'POST /api/checkins/undo',
        // Each caller undoes an admission of their own (one they may undo), where they may admit at all.
        call: async (x, hd) => {
          const admitted = await x.http.post('/api/checkins', { code: codes[6 + (nextUndo++ % 6)] }, hd);
          if (admitted.status !== 200) return admitted;
          return x.http.post('/api/checkins/undo', { admissionIds: [admitted.body.party[0].admission.id], reason: '测试撤销' }, hd);
        },
        venueA: true,
      },
      { name: 'GET /api/checkins/roster', call: (x, hd) => x.http.get(`/api/checkins/roster?venueId=${venueA.id}`, hd), venueA: true },
      {
        name: 'POST /api/checkins/sync',
        call: (x, hd) =>
          x.http.post(
            '/api/checkins/sync',
            { deviceId: 'device-matrix', entries: [{ seq: ++nextSeq, code: codes[1], scannedAt: '2027-05-22T00:44:00Z' }] },
            hd,
          ),
        venueA: false,
      },
      { name: 'GET /api/checkins/conflicts', call: (x, hd) => x.http.get(`/api/checkins/conflicts?venueId=${venueA.id}`, hd), venueA: true },
      {
        name: 'GET /api/manage/sessions',
        call: (x, hd) => x.http.get(`/api/manage/sessions?venueId=${venueA.id}`, hd),
        venueA: true,
      },
      {
        name: 'POST /api/manage/sessions',
        call: (x, hd) =>
          x.http.post('/api/manage/sessions', { venueId: venueA.id, date: '2027-05-23', startTime: '14:00', endTime: '15:00', capacity: 10 }, hd),
        venueA: true,
      },
      {
        name: 'PATCH /api/manage/sessions/:id',
        call: (x, hd) => x.http.patch(`/api/manage/sessions/${sessionA.id}`, { capacity: 40 }, hd),
        venueA: true,
      },
      {
        name: 'GET /api/manage/sessions/:id/roster',
        call: (x, hd) => x.http.get(`/api/manage/sessions/${sessionA.id}/roster`, hd),
        venueA: true,
      },
      {
        name: 'PATCH /api/manage/venues/:id',
        call: (x, hd) => x.http.patch(`/api/manage/venues/${venueA.id}`, { minAge: 6 }, hd),
        venueA: true,
      },
      {
        name: 'POST /api/manage/sessions/:id/cancel',
        call: async (x, hd) => {
          const s = await createSession(x.db, { edition, venue: venueA, on: '2027-05-25', from: `1${nextCode++ % 10}:00`, to: `1${nextCode % 10}:30` });
          return x.http.post(`/api/manage/sessions/${s.id}/cancel`, { reason: '设备检修 maintenance' }, hd);
        },
        venueA: true,
      },
      { name: 'GET /api/reports/week', call: (x, hd) => x.http.get('/api/reports/week', hd), venueA: false },
      { name: 'GET /api/reports/live', call: (x, hd) => x.http.get(`/api/reports/live?venueId=${venueA.id}`, hd), venueA: true },
      {
        name: 'POST /api/reports/contact-trace',
        call: (x, hd) =>
          x.http.post(
            '/api/reports/contact-trace',
            { venueId: venueA.id, from: '2027-05-22T00:00:00Z', to: '2027-05-22T04:00:00Z', reason: '卫生部门要求的密接排查 health authority request' },
            hd,
          ),
        venueA: false,
      },
      // Edition setup (src/modules/editions) and slot schedules (src/modules/schedules).
      { name: 'GET /api/manage/editions', call: (x, hd) => x.http.get('/api/manage/editions', hd), venueA: false },
      { name: 'GET /api/manage/editions/:id', call: (x, hd) => x.http.get(`/api/manage/editions/${edition.id}`, hd), venueA: false },
      { name: 'GET /api/manage/editions/:id/preview', call: (x, hd) => x.http.get(`/api/manage/editions/${edition.id}/preview`, hd), venueA: false },
      { name: 'GET /api/manage/editions/:id/venues', call: (x, hd) => x.http.get(`/api/manage/editions/${edition.id}/venues`, hd), venueA: false },
      {
        name: 'POST /api/manage/editions',
        call: (x, hd) =>
          x.http.post(
            '/api/manage/editions',
            {
              slug: `e-${madeCount++}`,
              nameZh: '新一届',
              nameEn: 'Next',
              cityZh: '太原',
              cityEn: 'Taiyuan',
              startDate: '2028-05-20',
              endDate: '2028-05-26',
              bookingOpensAt: '2028-05-06T09:00:00+08:00',
            },
            hd,
          ),
        venueA: false,
      },
      { name: 'PATCH /api/manage/editions/:id', call: (x, hd) => x.http.patch(`/api/manage/editions/${edition.id}`, { nameEn: 'Renamed' }, hd), venueA: false },
      { name: 'POST /api/manage/editions/:id/publish', call: (x, hd) => x.http.post(`/api/manage/editions/${edition.id}/publish`, {}, hd), venueA: false },
      {
        name: 'POST /api/manage/editions/:id/archive',
        call: async (x, hd) => {
          const e = await createEdition(x.db, { slug: `archive-${madeCount++}`, startDate: '2029-05-20', endDate: '2029-05-26' });
          return x.http.post(`/api/manage/editions/${e.id}/archive`, {}, hd);
        },
        venueA: false,
      },
      {
        name: 'POST /api/manage/editions/:id/copy',
        call: (x, hd) => x.http.post(`/api/manage/editions/${edition.id}/copy`, { slug: `copy-${madeCount++}`, startDate: '2030-05-20' }, hd),
        venueA: false,
      },
      {
        name: 'POST /api/manage/editions/:id/venues',
        call: (x, hd) => x.http.post(`/api/manage/editions/${edition.id}/venues`, { venueIds: [venueB.id] }, hd),
        venueA: false,
      },
      {
        name: 'DELETE /api/manage/editions/:id/venues/:venueId',
        call: async (x, hd) => {
          const c = await createVenue(x.db, { kind: 'science_base' });
          return x.http.request('DELETE', `/api/manage/editions/${edition.id}/venues/${c.id}`, { headers: hd });
        },
        venueA: false,
      },
      { name: 'GET /api/manage/venues', call: (x, hd) => x.http.get('/api/manage/venues?q=venue', hd), venueA: false },
      { name: 'GET /api/manage/venues/:id', call: (x, hd) => x.http.get(`/api/manage/venues/${venueA.id}`, hd), venueA: true },
      {
        name: 'POST /api/manage/venues',
        call: (x, hd) =>
          x.http.post(
            '/api/manage/venues',
            {
              code: `made-${madeCount++}`,
              kind: 'lab',
              level: 'provincial',
              designationZh: '省重点实验室',
              nameZh: '新实验室',
              hostZh: '某大学',
              fieldZh: '化学',
            },
            hd,
          ),
        venueA: false,
      },
      { name: 'GET /api/manage/venues/import-template.csv', call: (x, hd) => x.http.get('/api/manage/venues/import-template.csv', hd), venueA: false },
      { name: 'GET /api/manage/venues/import-template.xlsx', call: (x, hd) => x.http.get('/api/manage/venues/import-template.xlsx', hd), venueA: false },
      {
        name: 'POST /api/manage/venues/import',
        call: (x, hd) =>
          x.http.request('POST', '/api/manage/venues/import?dryRun=true', {
            raw: '编码 code,名称 nameZh\nx,y\n',
            headers: { ...hd, 'content-type': 'text/csv' },
          }),
        venueA: false,
      },
      { name: 'GET /api/reports/district-summary', call: (x, hd) => x.http.get('/api/reports/district-summary', hd), venueA: false },
      {
        name: 'GET /api/manage/venues/:id/schedule',
        call: (x, hd) => x.http.get(`/api/manage/venues/${venueA.id}/schedule?editionId=${edition.id}`, hd),
        venueA: true,
      },
      {
        name: 'PUT /api/manage/venues/:id/schedule',
        // Keeps venue A's booked 09:00 session as it is.
        call: (x, hd) =>
          x.http.request('PUT', `/api/manage/venues/${venueA.id}/schedule?editionId=${edition.id}`, {
            body: { dates: [{ date: edition.startDate, start: '09:00', end: '10:00', capacity: 50 }] },
            headers: hd,
          }),
        venueA: true,
      },
    ];

    // Every route a table marks as signed-in is in this matrix (logout is checked at the end: it ends sessions).
    const protectedRoutes = ALL_ROUTES.filter((r) => r.auth !== 'public').map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(protectedRoutes.filter((r) => r !== 'POST /api/auth/logout').sort()).to.deep.equal(endpoints.map((e) => e.name).sort());

    const failures: string[] = [];
    for (const endpoint of endpoints) {
      for (const caller of ['anonymous', 'organiser', 'managerA', 'doorA', 'managerB', 'doorB'] as Caller[]) {
        const expected = expectedOutcome(endpoint, caller);
        const res = await endpoint.call(h, caller === 'anonymous' ? {} : staff[caller].headers);
        const got = res.status === 401 || res.status === 403 ? res.status : res.status >= 500 ? `5xx ${res.status}` : 'allowed';
        if (got !== expected) failures.push(`${endpoint.name} as ${caller}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body?.error ?? '')}`);
        if (res.status === 401) expect(res.body.error.code).to.equal('unauthenticated');
        if (res.status === 403) expect(['forbidden', 'wrong_venue']).to.include(res.body.error.code);
      }
    }
    expect(failures).to.deep.equal([]);

    // A disabled account and an expired token are refused everywhere, like anonymous callers.
    expect((await h.http.patch(`/api/manage/users/${staff.managerA.id}`, { disabled: true }, staff.organiser.headers)).status).to.equal(200);
    h.clock.advance(12 * 3600_000 + 1000);
    for (const endpoint of endpoints) {
      const disabled = await endpoint.call(h, staff.managerA.headers);
      expect(disabled.status, `${endpoint.name} disabled`).to.equal(401);
      const expired = await endpoint.call(h, staff.organiser.headers);
      expect(expired.status, `${endpoint.name} expired`).to.equal(401);
    }
    expect((await h.http.post('/api/auth/logout')).status).to.equal(401);
  });
});
