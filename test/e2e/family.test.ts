// Families in a real browser: find a lab, book for two, see the QR code, look the booking up, cancel it;
// and a form with mistakes shows each problem next to its field.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startHarness, type Harness } from '../helpers/harness.js';
import { open, phonePage, ready, launch, screenshot, serve } from './browser.js';
import { createSession } from '../helpers/factories.js';
import { ADULT_ID, bookThroughApi, CHILD_ID, labWorld } from './world.js';

const PHONE = '13912345678';

describe('web app: families', function () {
  let browser: Browser;
  let h: Harness;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    browser = await launch();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    h = await startHarness();
    server = await serve(h);
  });
  afterEach(async () => {
    await server?.close();
    await h?.close();
  });

  it('when a family finds a lab, books for two people and later cancels in "my booking", then they see the QR code, then the booking cancelled and the places back', async () => {
    const w = await labWorld(h);
    const { page, errors } = await phonePage(browser, server.base);

    await open(page, '/');
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText('共 2 个场馆').waitFor();
    await screenshot(page, '01-home');
    await page.getByLabel('搜索场馆').fill('量子');
    await page.getByText('共 1 个场馆').waitFor();
    expect(await page.locator('.venue-card').count()).to.equal(1);
    await page.getByRole('link', { name: '量子光学与光量子器件实验室' }).click();

    await page.waitForURL(`**/venues/${w.lab.id}**`);
    await ready(page);
    await page.getByRole('heading', { name: '量子光学与光量子器件实验室' }).waitFor();
    expect(await page.locator('.rules').innerText())
      .to.include('仅接待 10 周岁及以上访客')
      .and.include('实名预约')
      .and.include('轮椅');
    const slot = page.locator(`.slot[data-session-id="${w.session.id}"]`);
    expect(await slot.innerText())
      .to.include('09:00–10:30')
      .and.include('剩余 10 个名额');
    await screenshot(page, '02-venue', slot);
    await slot.getByRole('link', { name: /预约/ }).click();

    await page.waitForURL(`**/book/${w.session.id}`);
    await ready(page);
    await page.getByLabel('联系人姓名').fill('王建国');
    await page.getByLabel('手机号').fill(PHONE);
    await page.getByLabel('参观人数').selectOption('2');
    const visitors = page.locator('fieldset.visitor');
    await visitors.nth(0).getByLabel('姓名').fill('王建国');
    await visitors
      .nth(0)
      .getByLabel(/身份证号/)
      .fill(ADULT_ID(1));
    await visitors.nth(1).getByLabel('姓名').fill('李秀英');
    await visitors
      .nth(1)
      .getByLabel(/身份证号/)
      .fill(ADULT_ID(2));
    await screenshot(page, '03-booking-form');
    await page.getByRole('button', { name: '提交预约' }).click();

    await page.waitForURL(/\/bookings\/[A-Z0-9]{8}\?key=/);
    await ready(page);
    await page.getByRole('heading', { name: '预约成功' }).waitFor();
    const code = (await page.locator('.booking-code').innerText()).replace('-', '');
    expect(code).to.match(/^[A-Z0-9]{8}$/);
    const qr = page.getByRole('img', { name: `入场二维码，预约码 ${code}` });
    await qr.waitFor();
    expect(
      await qr.evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0,
      ),
    ).to.equal(true);
    expect(await page.locator('.facts').innerText())
      .to.include('2 人')
      .and.include('09:00–10:30')
      .and.include('王*国');
    await page.getByRole('link', { name: '添加到日历' }).waitFor();
    expect(await page.getByRole('link', { name: '地图导航' }).getAttribute('href')).to.match(/^https:\/\/uri\.amap\.com\/search\?keyword=/);
    await screenshot(page, '04-confirmation');

    // Later, on another phone: "my booking" with code and phone.
    const other = await phonePage(browser, server.base);
    await open(other.page, '/my-booking');
    await other.page.getByLabel('预约码').fill(code.toLowerCase());
    await other.page.getByLabel('手机号').fill(PHONE);
    await other.page.getByRole('button', { name: '查询预约' }).click();
    await other.page.getByText('预约有效').waitFor();
    await other.page.getByRole('img', { name: `入场二维码，预约码 ${code}` }).waitFor();
    await screenshot(other.page, '05-my-booking');
    await other.page.getByRole('button', { name: '取消预约' }).click();
    await other.page.getByRole('button', { name: '确认取消' }).click();
    await other.page.getByText('该预约已取消').waitFor();
    expect(await other.page.locator('.qr-image').count()).to.equal(0);
    await screenshot(other.page, '06-my-booking-cancelled');

    await open(other.page, `/venues/${w.lab.id}`);
    expect(await other.page.locator(`.slot[data-session-id="${w.session.id}"]`).innerText()).to.include('剩余 10 个名额');
    expect([...errors, ...other.errors]).to.deep.equal([]);
    await other.context.close();
  });

  it('when a slot is full, then a family joins its waiting list, sees its place, and sees the offer once a place frees up', async () => {
    const w = await labWorld(h, { capacity: 2 });
    const taken = await bookThroughApi(h, w.session.id, '13700000001', [
      { name: '张三', idNumber: ADULT_ID(21) },
      { name: '李四', idNumber: ADULT_ID(22) },
    ]);
    const { page, errors } = await phonePage(browser, server.base);
    await open(page, `/venues/${w.lab.id}`);
    const slot = page.locator(`.slot[data-session-id="${w.session.id}"]`);
    expect(await slot.innerText()).to.include('已约满');
    await slot.getByRole('link', { name: '加入候补' }).click();

    await page.waitForURL(`**/book/${w.session.id}?waitlist=1`);
    await ready(page);
    await page.getByRole('heading', { name: '加入候补名单' }).waitFor();
    await page.getByLabel('联系人姓名').fill('王建国');
    await page.getByLabel('手机号').fill(PHONE);
    const visitor = page.locator('fieldset.visitor').nth(0);
    await visitor.getByLabel('姓名').fill('王建国');
    await visitor.getByLabel(/身份证号/).fill(ADULT_ID(23));
    await page.getByRole('button', { name: '加入候补' }).click();
    await page.getByRole('heading', { name: '已加入候补' }).waitFor();
    expect(await page.getByText('您目前排在第 1 位。').isVisible()).to.equal(true);
    await screenshot(page, '17-waitlist-joined');

    // The other family cancels: the places are offered to the first in line.
    expect((await h.http.post(`/api/bookings/${taken.code}/cancel`, { phone: '13700000001' })).status).to.equal(200);
    await page.getByRole('link', { name: '查看候补状态' }).click();
    await ready(page);
    await page.getByText('已有名额，请尽快确认').waitFor();
    await screenshot(page, '18-waitlist-offered');
    expect(errors).to.deep.equal([]);
  });

  it('when the form has mistakes, then each error shows next to its field and nothing is booked; when the server refuses a rule, then its reason shows next to the field too', async () => {
    const w = await labWorld(h);
    const { page, errors } = await phonePage(browser, server.base);
    await open(page, `/book/${w.session.id}`);

    const wrongCheckDigit = ADULT_ID(3).slice(0, 17) + (ADULT_ID(3).endsWith('0') ? '1' : '0');
    await page.getByLabel('手机号').fill('12345');
    await page.getByLabel('参观人数').selectOption('2');
    const visitors = page.locator('fieldset.visitor');
    await visitors.nth(0).getByLabel('姓名').fill('王建国');
    await visitors
      .nth(0)
      .getByLabel(/身份证号/)
      .fill(wrongCheckDigit);
    await visitors.nth(1).getByLabel('姓名').fill('王小明');
    await visitors
      .nth(1)
      .getByLabel(/身份证号/)
      .fill(CHILD_ID);
    await page.getByRole('button', { name: '提交预约' }).click();

    const errorOf = (name: string) => page.locator(`.field[data-field="${name}"] .field-error`);
    expect(await errorOf('contact.name').innerText()).to.include('请填写姓名');
    expect(await errorOf('contact.phone').innerText()).to.include('11 位大陆手机号');
    expect(await errorOf('visitors.0.idNumber').innerText()).to.include('校验码');
    expect(await errorOf('visitors.1.idNumber').innerText()).to.include('10 周岁及以上');
    expect(await errorOf('visitors.0.name').isVisible()).to.equal(false);
    expect(await page.locator('.error-summary h2').innerText()).to.equal('有 4 处需要修改');
    expect(await page.getByLabel('手机号').getAttribute('aria-invalid')).to.equal('true');
    await screenshot(page, '07-booking-form-errors');

    // Fixing a field clears its error as the family types.
    await page.getByLabel('手机号').fill(PHONE);
    expect(await errorOf('contact.phone').isVisible()).to.equal(false);

    // The browser cannot know this phone already holds the maximum of bookings: the server says so, next to the phone.
    for (let i = 0; i < 3; i++) await bookThroughApi(h, w.later.id, PHONE, [{ name: `访客${i}`, idNumber: ADULT_ID(10 + i) }]);
    await page.getByLabel('联系人姓名').fill('王建国');
    await page.getByLabel('参观人数').selectOption('1');
    await visitors
      .nth(0)
      .getByLabel(/身份证号/)
      .fill(ADULT_ID(3));
    await page.getByRole('button', { name: '提交预约' }).click();
    await errorOf('contact.phone').waitFor();
    expect(await errorOf('contact.phone').innerText()).to.match(/3/);
    expect(await page.locator('.error-summary').isVisible()).to.equal(true);
    expect(page.url()).to.include(`/book/${w.session.id}`);

    const [row] = await h.db.sql.select<{ n: number | string }>('SELECT COUNT(*) AS n FROM bookings WHERE session_id = :id', { id: w.session.id });
    expect(Number(row!.n)).to.equal(0);
    expect(errors).to.deep.equal([]);
  });

  it('when the language is switched to English, then the pages read in English and the choice stays', async () => {
    const w = await labWorld(h);
    const { page } = await phonePage(browser, server.base);
    await open(page, '/');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.waitForURL(/lang=en/);
    await ready(page);
    await page.getByText('2 venues').waitFor();
    expect(await page.locator('html').getAttribute('lang')).to.equal('en');
    await screenshot(page, '08-home-english');
    await open(page, `/venues/${w.lab.id}`);
    await page.getByRole('heading', { name: 'Quantum Optics and Photonic Devices Laboratory' }).waitFor();
    expect(await page.locator('.rules').innerText()).to.include('Visitors aged 10 and over only');
  });

  it('when a family picks a day, then only that day’s chip is pressed and only that day’s venues and slots show', async () => {
    const w = await labWorld(h);
    await createSession(h.db, { edition: w.edition, venue: w.lab, on: '2027-05-23', from: '10:00', to: '11:30', capacity: 8 });
    const { page, errors } = await phonePage(browser, server.base);
    const pressed = async () => page.locator('.chips button').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('aria-pressed')));

    await open(page, '/');
    await page.getByText('共 2 个场馆').waitFor();
    // Venues first: the first card is on the phone's first screen, the day and the other filters behind one button.
    const firstCard = await page.locator('.venue-card').first().boundingBox();
    expect(firstCard!.y, 'first venue card starts within the first screen').to.be.below(page.viewportSize()!.height);
    expect(await page.locator('.chips button').first().isVisible()).to.equal(false);
    expect(await page.locator('.venue-card').first().innerText()).to.match(/\d+ 岁以上/);
    await page.getByText('筛选', { exact: true }).click();
    expect(await pressed()).to.deep.equal(['true', ...Array(7).fill('false')]); // "all days", then 22–28 May
    await page.locator('.chips button').nth(2).click(); // 23 May: only the lab has a session
    await page.getByText('共 1 个场馆').waitFor();
    expect(await pressed()).to.deep.equal(['false', 'false', 'true', ...Array(5).fill('false')]);
    const card = await page.locator('.venue-card').innerText();
    expect(card).to.include('量子光学与光量子器件实验室');
    expect(card, 'places left on the chosen day').to.match(/剩余 8 个名额/);

    await open(page, `/venues/${w.lab.id}`);
    expect(await pressed()).to.deep.equal(['true', 'false']);
    expect(await page.locator('.slot').count()).to.equal(2); // 09:00 and 14:00 on 22 May
    await page.locator('.chips button').nth(1).click();
    expect(await pressed()).to.deep.equal(['false', 'true']);
    expect(await page.locator('.slot').count()).to.equal(1);
    expect(await page.locator('.slot').innerText())
      .to.include('10:00–11:30')
      .and.include('剩余 8 个名额');
    expect(errors).to.deep.equal([]);
  });
});
