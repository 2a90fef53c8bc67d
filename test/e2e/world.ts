// Scenario data for the browser tests: an edition, venues with sessions, bookings made through the API.
import { expect } from 'chai';
import { makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import type { Harness } from '../helpers/harness.js';

// Every edition here runs 22–28 May 2027 (Asia/Shanghai); booking opened on 8 May.
export const BOOKING_TIME = '2027-05-10T02:00:00Z';
// The first day's 09:00 session opens for check-in at 08:30 local (00:30Z).
export const DURING_CHECKIN = '2027-05-22T00:45:00Z';

export const ADULT_ID = (n: number) => makeIdNumber('140105', '1985-03-1' + (n % 10), 100 + n);
export const CHILD_ID = makeIdNumber('140105', '2020-06-01', 201);

export async function labWorld(h: Harness, opts: { capacity?: number; minAge?: number } = {}) {
  const edition = await createEdition(h.db);
  const lab = await createVenue(h.db, {
    kind: 'lab',
    level: 'national',
    designationZh: '全国重点实验室',
    designationEn: 'National Key Laboratory',
    nameZh: '量子光学与光量子器件实验室',
    nameEn: 'Quantum Optics and Photonic Devices Laboratory',
    hostZh: '山西大学',
    hostEn: 'Shanxi University',
    fieldZh: '量子光学',
    fieldEn: 'Quantum optics',
    descriptionZh: '看激光如何冷却原子，体验单光子探测。',
    descriptionEn: 'See lasers cool atoms and try single-photon detection.',
    minAge: opts.minAge ?? 10,
    realNameRequired: true,
    accessibilityZh: '一楼展厅可通行轮椅，有无障碍卫生间。',
  });
  const base = await createVenue(h.db, {
    kind: 'science_base',
    nameZh: '山西地质博物馆',
    nameEn: 'Shanxi Geological Museum',
    district: '万柏林区',
    realNameRequired: false,
  });
  const session = await createSession(h.db, { edition, venue: lab, from: '09:00', to: '10:30', capacity: opts.capacity ?? 10 });
  const later = await createSession(h.db, { edition, venue: lab, from: '14:00', to: '15:30', capacity: 10 });
  await createSession(h.db, { edition, venue: base, from: '09:00', to: '11:00', capacity: 30 });
  return { edition, lab, base, session, later };
}

/** A confirmed booking made through the API, as another family would. */
export async function bookThroughApi(h: Harness, sessionId: number, phone: string, people: { name: string; idNumber: string }[]) {
  const res = await h.http.post('/api/bookings', { sessionId, contact: { name: people[0]!.name, phone }, visitors: people });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as { code: string; qr: { token: string } };
}
