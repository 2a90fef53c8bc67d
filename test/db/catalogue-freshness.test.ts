// Two instances on one MariaDB: a change of places made through one shows in the other's catalogue within a second,
// whatever the catalogue keeps in memory.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startMain } from '../helpers/server-process.js';
import { clearData, openTestDatabase } from '../helpers/test-db.js';

const remainingAt = async (url: string, sessionId: number): Promise<number> =>
  ((await (await fetch(`${url}/api/sessions/${sessionId}`)).json()) as { remaining: number }).remaining;

describe('the catalogue across instances', function () {
  this.timeout(60_000);

  it('when a family books through one instance and cancels through the other, then each change shows in the other instance within 1 s', async function () {
    if (process.env.OPENDAY_TEST_ON_URL !== '1') this.skip(); // SQLite is the single-process default
    const db = await openTestDatabase();
    await clearData(db);
    // The edition's booking window is open at the real clock's now: the processes run on it.
    const year = new Date().getUTCFullYear() + 1;
    const edition = await createEdition(db, { startDate: `${year}-05-22`, endDate: `${year}-05-28`, bookingOpensAt: new Date(Date.now() - 86_400_000) });
    const venue = await createVenue(db, { kind: 'science_base' });
    const session = await createSession(db, { edition, venue, capacity: 10 });
    // The production refresh period: each instance answers from its read model in memory (the tests' default, 0,
    // would read the database for every request).
    const env = {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      PORT: '0',
      HOST: '127.0.0.1',
      JOBS_ENABLED: 'false',
      OPENDAY_SEED_DEMO: 'false',
      CATALOGUE_REFRESH_MS: '1000',
    };
    const a = startMain(env);
    const b = startMain(env);
    try {
      const [urlA, urlB] = await Promise.all([a.listening, b.listening]);
      expect(await remainingAt(urlB, session.id)).to.equal(10);

      /** How long until `url` shows `expected` places left (polling every 50 ms, giving up after 5 s). */
      async function seen(url: string, expected: number): Promise<number> {
        const t0 = Date.now();
        while (Date.now() - t0 < 5_000) {
          if ((await remainingAt(url, session.id)) === expected) return Date.now() - t0;
          await new Promise((r) => setTimeout(r, 50));
        }
        return Infinity;
      }

      const booked = await fetch(`${urlA}/api/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: session.id, contact: { name: '王', phone: '13800000001' }, visitors: [{ name: '王小' }, { name: '王大' }] }),
      });
      expect(booked.status).to.equal(201);
      const code = ((await booked.json()) as { code: string }).code;
      const afterBooking = await seen(urlB, 8);
      expect(afterBooking, 'ms until the other instance shows the booking').to.be.at.most(1_000);

      const cancelled = await fetch(`${urlB}/api/bookings/${code}/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone: '13800000001' }),
      });
      expect(cancelled.status).to.equal(200);
      const afterCancel = await seen(urlA, 10);
      expect(afterCancel, 'ms until the first instance shows the cancellation').to.be.at.most(1_000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
