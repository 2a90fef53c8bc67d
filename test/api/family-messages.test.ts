import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startLoggedHarness, type LoggedHarness } from '../helpers/logged-harness.js';
import { testConfig } from '../helpers/test-db.js';
import { freshPhone } from '../helpers/phones.js';

const BASE = 'https://openday.example.cn';

describe('text messages to families', () => {
  let h: LoggedHarness;
  afterEach(async () => h?.close());

  const texts = () =>
    h.lines
      .map((l) => JSON.parse(l) as { msg: string; template?: string; text?: string })
      .filter((r) => r.msg === 'notification')
      .map((r) => ({ template: r.template!, text: r.text! }));

  it('when a booking is confirmed, or a waiting-list offer made or expired, then each message carries an absolute link that opens', async () => {
    h = await startLoggedHarness(undefined, { families: { ...testConfig().families, publicBaseUrl: BASE } });
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base', realNameRequired: false });
    const session = await createSession(h.db, { edition, venue, capacity: 2 });
    const phone = freshPhone();
    const res = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '王芳', phone }, visitors: [{ name: '甲' }, { name: '乙' }] });
    expect(res.status).to.equal(201);
    const waiter = freshPhone();
    const join = await h.http.post(`/api/sessions/${session.id}/waitlist`, { contact: { name: '李', phone: waiter }, visitors: [{ name: '李' }] });
    expect(join.status).to.equal(201);
    await h.http.post(`/api/bookings/${res.body.code}/cancel`, { phone });
    await h.services.notifications.deliverDue();

    const confirmed = texts().find((t) => t.template === 'booking_confirmed')!;
    const link = new RegExp(`${BASE}/bookings/${res.body.code}\\?key=([A-Za-z0-9_-]+)`).exec(confirmed.text);
    expect(link, confirmed.text).to.not.equal(null);
    expect((await h.http.get(`/api/bookings/${res.body.code}?key=${link![1]}`)).status).to.equal(200);
    expect((await h.http.get(`/bookings/${res.body.code}?key=${link![1]}`)).status).to.equal(200);
    const offer = texts().find((t) => t.template === 'waitlist_offer')!;
    expect(offer.text).to.include(`${BASE}/waitlist/${join.body.id}`);

    h.clock.advance(3 * 3600_000);
    await h.services.waitlist.expireAndOffer();
    await h.services.notifications.deliverDue();
    expect(texts().find((t) => t.template === 'offer_expired')!.text).to.include(`${BASE}/waitlist/${join.body.id}`);
  });
});
