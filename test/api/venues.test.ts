// The venue registry: organisers add and change venues with every field; a venue's manager changes its public profile
// only; tags are found by the catalogue search; only venues taking part in an edition appear in it.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn, type Staff } from '../helpers/staff.js';

const DINO_BASE = {
  code: 'dino-base',
  kind: 'science_base',
  level: 'provincial',
  designationZh: '山西省科普教育基地',
  designationEn: 'Shanxi Science Education Base',
  nameZh: '恐龙化石科普馆',
  nameEn: 'Dinosaur Fossil Hall',
  hostZh: '山西省地质博物馆',
  hostEn: 'Shanxi Geological Museum',
  district: '小店区',
  addressZh: '太原市小店区',
  fieldZh: '古生物',
  fieldEn: 'Palaeontology',
  descriptionZh: '看化石',
  minAge: 3,
  maxPartySize: 4,
  realNameRequired: false,
  contactPhone: '0351-1234567',
  contactEmail: 'dino@example.cn',
  tags: ['恐龙', '化石'],
  ageRange: { min: 4, max: 12 },
  visitMinutes: 60,
};

describe('venue registry', function () {
  this.timeout(60_000);
  let h: Harness;
  let organiser: Staff;
  beforeEach(async () => {
    h = await startHarness();
    organiser = await signedIn(h, 'organiser');
  });
  afterEach(async () => h?.close());

  it('when an organiser adds a venue with every field, then it reads back whole, and a second with the same code is refused', async () => {
    const res = await h.http.post('/api/manage/venues', DINO_BASE, organiser.headers);
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.deep.include({
      code: 'dino-base',
      nameZh: '恐龙化石科普馆',
      tags: ['恐龙', '化石'],
      ageRange: { min: 4, max: 12 },
      visitMinutes: 60,
      maxPartySize: 4,
    });
    const again = await h.http.post('/api/manage/venues', { ...DINO_BASE, nameZh: '另一个' }, organiser.headers);
    expect([again.status, again.body.error.code]).to.deep.equal([409, 'venue_exists']);
    const bad = await h.http.post('/api/manage/venues', { ...DINO_BASE, code: 'x', ageRange: { min: 12, max: 4 } }, organiser.headers);
    expect([bad.status, bad.body.error.details.fields[0].field]).to.deep.equal([400, 'ageRange']);
    const found = await h.http.get('/api/manage/venues?q=化石', organiser.headers);
    expect(found.body.items.map((v: { code: string }) => v.code)).to.deep.equal(['dino-base']);
  });

  it('when a venue manager changes the profile, then it applies; what the venue is stays with organisers; another venue is refused', async () => {
    const venue = (await h.http.post('/api/manage/venues', DINO_BASE, organiser.headers)).body;
    const other = await createVenue(h.db);
    const manager = await signedIn(h, 'venue_manager', [venue.id]);
    const ok = await h.http.patch(
      `/api/manage/venues/${venue.id}`,
      { tags: ['恐龙', '机器人'], ageRange: { min: 6, max: 14 }, visitMinutes: 45, descriptionEn: 'Fossils' },
      manager.headers,
    );
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body).to.deep.include({ tags: ['恐龙', '机器人'], ageRange: { min: 6, max: 14 }, visitMinutes: 45, descriptionEn: 'Fossils' });
    for (const body of [{ kind: 'lab' }, { level: 'national' }, { designationZh: '国家级' }, { minAge: 5, nameZh: '改名' }]) {
      const res = await h.http.patch(`/api/manage/venues/${venue.id}`, body, manager.headers);
      expect(res.status, JSON.stringify(body)).to.equal(400);
    }
    expect((await h.http.get(`/api/manage/venues/${venue.id}`, manager.headers)).body).to.include({
      kind: 'science_base',
      level: 'provincial',
      minAge: 3,
      nameZh: '恐龙化石科普馆',
    });
    expect((await h.http.patch(`/api/manage/venues/${other.id}`, { visitMinutes: 30 }, manager.headers)).status).to.equal(403);
    const byOrganiser = await h.http.patch(
      `/api/manage/venues/${venue.id}`,
      { kind: 'lab', level: 'national', designationZh: '国家重点实验室' },
      organiser.headers,
    );
    expect(byOrganiser.body).to.include({ kind: 'lab', level: 'national' });
    // The manager's list holds their venue only.
    expect((await h.http.get('/api/manage/venues', manager.headers)).body.items.map((v: { id: number }) => v.id)).to.deep.equal([venue.id]);
  });

  it('when families search the catalogue, then tags match, and a venue that does not take part in the edition is not shown', async () => {
    const edition = await createEdition(h.db);
    const dino = (await h.http.post('/api/manage/venues', DINO_BASE, organiser.headers)).body;
    await createSession(h.db, { edition, venue: { ...(await createVenue(h.db)), id: dino.id } });
    const robots = await createVenue(h.db, { kind: 'science_base', nameZh: '机械馆' });
    await createSession(h.db, { edition, venue: robots });
    const byTag = await h.http.get(`/api/venues?q=${encodeURIComponent('恐龙')}`);
    expect(byTag.body.items.map((v: { id: number }) => v.id)).to.deep.equal([dino.id]);
    const detail = await h.http.get(`/api/venues/${dino.id}`);
    expect(detail.body).to.deep.include({ tags: ['恐龙', '化石'], ageRange: { min: 4, max: 12 }, visitMinutes: 60 });

    // The robots hall withdraws (no bookings): it leaves the catalogue.
    const removed = await h.http.request('DELETE', `/api/manage/editions/${edition.id}/venues/${robots.id}`, { headers: organiser.headers });
    expect(removed.body.venueIds).to.deep.equal([dino.id]);
    expect((await h.http.get('/api/venues')).body.items.map((v: { id: number }) => v.id)).to.deep.equal([dino.id]);
  });
});
