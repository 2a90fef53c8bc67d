// The door in a real browser: a family of 3 admitted 2 + 1, a booking found by ID number, an admission undone, and
// scanning offline from a prepared roster (three parties, then the sync; two devices admitting the same visitor).
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startHarness, type Harness } from '../helpers/harness.js';
import { launch, phonePage, screenshot, serve, signInAs } from './browser.js';
import { ADULT_ID, bookThroughApi, DURING_CHECKIN, labWorld } from './world.js';

async function doorAccount(h: Harness, username: string, venueIds: number[], role: 'door_staff' | 'venue_manager' = 'door_staff') {
  const password = `pw-${username}-long-enough`;
  await h.services.accounts.createUser({ username, password, role, venueIds, displayName: null }, null);
  return { username, password };
}

// What the page-side callbacks below use of the browser (this file compiles without the DOM library).
declare const document: { body: { classList: { contains(c: string): boolean } }; querySelector(s: string): { getAttribute(n: string): string | null } | null };
declare const navigator: { serviceWorker: { ready: Promise<{ scope: string }> } };
declare function getComputedStyle(el: unknown): { fontSize: string };

const admittedPeople = async (h: Harness) => Number((await h.db.sql.first<{ n: unknown }>('SELECT COALESCE(SUM(admitted), 0) AS n FROM checkins'))!.n);

async function typeCode(page: Page, code: string) {
  await page.getByLabel('手动输入预约码').fill(code);
  await page.getByRole('button', { name: '核验', exact: true }).click();
}

describe('web app: the door', function () {
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

  it('when a family of 3 arrives with one late, then the door admits 2 with the third unticked, then the third; the status is legible from 2 m', async () => {
    const w = await labWorld(h);
    const family = await bookThroughApi(h, w.session.id, '13700000011', [
      { name: '张小雨', idNumber: ADULT_ID(1) },
      { name: '张大山', idNumber: ADULT_ID(2) },
      { name: '李春花', idNumber: ADULT_ID(3) },
    ]);
    h.clock.set(DURING_CHECKIN);
    const door = await doorAccount(h, 'lab.door1', [w.lab.id]);
    browser = await launch();
    const { page, errors } = await phonePage(browser, server.base);
    await signInAs(page, door.username, door.password, '/staff/scan');
    await typeCode(page, family.code);
    const result = page.getByRole('alertdialog');
    await result.getByRole('button', { name: '准予入场 3 人' }).waitFor();
    const text = await result.innerText();
    expect(text)
      .to.include('张*雨')
      .and.include(`证件尾号 ${ADULT_ID(1).slice(-4)}`)
      .and.include('42 岁');
    await screenshot(page, '30-door-party-check');
    await result.locator('.tick').nth(1).uncheck();
    await result.getByRole('button', { name: '准予入场 2 人' }).click();
    await page.locator('.result-ok').waitFor();
    expect(await result.locator('.result-big').innerText()).to.equal('2 人');
    const size = await result.locator('.result-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const big = await result.locator('.result-big').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).to.be.at.least(96);
    expect(big).to.be.at.least(96);
    expect(await result.innerText()).to.include('待入场 1 人');
    await screenshot(page, '31-door-admitted-2-of-3');
    await result.getByRole('button', { name: '继续扫码' }).click();

    h.clock.advance(15 * 60_000);
    await typeCode(page, family.code);
    await result.getByRole('button', { name: '准予入场 1 人' }).click();
    await page.locator('.result-ok').waitFor();
    expect(await result.locator('.result-big').innerText()).to.equal('1 人');
    expect(await admittedPeople(h)).to.equal(3);
    await result.getByRole('button', { name: '继续扫码' }).click();
    await page.getByText('已入场 3 人').waitFor();

    // Door mode: high contrast, and on a 1280×800 screen the typed-code field needs no scrolling.
    await page.locator('.device-box summary').click();
    await page.getByLabel('门口模式（高对比）').check();
    expect(await page.evaluate(() => document.body.classList.contains('door-mode'))).to.equal(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.getByLabel('手动输入预约码').waitFor();
    const box = (await page.getByLabel('手动输入预约码').boundingBox())!;
    expect(box.y + box.height).to.be.below(800);
    expect(await page.evaluate(() => document.body.classList.contains('door-mode'))).to.equal(true);
    await screenshot(page, '32-door-mode-desktop');
    expect(errors).to.deep.equal([]);
  });

  it('when a family has no code, then the door finds the booking by an ID number, admits it, and undoes a wrong admission with a reason', async () => {
    const w = await labWorld(h);
    await bookThroughApi(h, w.session.id, '13700000012', [
      { name: '王小明', idNumber: ADULT_ID(4) },
      { name: '王小红', idNumber: ADULT_ID(5) },
    ]);
    h.clock.set(DURING_CHECKIN);
    const door = await doorAccount(h, 'lab.door2', [w.lab.id]);
    browser = await launch();
    const { page, errors } = await phonePage(browser, server.base);
    await signInAs(page, door.username, door.password, '/staff/scan');
    await page.getByText('无预约码查找').click();
    await page.getByLabel('身份证号').fill(ADULT_ID(5));
    await page.getByRole('button', { name: '查找' }).click();
    await page.getByRole('button', { name: '核对入场' }).click();
    const result = page.getByRole('alertdialog');
    await result.getByRole('button', { name: '准予入场 2 人' }).click();
    await page.locator('.result-ok').waitFor();
    expect(await admittedPeople(h)).to.equal(2);

    // A wrong tap: 王小红 was not there after all.
    await result.getByRole('button', { name: '撤销' }).nth(1).click();
    await result.getByRole('textbox', { name: '撤销原因' }).fill('点错了，本人未到');
    await result.getByRole('button', { name: '确认撤销' }).click();
    await result.getByText('已撤销 1 人的入场').waitFor();
    expect(await result.getByRole('button', { name: '准予入场 1 人' }).isVisible()).to.equal(true);
    expect(await admittedPeople(h)).to.equal(1);
    const audit = await h.db.sql.first<{ details: string }>("SELECT details FROM audit_log WHERE action = 'checkin.undo'");
    expect(JSON.parse(audit!.details).reason).to.equal('点错了，本人未到');
    await screenshot(page, '33-door-undone');
    expect(errors).to.deep.equal([]);
  });

  async function preparedDoor(b: Browser, username: string, venueId: number) {
    const account = await doorAccount(h, username, [venueId]);
    const { page, context, errors } = await phonePage(b, server.base);
    await signInAs(page, account.username, account.password, '/staff/scan');
    await page.getByRole('button', { name: '准备离线使用' }).click();
    await page.getByText(/已准备离线：\d+ 个预约/).waitFor();
    return { page, context, errors, account };
  }

  it('when the browser is offline, then the scanner admits three parties from its prepared roster, and once online the sync makes the server agree', async () => {
    const w = await labWorld(h);
    const parties = [
      await bookThroughApi(h, w.session.id, '13700000021', [{ name: '赵一', idNumber: ADULT_ID(6) }]),
      await bookThroughApi(h, w.session.id, '13700000022', [
        { name: '钱一', idNumber: ADULT_ID(7) },
        { name: '钱二', idNumber: ADULT_ID(8) },
      ]),
      await bookThroughApi(h, w.session.id, '13700000023', [{ name: '孙一', idNumber: ADULT_ID(9) }]),
    ];
    h.clock.set(DURING_CHECKIN);
    browser = await launch();
    const { page, context, errors } = await preparedDoor(browser, 'lab.door3', w.lab.id);
    expect(await page.evaluate(() => navigator.serviceWorker.ready.then((r) => r.scope))).to.equal(`${server.base}/staff/scan`);
    // The roster's keys verify a real token on the device, and refuse an altered one.
    const verified = await page.evaluate(
      async ([token]) => {
        const src = document.querySelector('script[type="module"]')!.getAttribute('src')!;
        const { verifyOffline } = await import(src.replace('app.js', 'lib/door-verify.js'));
        const { loadRoster } = await import(src.replace('app.js', 'lib/door-store.js'));
        const roster = await loadRoster();
        return [await verifyOffline(token, roster.keys), await verifyOffline(token!.slice(0, -3) + 'AAA', roster.keys)];
      },
      [parties[0]!.qr.token],
    );
    expect(verified[0]).to.include({ ok: true, signed: true });
    expect(verified[1]).to.include({ ok: false });

    await context.setOffline(true);
    await page.locator('.net-badge.is-offline').waitFor();
    const result = page.getByRole('alertdialog');
    for (const [i, p] of parties.entries()) {
      await typeCode(page, p.code);
      await result.getByRole('button', { name: /准予入场 \d 人/ }).click();
      await page.locator('.result-ok').waitFor();
      expect(await result.locator('.result-title').innerText()).to.include('离线');
      await result.getByRole('button', { name: '继续扫码' }).click();
      expect(await page.locator('.net-badge').innerText()).to.include(`待同步 ${i + 1} 条`);
    }
    await screenshot(page, '34-door-offline-queue');
    expect(await admittedPeople(h)).to.equal(0);

    await context.setOffline(false);
    await page.getByText('已同步：接受 3，重复 0，冲突 0，无效 0').waitFor();
    expect(await page.locator('.net-badge').innerText()).to.include('待同步 0 条');
    expect(await admittedPeople(h)).to.equal(4);
    await page.getByText('已入场 4 人').waitFor();
    expect(errors).to.deep.equal([]);
  });

  it('when two devices admit the same visitor offline, then the server keeps one admission and shows the manager one conflict', async () => {
    const w = await labWorld(h);
    const family = await bookThroughApi(h, w.session.id, '13700000031', [{ name: '周一', idNumber: ADULT_ID(1) }]);
    h.clock.set(DURING_CHECKIN);
    browser = await launch();
    const east = await preparedDoor(browser, 'lab.east', w.lab.id);
    // The west device's page starts a minute later by the server's clock: its scan is the later one.
    h.clock.advance(60_000);
    const west = await preparedDoor(browser, 'lab.west', w.lab.id);
    for (const d of [east, west]) {
      await d.context.setOffline(true);
      await d.page.locator('.net-badge.is-offline').waitFor();
      await typeCode(d.page, family.code);
      await d.page.getByRole('alertdialog').getByRole('button', { name: '准予入场 1 人' }).click();
      await d.page.locator('.result-ok').waitFor();
      h.clock.advance(30_000);
    }
    for (const d of [west, east]) {
      await d.context.setOffline(false);
      await d.page.getByText(/已同步：/).waitFor();
    }
    expect(await west.page.getByText(/已同步：/).innerText()).to.include('接受 1');
    expect(await admittedPeople(h)).to.equal(1);
    const manager = await doorAccount(h, 'lab.manager', [w.lab.id], 'venue_manager');
    const { token } = await h.services.accounts.login(manager.username, manager.password, '127.0.0.1');
    const conflicts = await h.http.get(`/api/checkins/conflicts?venueId=${w.lab.id}`, { authorization: `Bearer ${token}` });
    expect(conflicts.body.items).to.have.length(1);
    expect(conflicts.body.items[0].later.by).to.equal('lab.west');
    // The manager sees it on the scanner page too.
    const { page } = await phonePage(browser, server.base);
    await signInAs(page, manager.username, manager.password, '/staff/sessions');
    await page.goto('/staff/scan');
    await page.getByText('离线冲突').click();
    expect(await page.locator('.conflicts li').innerText())
      .to.include('周*')
      .and.include('lab.east')
      .and.include('lab.west');
    await screenshot(page, '35-door-conflicts');
    expect([...east.errors, ...west.errors]).to.deep.equal([]);
  });
});
