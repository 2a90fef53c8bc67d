// Families whose passes and places survive: a verified phone, "我的预约" with one visitor removed, a pass reopened
// offline; a family larger than the places left on the waiting list until its offer, confirmed with its QR; a
// passport holder in a real-name lab.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { codeFromLog } from '../helpers/phones.js';
import { launch, open, phonePage, ready, screenshot, serve } from './browser.js';
import { ADULT_ID, bookThroughApi } from './world.js';

describe('web app: families keep their passes and places', function () {
  let browser: Browser;
  let h: LoggedHarness;
  let server: Awaited<ReturnType<typeof serve>>;

  before(async () => {
    browser = await launch();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    h = await startLoggedHarness();
    server = await serve(h);
  });
  afterEach(async () => {
    await server?.close();
    await h?.close();
  });

  async function world(opts: { verifyPhone?: boolean; capacity?: number; realName?: boolean } = {}) {
    const edition = await createEdition(h.db, { rules: { verifyPhone: opts.verifyPhone ?? false } });
    const venue = await createVenue(h.db, {
      kind: opts.realName === false ? 'science_base' : 'lab',
      nameZh: '量子光学与光量子器件实验室',
      nameEn: 'Quantum Optics Laboratory',
      realNameRequired: opts.realName ?? true,
      minAge: 10,
    });
    const session = await createSession(h.db, { edition, venue, capacity: opts.capacity ?? 10 });
    return { edition, venue, session };
  }

  async function fillVisitor(page: Page, i: number, name: string, id?: string) {
    const v = page.locator('fieldset.visitor').nth(i);
    await v.getByLabel('姓名').fill(name);
    if (id) await v.getByLabel(/身份证号/).fill(id);
  }

  it('when a family verifies its phone with the code from the log and books, then 我的预约 lists it, one visitor can be removed, and the pass opens offline', async () => {
    const w = await world({ verifyPhone: true });
    const phone = '13912340001';
    const { context, page, errors } = await phonePage(browser, server.base);
    page.on('dialog', (d) => void d.accept());
    await open(page, `/book/${w.session.id}`);
    await page.getByLabel('联系人姓名').fill('王建国');
    await page.getByLabel('手机号').fill(phone);
    await page.getByLabel('参观人数').selectOption('2');
    await fillVisitor(page, 0, '王建国', ADULT_ID(1));
    await fillVisitor(page, 1, '李秀英', ADULT_ID(2));
    await page.getByRole('button', { name: '提交预约' }).click();
    // The edition wants a verified phone: the server says so, and the form offers the code.
    await page.getByRole('button', { name: '获取验证码' }).waitFor();
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送').waitFor();
    const code = codeFromLog(h.lines, phone);
    expect(code).to.match(/^\d{6}$/);
    await page.getByLabel('短信验证码').fill(code!);
    await page.getByRole('button', { name: '验证', exact: true }).click();
    await page.getByText('✓ 手机号已验证').waitFor();
    await screenshot(page, '30-phone-verified');
    await page.getByRole('button', { name: '提交预约' }).click();
    await page.waitForURL(/\/bookings\/[A-Z0-9]{8}\?key=/);
    await ready(page);
    const passUrl = page.url();
    const bookingCode = (await page.locator('.booking-code').innerText()).replace('-', '');
    expect(await page.locator('.reminder').innerText()).to.include('08:30 起可入场，10:30 截止');

    // The family is kept on this phone: the next form fills it in with one tap.
    await page.goBack();
    expect(page.url()).to.not.include('/book/');
    await open(page, `/book/${w.session.id}`);
    await page.getByRole('button', { name: /填入上次的 2 位参观人/ }).click();
    expect(await page.locator('fieldset.visitor').nth(1).getByLabel('姓名').inputValue()).to.equal('李秀英');
    expect(await page.getByLabel('联系人姓名').inputValue()).to.equal('王建国');

    await open(page, '/my-bookings');
    const card = page.locator(`.my-booking[data-code="${bookingCode}"]`);
    await card.waitFor();
    expect(await card.innerText()).to.include('2 人');
    await screenshot(page, '31-my-bookings');
    await card.getByRole('button', { name: '移除 李*英' }).click();
    await page.getByText('已移除一位参观人。').waitFor();
    expect(await page.locator(`.my-booking[data-code="${bookingCode}"]`).innerText()).to.include('1 人');
    const { booked } = (await h.db.sql.first<{ booked: unknown }>('SELECT booked FROM sessions WHERE id = :id', { id: w.session.id }))!;
    expect(Number(booked)).to.equal(1);

    // The pass, opened again while the worker runs, is kept; offline it opens from the device.
    await page.goto(passUrl);
    await ready(page);
    await page.evaluate(async () => {
      await (globalThis as unknown as { navigator: { serviceWorker: { ready: Promise<unknown> } } }).navigator.serviceWorker.ready;
    });
    await page.goto(passUrl);
    await ready(page);
    await page.waitForFunction(async () =>
      (await (globalThis as unknown as { caches: { keys(): Promise<string[]> } }).caches.keys()).includes('openday-family-v1'),
    );
    await page.waitForTimeout(500);
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await page.getByText('当前离线').waitFor();
    expect((await page.locator('.booking-code').innerText()).replace('-', '')).to.equal(bookingCode);
    const qrLoaded = await page
      .locator('.qr-image')
      .evaluate(
        (img) => (img as unknown as { complete: boolean; naturalWidth: number }).complete && (img as unknown as { naturalWidth: number }).naturalWidth > 0,
      );
    expect(qrLoaded).to.equal(true);
    expect(await page.locator('.facts').innerText()).to.include('09:00–10:30');
    await screenshot(page, '32-pass-offline');
    await context.setOffline(false);
    expect(errors).to.deep.equal([]);
    await context.close();
  });

  it('when a family of 3 meets a slot with 2 left, then it joins the waiting list, gets an offer when places free, confirms and sees its QR', async () => {
    const w = await world({ capacity: 4, realName: false });
    const taken = await bookThroughApi(h, w.session.id, '13700000001', [
      { name: '张三', idNumber: ADULT_ID(21) },
      { name: '李四', idNumber: ADULT_ID(22) },
    ]);
    const { page, errors } = await phonePage(browser, server.base);
    // A link to a closed day says so; a party size in the link shows on the day chips.
    await open(page, `/venues/${w.venue.id}?date=2027-05-27&party=3`);
    await page.getByText('该场馆 5月27日 周四 不开放').waitFor();
    expect(await page.locator('.chips').innerText()).to.include('不足 3 人');
    await open(page, `/book/${w.session.id}`);
    await page.getByLabel('参观人数').selectOption('3');
    await page.getByText('该时段只剩 2 个名额').waitFor();
    // Where else a family of 3 fits (here nowhere: the one venue has one session).
    await page.locator('.suggestions p, .suggestions h2').first().waitFor();
    await page.getByLabel('联系人姓名').fill('王建国');
    await page.getByLabel('手机号').fill('13912340002');
    for (const [i, n] of ['王建国', '李秀英', '王小明'].entries()) await fillVisitor(page, i, n);
    await screenshot(page, '33-party-over-remaining');
    await page.getByRole('button', { name: '加入候补' }).click();
    await page.getByRole('heading', { name: '已加入候补' }).waitFor();

    expect((await h.http.post(`/api/bookings/${taken.code}/cancel`, { phone: '13700000001' })).status).to.equal(200);
    await page.getByRole('link', { name: '查看候补状态' }).click();
    await ready(page);
    await page.getByText('已有名额，请尽快确认').waitFor();
    const offer = await page.locator('.notice').first().innerText();
    expect(offer).to.include('量子光学与光量子器件实验室').and.include('09:00').and.include('名额保留 120 分钟');
    await screenshot(page, '34-offer');
    await page.getByRole('button', { name: '确认并预约' }).click();
    await page.getByText('预约成功，以下是您的入场凭证。').waitFor();
    const qr = page.locator('.qr-image');
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0)).to.equal(true);
    expect(await page.locator('.facts').innerText()).to.include('3 人');
    await page.getByRole('link', { name: '打开入场凭证' }).waitFor();
    await screenshot(page, '35-offer-confirmed');
    expect(errors).to.deep.equal([]);
  });

  it('when a passport holder books a real-name lab, then the booking is made with the passport and a birth date', async () => {
    const w = await world();
    const { page, errors } = await phonePage(browser, server.base);
    await open(page, `/book/${w.session.id}?lang=en`);
    await page.getByLabel('Contact name').fill('Anna Smith');
    await page.getByLabel('Mobile number').fill('+44 7911 123456');
    const v = page.locator('fieldset.visitor').nth(0);
    await v.getByLabel('Name').fill('Anna Smith');
    await v.getByLabel('Identity document').selectOption('passport');
    await v.getByLabel(/ID number/).fill('X12345678');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    // The passport shows no birth date: the form asks for it, in English punctuation.
    await page.locator('.field[data-field="visitors.0.birthDate"] .field-error').waitFor();
    expect(await page.locator('.error-summary').innerText()).to.include('Date of birth: ');
    await v.getByLabel('Date of birth').fill('1984-02-29');
    await page.getByRole('button', { name: 'Book', exact: true }).click();
    await page.waitForURL(/\/bookings\/[A-Z0-9]{8}\?key=/);
    await ready(page);
    await page.locator('.qr-image').waitFor();
    expect(await page.locator('.facts').innerText()).to.include('X123*5678');
    const row = await h.db.sql.first<{ id_type: string }>('SELECT id_type FROM booking_visitors');
    expect(row!.id_type).to.equal('passport');
    await screenshot(page, '36-passport-booked');
    expect(errors).to.deep.equal([]);
  });
});
