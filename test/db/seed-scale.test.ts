// The national-scale seeder (scripts/seed-scale.ts), run small as the command it is: it leaves the tables as the
// booking path would have (counts, booked = Σ party sizes, phone counters, unique codes, keyed ID hashes), and the
// app's own rules hold against what it wrote.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { scaleIdNumber } from '../../scripts/seed-scale.js';
import { buildApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { CODE_PATTERN } from '../../src/modules/bookings/booking-code.js';
import { idNumberProblem } from '../../src/modules/bookings/id-number.js';
import { DEFAULT_RULES } from '../../src/modules/catalogue/edition.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { maskIdNumber } from '../../src/shared/masking.js';
import { createPiiHasher } from '../../src/shared/pii.js';
import { projectRoot } from '../../src/shared/project-root.js';
import { startClient, type TestClient } from '../helpers/http.js';
import { clearData, openTestDatabase, testConfig } from '../helpers/test-db.js';

const PII_KEY = randomBytes(32).toString('base64url');
const SIZES = ['--venues', '12', '--districts', '5', '--days', '2', '--slots', '3', '--bookings', '400'];

/** Runs the seeder as `npm run db:seed:scale` does (tsx), with DATABASE_URL and a known PII key. */
function runSeeder(databaseUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/seed-scale.ts', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATABASE_URL: databaseUrl, OPENDAY_PII_KEY: PII_KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('scale seeder', function () {
  this.timeout(120_000);

  it('when pointed at SQLite, then it refuses with one line asking for MySQL/MariaDB', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'openday-scale-'));
    try {
      const { code, stderr } = await runSeeder(`sqlite:${dir}/x.sqlite`, SIZES);
      expect(code).to.equal(1);
      expect(stderr.trim().split('\n')).to.have.length(1);
      expect(stderr).to.match(/^seed-scale: .*MySQL\/MariaDB only, not SQLite/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('on MySQL', () => {
    let db: Database;
    let http: TestClient | undefined;
    const rows = <T extends object>(sql: string): Promise<T[]> => db.sql.select<T>(sql);
    const one = async (sql: string) => Number(Object.values((await rows<Record<string, unknown>>(sql))[0]!)[0]);

    before(async function () {
      db = await openTestDatabase();
      if (db.dialect !== 'mysql') return this.skip();
      await clearData(db);
      const { code, stdout, stderr } = await runSeeder(process.env.TEST_DATABASE_URL!, SIZES);
      expect(code, stderr).to.equal(0);
      expect(stdout).to.match(/row counts: editions 1, venues 12, sessions 72, bookings 400, /);
    });
    after(async () => {
      await http?.close();
      if (db.dialect === 'mysql') await clearData(db);
    });

    it('when run small, then it writes the sizes asked for: one edition, venues in every district, days × slots sessions each', async () => {
      expect(await one('SELECT COUNT(*) FROM editions')).to.equal(1);
      expect(await one('SELECT COUNT(*) FROM venues')).to.equal(12);
      expect(await one('SELECT COUNT(DISTINCT district) FROM venues')).to.equal(5);
      expect(await one('SELECT COUNT(*) FROM sessions')).to.equal(72);
      expect(await one('SELECT COUNT(*) FROM (SELECT venue_id FROM sessions GROUP BY venue_id HAVING COUNT(*) = 6 AND COUNT(DISTINCT date) = 2) v')).to.equal(
        12,
      );
      expect(await one("SELECT COUNT(*) FROM bookings WHERE status = 'confirmed' AND party_size BETWEEN 1 AND 4")).to.equal(400);
      expect(await one('SELECT COUNT(*) FROM booking_visitors')).to.equal(await one('SELECT SUM(party_size) FROM bookings'));
    });

    it('when run, then every session has booked = Σ party sizes of its bookings, never above capacity, and some are full', async () => {
      const bad = await one(
        `SELECT COUNT(*) FROM sessions s
         LEFT JOIN (SELECT session_id, SUM(party_size) AS n FROM bookings WHERE status = 'confirmed' GROUP BY session_id) b ON b.session_id = s.id
         WHERE s.booked <> COALESCE(b.n, 0) OR s.booked > s.capacity`,
      );
      expect(bad).to.equal(0);
      expect(await one('SELECT COUNT(*) FROM sessions WHERE booked = capacity')).to.be.above(0);
      // Each booking's visitors are its party, in positions 0 … n-1, in the booking's session.
      const mismatched = await one(
        `SELECT COUNT(*) FROM bookings b
         JOIN (SELECT booking_id, COUNT(*) AS n, MAX(position) AS top, MIN(session_id) AS lo, MAX(session_id) AS hi FROM booking_visitors GROUP BY booking_id) v
           ON v.booking_id = b.id
         WHERE v.n <> b.party_size OR v.top <> b.party_size - 1 OR v.lo <> b.session_id OR v.hi <> b.session_id`,
      );
      expect(mismatched).to.equal(0);
    });

    it('when run, then phone counters hold exactly each phone’s confirmed bookings, within the edition’s limit', async () => {
      const bad = await one(
        `SELECT COUNT(*) FROM phone_counters pc
         LEFT JOIN (SELECT edition_id, contact_phone, COUNT(*) AS n FROM bookings WHERE status = 'confirmed' GROUP BY edition_id, contact_phone) b
           ON b.edition_id = pc.edition_id AND b.contact_phone = pc.phone
         WHERE pc.confirmed_bookings <> COALESCE(b.n, 0)`,
      );
      expect(bad).to.equal(0);
      expect(await one('SELECT COUNT(DISTINCT contact_phone) FROM bookings')).to.equal(await one('SELECT COUNT(*) FROM phone_counters'));
      expect(await one('SELECT MAX(confirmed_bookings) FROM phone_counters')).to.be.at.most(DEFAULT_RULES.maxBookingsPerPhone);
    });

    it('when run, then booking codes are unique and of the app’s alphabet and length', async () => {
      const codes = (await rows<{ code: string }>('SELECT code FROM bookings')).map((r) => r.code);
      expect(new Set(codes).size).to.equal(400);
      for (const code of codes) expect(code).to.match(CODE_PATTERN);
    });

    it('when a venue takes real names, then its visitors carry the app’s keyed hash of a valid, unique ID number, and one person lock each', async () => {
      const pii = createPiiHasher(PII_KEY);
      const visitors = await rows<{
        id_hash: string | null;
        id_masked: string | null;
        active_id_hash: string | null;
        real_names: number;
        min_age: number;
        year: number;
      }>(
        `SELECT bv.id_hash, bv.id_masked, bv.active_id_hash, v.real_name_required AS real_names, v.min_age, YEAR(s.date) AS year
         FROM booking_visitors bv JOIN sessions s ON s.id = bv.session_id JOIN venues v ON v.id = s.venue_id ORDER BY bv.id`,
      );
      let k = 0;
      for (const v of visitors) {
        if (!v.real_names) {
          expect([v.id_hash, v.id_masked, v.active_id_hash]).to.deep.equal([null, null, null]);
          continue;
        }
        const idNumber = scaleIdNumber(k++);
        expect(idNumberProblem(idNumber)).to.equal(undefined);
        expect(Number(idNumber.slice(6, 10))).to.be.below(Number(v.year) - v.min_age);
        expect(v.id_hash).to.equal(pii.hash(idNumber));
        expect(v.active_id_hash).to.equal(v.id_hash);
        expect(v.id_masked).to.equal(maskIdNumber(idNumber));
      }
      expect(k).to.be.above(0);
      expect(await one('SELECT COUNT(DISTINCT id_hash) FROM booking_visitors')).to.equal(k);
      expect(await one('SELECT COUNT(*) FROM person_locks pl JOIN booking_visitors bv ON bv.id_hash = pl.id_hash')).to.equal(k);
      expect(await one('SELECT COUNT(*) FROM person_locks')).to.equal(k);
    });

    it('when the database already holds an edition, then it refuses without --force and writes nothing', async () => {
      const bookings = await one('SELECT COUNT(*) FROM bookings');
      const { code, stderr } = await runSeeder(process.env.TEST_DATABASE_URL!, SIZES);
      expect(code).to.equal(1);
      expect(stderr).to.match(/^seed-scale: database \S+ already holds an edition: run with --force/);
      expect(await one('SELECT COUNT(*) FROM editions')).to.equal(1);
      expect(await one('SELECT COUNT(*) FROM bookings')).to.equal(bookings);
    });

    it('when families book against the seeded edition, then the app sees full sessions, phones at their limit and seeded visitors as taken', async () => {
      const config = testConfig();
      const app = buildApp({ config: { ...config, secrets: { ...config.secrets, piiKey: PII_KEY } }, db, clock: systemClock, logger: silentLogger });
      http = await startClient(app);
      const venues = await http.get<{ total: number }>('/api/venues');
      expect(venues.status).to.equal(200);
      expect(venues.body.total).to.equal(12);

      const open = (extra: string) =>
        one(`SELECT s.id FROM sessions s JOIN venues v ON v.id = s.venue_id WHERE s.status = 'open' AND ${extra} ORDER BY s.id LIMIT 1`);
      const contact = (phone: string) => ({ name: '王建国', phone });
      const full = await open('s.booked = s.capacity');
      const refusedFull = await http.post('/api/bookings', {
        sessionId: full,
        contact: contact('13900000001'),
        visitors: [{ name: '李雷', idNumber: scaleIdNumber(10 ** 9) }],
      });
      expect(refusedFull.status).to.equal(409);
      expect(refusedFull.body.error.code).to.equal('session_full');

      const roomy = await open('s.booked + 2 <= s.capacity AND v.real_name_required = 0');
      const [busy] = await rows<{ phone: string }>('SELECT phone FROM phone_counters WHERE confirmed_bookings = 3 LIMIT 1');
      const refusedPhone = await http.post('/api/bookings', { sessionId: roomy, contact: contact(busy!.phone), visitors: [{ name: '李雷' }] });
      expect(refusedPhone.status).to.equal(409);
      expect(refusedPhone.body.error.code).to.equal('phone_limit_reached');

      // The first real-name visitor (ID number 0) booking again into their own session, which has room.
      const [first] = await rows<{ session_id: number; room: number }>(
        `SELECT bv.session_id, s.capacity - s.booked AS room FROM booking_visitors bv JOIN sessions s ON s.id = bv.session_id
         WHERE bv.id_hash IS NOT NULL ORDER BY bv.id LIMIT 1`,
      );
      const again = await open(
        Number(first!.room) > 0
          ? `s.id = ${first!.session_id}`
          : `s.starts_at = (SELECT starts_at FROM sessions WHERE id = ${first!.session_id}) AND s.booked < s.capacity`,
      );
      const refusedPerson = await http.post('/api/bookings', {
        sessionId: again,
        contact: contact('13900000002'),
        visitors: [{ name: '韩梅梅', idNumber: scaleIdNumber(0) }],
      });
      expect(refusedPerson.status).to.equal(409);
      expect(refusedPerson.body.error.code).to.equal('duplicate_visitor');

      const accepted = await http.post('/api/bookings', {
        sessionId: roomy,
        contact: contact('13900000003'),
        visitors: [{ name: '李雷' }, { name: '韩梅梅' }],
      });
      expect(accepted.status).to.equal(201);
    });
  });
});
