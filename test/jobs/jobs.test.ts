import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildServices } from '../../src/app.js';
import { findJob } from '../../src/jobs/index.js';
import { databaseRunCoordinator } from '../../src/jobs/job-runs.js';
import { createNotificationsService } from '../../src/modules/notifications/notifications.service.js';
import { httpSmsSender, type OutgoingMessage, type Sender } from '../../src/modules/notifications/senders.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { signedIn } from '../helpers/staff.js';
import { testConfig } from '../helpers/test-db.js';

let phoneSeq = 0;
const nextPhone = () => `136${String(++phoneSeq).padStart(8, '0')}`;

describe('scheduled jobs', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function book(sessionId: number, size = 1, phone = nextPhone()) {
    const res = await h.http.post('/api/bookings', {
      sessionId,
      contact: { name: '家长', phone },
      visitors: Array.from({ length: size }, (_, i) => ({ name: `孩子${i}` })),
    });
    expect(res.status).to.equal(201);
    return { code: res.body.code as string, phone };
  }

  const count = async (sql: string, params: Record<string, unknown> = {}) => Number((await h.db.sql.select<{ n: number | string }>(sql, params))[0]!.n);

  describe('reminders', () => {
    it('when run the day before, then one reminder per confirmed booking of tomorrow, and none again after a restart', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const tomorrow = await createSession(h.db, { edition, venue, on: '2027-05-23' });
      const later = await createSession(h.db, { edition, venue, on: '2027-05-24' });
      const kept = await book(tomorrow.id, 2);
      const cancelled = await book(tomorrow.id);
      await book(later.id);
      await h.http.post(`/api/bookings/${cancelled.code}/cancel`, { phone: cancelled.phone });
      h.clock.set('2027-05-22T10:00:00Z'); // 18:00 on the 22nd in Shanghai
      expect(await h.services.reminders.queueReminders()).to.equal(1);
      // A restarted process builds new services and runs the job again.
      const again = buildServices({ config: testConfig(), db: h.db, clock: h.clock, logger: silentLogger });
      await findJob('reminders')!.run(again);
      const rows = await h.db.sql.select<{ phone: string; dedupe_key: string }>("SELECT phone, dedupe_key FROM notifications WHERE template = 'reminder'");
      expect(rows).to.deep.equal([{ phone: kept.phone, dedupe_key: `reminder:${kept.code}` }]);
    });
  });

  describe('no-shows', () => {
    it('when a session ended past the grace period, then missing parties are counted once, and two whole no-shows stop the phone booking', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const s1 = await createSession(h.db, { edition, venue, on: '2027-05-22', from: '09:00', to: '10:00' });
      const s2 = await createSession(h.db, { edition, venue, on: '2027-05-22', from: '11:00', to: '12:00' });
      const s3 = await createSession(h.db, { edition, venue, on: '2027-05-24', from: '11:00', to: '12:00' });
      const phone = nextPhone();
      await book(s1.id, 2, phone);
      await book(s2.id, 1, phone);
      const partial = await book(s1.id, 3);
      h.clock.set('2027-05-22T01:30:00Z'); // 09:30: check-in time of s1
      const door = await signedIn(h, 'door_staff', [venue.id]);
      expect((await h.http.post('/api/checkins', { code: partial.code, admitted: 2 }, door.headers)).status).to.equal(200);

      h.clock.set('2027-05-22T02:29:00Z'); // 10:29: s1 ended 29 minutes ago, grace is 30
      expect(await h.services.noShows.markNoShows()).to.deep.equal({ sessions: 0, noShows: 0 });
      h.clock.set('2027-05-22T04:30:00Z'); // 12:30: both sessions over the grace period
      expect(await h.services.noShows.markNoShows()).to.deep.equal({ sessions: 2, noShows: 2 });
      expect(await h.services.noShows.markNoShows(), 'a second run changes nothing').to.deep.equal({ sessions: 0, noShows: 0 });
      expect(await count('SELECT SUM(missing) AS n FROM no_shows')).to.equal(2 + 1 + 1);
      expect(await count('SELECT no_shows AS n FROM phone_counters WHERE phone = :phone', { phone })).to.equal(2);

      const refused = await h.http.post('/api/bookings', { sessionId: s3.id, contact: { name: '家长', phone }, visitors: [{ name: '孩子' }] });
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('too_many_no_shows');
      expect((await h.http.post(`/api/sessions/${s3.id}/waitlist`, { contact: { name: '家长', phone }, visitors: [{ name: '孩子' }] })).status).to.equal(409);
    });
  });

  describe('outbox', () => {
    function recordingSender(failTimes = 0): Sender & { sent: OutgoingMessage[] } {
      const sent: OutgoingMessage[] = [];
      let failures = 0;
      return {
        name: 'test',
        sent,
        async send(m) {
          if (failures < failTimes) {
            failures++;
            throw new Error('gateway down');
          }
          await new Promise((r) => setTimeout(r, 5));
          sent.push(m);
        },
      };
    }

    it('when two deliverers run at once, then every message is sent exactly once, in its language', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base', nameZh: '太原植物园', nameEn: 'Taiyuan Botanical Garden' });
      const session = await createSession(h.db, { edition, venue });
      for (let i = 0; i < 6; i++) await book(session.id);
      await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: 'Li', phone: nextPhone() }, visitors: [{ name: 'Li' }], language: 'en' });
      const sender = recordingSender();
      const a = createNotificationsService({ db: h.db, clock: h.clock, logger: silentLogger, sender });
      const b = createNotificationsService({ db: h.db, clock: h.clock, logger: silentLogger, sender });
      const [ra, rb] = await Promise.all([a.deliverDue(), b.deliverDue()]);
      expect(ra.sent + rb.sent).to.equal(7);
      expect(new Set(sender.sent.map((m) => m.id)).size).to.equal(7);
      expect(sender.sent.filter((m) => m.text.startsWith('【科技活动周】预约成功：太原植物园'))).to.have.length(6);
      expect(sender.sent.filter((m) => m.text.startsWith('[Science Week] Booked: Taiyuan Botanical Garden'))).to.have.length(1);
      expect((await a.deliverDue()).sent, 'nothing is sent twice').to.equal(0);
    });

    it('when the gateway fails, then the message is retried with backoff, and given up after the attempts', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const session = await createSession(h.db, { edition, venue });
      await book(session.id);
      const flaky = recordingSender(1);
      const outbox = createNotificationsService({ db: h.db, clock: h.clock, logger: silentLogger, sender: flaky, maxAttempts: 2 });
      expect(await outbox.deliverDue()).to.include({ sent: 0, retrying: 1 });
      expect(await outbox.deliverDue(), 'not due again before the backoff').to.include({ sent: 0, retrying: 0 });
      h.clock.advance(61_000);
      expect(await outbox.deliverDue()).to.include({ sent: 1 });

      await book(session.id);
      const dead = createNotificationsService({ db: h.db, clock: h.clock, logger: silentLogger, sender: recordingSender(99), maxAttempts: 2 });
      await dead.deliverDue();
      h.clock.advance(61_000);
      expect(await dead.deliverDue()).to.include({ failed: 1 });
      expect(await count("SELECT COUNT(*) AS n FROM notifications WHERE status = 'failed'")).to.equal(1);
    });

    it('when the HTTP SMS gateway is configured, then it receives the phone, text and an idempotency key', async () => {
      const received: { headers: Record<string, unknown>; body: any }[] = [];
      const gateway = createServer((req, res) => {
        let data = '';
        req.on('data', (c: Buffer) => (data += c.toString()));
        req.on('end', () => {
          received.push({ headers: req.headers, body: JSON.parse(data) });
          res.statusCode = received.length === 1 ? 503 : 202;
          res.end();
        });
      });
      await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
      try {
        const sender = httpSmsSender(`http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`, 'secret-token');
        const message = { id: 42, phone: '13812345678', text: '你好', template: 'reminder', language: 'zh' };
        let failed = false;
        await sender.send(message).catch(() => (failed = true));
        expect(failed, 'a 503 is a failure').to.equal(true);
        await sender.send(message);
        expect(received[1]!.body).to.deep.equal({ to: '13812345678', text: '你好', template: 'reminder', language: 'zh', reference: 'openday-42' });
        expect(received[1]!.headers.authorization).to.equal('Bearer secret-token');
        expect(received[1]!.headers['idempotency-key']).to.equal('openday-42');
      } finally {
        gateway.close();
      }
    });
  });

  describe('daily statistics', () => {
    it('when the nightly snapshot runs, then each venue and past day has its figures', async () => {
      h = await startHarness();
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const s = await createSession(h.db, { edition, venue, on: '2027-05-22', capacity: 10 });
      await createSession(h.db, { edition, venue, on: '2027-05-23', capacity: 10 });
      const a = await book(s.id, 3);
      const b = await book(s.id, 2);
      await h.http.post(`/api/bookings/${b.code}/cancel`, { phone: b.phone });
      h.clock.set('2027-05-22T01:00:00Z');
      const door = await signedIn(h, 'door_staff', [venue.id]);
      await h.http.post('/api/checkins', { code: a.code }, door.headers);
      h.clock.set('2027-05-22T16:30:00Z'); // 00:30 on the 23rd
      expect(await h.services.dailyStats.snapshot()).to.equal(1);
      const [row] = await h.db.sql.select<Record<string, unknown>>('SELECT * FROM daily_stats');
      expect(row).to.deep.include({ date: '2027-05-22' });
      expect([row!.sessions, row!.capacity, row!.booked_people, row!.admitted_people, row!.cancelled_bookings].map(Number)).to.deep.equal([1, 10, 3, 3, 1]);
      expect(await h.services.dailyStats.snapshot(), 'running again rewrites, never duplicates').to.equal(1);
      expect(await count('SELECT COUNT(*) AS n FROM daily_stats')).to.equal(1);
    });
  });

  describe('run coordination', () => {
    it('when two instances ask to run the same fire, then exactly one may', async () => {
      h = await startHarness();
      const a = databaseRunCoordinator(h.db, h.clock, silentLogger, 'a');
      const b = databaseRunCoordinator(h.db, h.clock, silentLogger, 'b');
      const key = 'outbox:2027-05-22T01:00:00.000Z';
      const answers = await Promise.all([a.shouldRun(key, 1000), b.shouldRun(key, 1000), a.shouldRun(key, 1000)]);
      expect(answers.filter(Boolean)).to.have.length(1);
      expect(await b.shouldRun('outbox:2027-05-22T01:00:10.000Z', 1000), 'the next fire is free again').to.equal(true);
    });
  });
});
