// Staff in a real browser: a lab manager raises capacity and families see the new places; the door scanner reads a
// QR code through Chromium's fake camera; organisers see the week at a glance.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { startHarness, type Harness } from '../helpers/harness.js';
import { writeQrVideo } from './fake-camera.js';
import { launch, open, phonePage, screenshot, serve, signInAs } from './browser.js';
import { ADULT_ID, bookThroughApi, DURING_CHECKIN, labWorld } from './world.js';

async function staffAccount(h: Harness, username: string, role: 'organiser' | 'venue_manager' | 'door_staff', venueIds: number[]) {
  const password = `pw-${username}-long-enough`;
  await h.services.accounts.createUser({ username, password, role, venueIds, displayName: null }, null);
  return { username, password };
}

describe('web app: staff', function () {
  let h: Harness;
  let server: Awaited<ReturnType<typeof serve>>;
  let browser: Browser | undefined;
  let dir: string | undefined;

  beforeEach(async () => {
    h = await startHarness();
    server = await serve(h);
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    await server?.close();
    await h?.close();
  });

  it('when a lab manager raises a full session’s capacity, then the roster and bars update and the family view shows the new places', async () => {
    const w = await labWorld(h, { capacity: 2 });
    const booked = await bookThroughApi(h, w.session.id, '13700000001', [
      { name: '赵一', idNumber: ADULT_ID(1) },
      { name: '赵二', idNumber: ADULT_ID(2) },
    ]);
    const manager = await staffAccount(h, 'lab.manager', 'venue_manager', [w.lab.id]);
    browser = await launch();

    const family = await phonePage(browser, server.base);
    await open(family.page, `/venues/${w.lab.id}`);
    expect(await family.page.locator(`.slot[data-session-id="${w.session.id}"]`).innerText()).to.include('已约满');

    const { page, errors } = await phonePage(browser, server.base);
    await open(page, '/staff');
    await screenshot(page, '09-staff-login');
    await signInAs(page, manager.username, manager.password, '/staff/sessions');
    const card = page.locator(`.session-card[data-session-id="${w.session.id}"]`);
    await card.waitFor();
    expect(await card.locator('.occ-legend').innerText())
      .to.include('已预约 2')
      .and.include('容量 2')
      .and.include('剩余 0');
    await card.getByRole('button', { name: '名单' }).click();
    await card.getByRole('cell', { name: booked.code }).waitFor();
    await card.getByLabel('容量').fill('5');
    await card.getByRole('button', { name: '保存容量' }).click();
    await card.getByText('容量已改为 5').waitFor();
    expect(await card.locator('.occ-legend').innerText())
      .to.include('容量 5')
      .and.include('剩余 3');
    const widths = await card.locator('.occupancy span').evaluateAll((spans) => spans.map((s) => (s as unknown as { style: { width: string } }).style.width));
    expect(widths).to.deep.equal(['0%', '40%']);
    expect(await card.getByRole('link', { name: '下载 CSV' }).getAttribute('href')).to.equal(`/api/manage/sessions/${w.session.id}/roster?format=csv`);
    await screenshot(page, '10-manager-sessions');

    await open(family.page, `/venues/${w.lab.id}`);
    expect(await family.page.locator(`.slot[data-session-id="${w.session.id}"]`).innerText()).to.include('剩余 3 个名额');
    await screenshot(family.page, '11-venue-after-capacity', family.page.locator(`.slot[data-session-id="${w.session.id}"]`));
    expect([...errors, ...family.errors]).to.deep.equal([]);
  });

  it('when door staff scan a family’s QR code with the phone camera, then the screen turns green with the party size; when it is scanned again, then amber already checked in', async () => {
    const w = await labWorld(h);
    const booked = await bookThroughApi(h, w.session.id, '13700000002', [
      { name: '钱一', idNumber: ADULT_ID(3) },
      { name: '钱二', idNumber: ADULT_ID(4) },
    ]);
    h.clock.set(DURING_CHECKIN);
    const door = await staffAccount(h, 'lab.door', 'door_staff', [w.lab.id]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'openday-camera-'));
    const video = path.join(dir, 'qr.y4m');
    writeQrVideo(video, booked.qr.token);
    browser = await launch(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]);

    const { page, context, errors } = await phonePage(browser, server.base);
    await context.grantPermissions(['camera'], { origin: server.base });
    await signInAs(page, door.username, door.password, '/staff/scan');
    const result = page.getByRole('alertdialog');
    await result.waitFor({ timeout: 20_000 });
    // The party is shown to check against the ID cards first, everyone ticked.
    await result.getByRole('button', { name: '准予入场 2 人' }).click();
    await page.locator('.result-ok').waitFor();
    expect(await result.getAttribute('class')).to.include('result-ok');
    expect(await result.getByRole('heading').innerText()).to.include('准予入场');
    expect(await result.innerText())
      .to.include('2 人')
      .and.include('准予入场，共 2 人')
      .and.include(`${booked.code.slice(0, 4)}-${booked.code.slice(4)}`);
    await screenshot(page, '12-scan-admitted');
    await result.getByRole('button', { name: '继续扫码' }).click();
    expect(await page.locator('.count-big').innerText()).to.equal('已入场 2 人');
    await screenshot(page, '13-scanner-after-admission');

    // The same code is still in front of the camera: the next read says it was used.
    await page.locator('.result-warn').waitFor({ timeout: 20_000 });
    expect(await result.getByRole('heading').innerText()).to.include('已核验过');
    expect(await result.innerText())
      .to.include('该预约已核验入场')
      .and.include(door.username);
    await screenshot(page, '14-scan-already-checked-in');
    expect(errors).to.deep.equal([]);
  });

  it('when door staff type a code that does not exist, then the screen turns red with the API’s message', async () => {
    const w = await labWorld(h);
    h.clock.set(DURING_CHECKIN);
    const door = await staffAccount(h, 'base.door', 'door_staff', [w.lab.id]);
    browser = await launch();
    const { page } = await phonePage(browser, server.base);
    await signInAs(page, door.username, door.password, '/staff/scan');
    await page.getByLabel('手动输入预约码').fill('abcd-efgh');
    await page.getByRole('button', { name: '核验' }).click();
    const result = page.getByRole('alertdialog');
    await result.waitFor();
    expect(await result.getAttribute('class')).to.include('result-bad');
    expect(await result.innerText())
      .to.include('预约码不存在')
      .and.include('未找到该预约码');
    await screenshot(page, '15-scan-not-found');
  });

  it('when an organiser opens the overview, then it shows places booked and left across venues and today’s check-ins', async () => {
    const w = await labWorld(h);
    const booked = await bookThroughApi(h, w.session.id, '13700000003', [
      { name: '孙一', idNumber: ADULT_ID(5) },
      { name: '孙二', idNumber: ADULT_ID(6) },
      { name: '孙三', idNumber: ADULT_ID(7) },
    ]);
    h.clock.set(DURING_CHECKIN);
    const organiser = await staffAccount(h, 'city.organiser', 'organiser', []);
    const { token } = await h.services.accounts.login(organiser.username, organiser.password, '127.0.0.1');
    const scan = await h.http.post('/api/checkins', { code: booked.code }, { authorization: `Bearer ${token}` });
    expect(scan.status).to.equal(200);
    browser = await launch();
    const { page, errors } = await phonePage(browser, server.base);
    await signInAs(page, organiser.username, organiser.password, '/staff/overview');
    const stats = page.locator('.stats');
    // Capacity 10 + 10 + 30 = 50, of which 3 booked and 47 still on offer; the 3 were admitted this morning.
    expect(await stats.innerText())
      .to.include('已预约名额')
      .and.include('共 50 个名额')
      .and.include('今日入场');
    expect(await stats.locator('.stat').nth(0).locator('.stat-value').innerText()).to.equal('3');
    expect(await stats.locator('.stat').nth(1).locator('.stat-value').innerText()).to.equal('47');
    expect(await stats.locator('.stat').nth(2).locator('.stat-value').innerText()).to.equal('3');
    const row = page.getByRole('row', { name: /量子光学与光量子器件实验室/ });
    expect(await row.innerText()).to.include('3 / 20');
    await screenshot(page, '16-organiser-overview');
    expect(errors).to.deep.equal([]);
  });
});
