// Setting up a week in a real browser: an organiser imports a venue list with one bad row, sees the row's error, fixes
// the file and imports it; publishes the edition; a family then sees the venue and books.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { csvFile } from '../../src/shared/csv.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { launch, open, phonePage, serve, signInAs } from './browser.js';

const HEADER = ['编码 code', '名称 nameZh', '类型 kind', '级别 level', '称号 designationZh', '依托单位 hostZh', '所在区 district', '领域 fieldZh'];
const ROW = ['dino-hall', '恐龙化石科普馆', '科普基地', '省级', '山西省科普教育基地', '山西省地质博物馆', '小店区', '古生物'];

describe('web app: setting up the week', function () {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serve>>;
  let browser: Browser | undefined;
  beforeEach(async () => {
    h = await startHarness();
    server = await serve(h);
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    await server?.close();
    await h?.close();
  });

  it('when an organiser imports a list with a bad row, fixes it, sets a schedule and publishes, then a family sees the venue and books', async () => {
    await h.services.accounts.createUser({ username: 'bureau', password: 'bureau-long-enough', role: 'organiser', venueIds: [], displayName: null }, null);
    const organiser = await signedToken(h);
    const created = await h.http.post(
      '/api/manage/editions',
      {
        slug: 'taiyuan-2027',
        nameZh: '2027年太原市科技活动周',
        nameEn: 'Taiyuan 2027',
        cityZh: '太原',
        cityEn: 'Taiyuan',
        startDate: '2027-05-22',
        endDate: '2027-05-28',
        bookingOpensAt: '2027-05-08T09:00:00+08:00',
      },
      organiser,
    );
    expect(created.status).to.equal(201);

    browser = await launch();
    const { page, errors } = await phonePage(browser, server.base);
    await open(page, '/staff');
    await signInAs(page, 'bureau', 'bureau-long-enough', '/staff/overview');
    await open(page, '/staff/setup');
    await page.locator('#editions td', { hasText: 'taiyuan-2027' }).waitFor();

    const bad = [...ROW];
    bad[3] = '市级';
    await page.setInputFiles('#import-file', { name: 'venues.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile([HEADER, bad])) });
    await page.click('#import-preview-button');
    const errorRow = page.locator('#import-errors tbody tr');
    await errorRow.waitFor();
    expect(await errorRow.innerText())
      .to.include('2')
      .and.include('级别 level');
    expect(await page.locator('#import-apply').isDisabled()).to.equal(true);

    await page.setInputFiles('#import-file', { name: 'venues.csv', mimeType: 'text/csv', buffer: Buffer.from(csvFile([HEADER, ROW])) });
    await page.click('#import-preview-button');
    await page.locator('#import-counts', { hasText: '新建: 1' }).waitFor();
    await page.click('#import-apply');
    await page.locator('#import-preview', { hasText: '已导入' }).waitFor();

    const venue = (await h.http.get('/api/manage/venues?q=dino-hall', organiser)).body.items[0];
    const schedule = await h.http.request('PUT', `/api/manage/venues/${venue.id}/schedule?editionId=${created.body.id}`, {
      body: { weekly: [6, 7].map((weekday) => ({ weekday, start: '09:00', end: '10:30', capacity: 20 })) },
      headers: organiser,
    });
    expect(schedule.body.created).to.equal(2);

    await page.click(`[data-publish="${created.body.id}"]`);
    await page.locator('#editions td', { hasText: '已发布' }).waitFor();
    expect(errors).to.deep.equal([]);

    const family = await phonePage(browser, server.base);
    await open(family.page, '/');
    await family.page.locator('text=恐龙化石科普馆').first().waitFor();
    const sessions = await h.http.get(`/api/sessions?venueId=${venue.id}`);
    const booked = await h.http.post('/api/bookings', {
      sessionId: sessions.body.items[0].id,
      contact: { name: '王丽', phone: '13900000001' },
      visitors: [{ name: '王小明' }],
    });
    expect(booked.status).to.equal(201);
  });
});

async function signedToken(h: Harness): Promise<Record<string, string>> {
  const res = await h.http.post('/api/auth/login', { username: 'bureau', password: 'bureau-long-enough' });
  return { authorization: `Bearer ${res.body.token}` };
}
