import { expect } from 'chai';
import { seedDemo, nextEditionYear } from '../../seeders/demo.js';
import { fixedClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { buildServices } from '../../src/app.js';
import type { Clock } from '../../src/shared/clock.js';
import type { AccountsService } from '../../src/modules/accounts/accounts.service.js';
import type { BookingsService } from '../../src/modules/bookings/bookings.service.js';
import type { Database } from '../../src/db/database.js';
import { clearData, openTestDatabase, testConfig } from '../helpers/test-db.js';
import { countRows } from '../helpers/rows.js';
import { editionOf } from '../../src/modules/catalogue/edition.js';
import { sessionOf } from '../../src/modules/catalogue/session.js';
import { venueOf } from '../../src/modules/catalogue/venue.js';

const seedWith = (db: Database, clock: Clock) =>
  seedDemo(db, { clock, logger: silentLogger, ...pick(buildServices({ config: testConfig(), db, clock, logger: silentLogger })) });
const pick = ({ bookings, accounts }: { bookings: BookingsService; accounts: AccountsService }) => ({ bookings, accounts });

describe('demo seed', () => {
  it('when seeded, then every confirmed venue is there with an edition of small sessions; seeding again changes nothing', async () => {
    const db = await openTestDatabase();
    await clearData(db);
    const clock = fixedClock('2026-11-28T08:00:00Z');
    const first = await seedWith(db, clock);
    const venues = (await db.sql.select('SELECT * FROM venues')).map(venueOf);
    expect(venues.length).to.be.at.least(25);
    expect(first.venuesCreated).to.equal(venues.length);
    for (const kind of ['lab', 'science_base'])
      for (const level of ['national', 'provincial']) {
        expect(
          venues.some((v) => v.kind === kind && v.level === level),
          `${kind}/${level}`,
        ).to.equal(true);
      }

    const editions = (await db.sql.select('SELECT * FROM editions')).map(editionOf);
    expect(editions).to.have.length(1);
    const edition = editions[0]!;
    expect(edition).to.include({ startDate: '2027-05-22', endDate: '2027-05-28', timezone: 'Asia/Shanghai' });
    expect(edition.bookingOpensAt.getTime(), 'booking is open in the demo').to.be.at.most(clock.now().getTime());

    const sessions = (await db.sql.select('SELECT * FROM sessions')).map(sessionOf);
    const perVenueDay = new Map<string, number>();
    for (const s of sessions) {
      expect(s.capacity).to.be.within(10, 40);
      expect(s.date >= '2027-05-22' && s.date <= '2027-05-28').to.equal(true);
      perVenueDay.set(`${s.venueId}|${s.date}`, (perVenueDay.get(`${s.venueId}|${s.date}`) ?? 0) + 1);
    }
    for (const n of perVenueDay.values()) expect(n).to.be.within(2, 4);
    expect(perVenueDay.size, 'some venues are closed on some days').to.be.below(venues.length * 7);
    expect(
      sessions.some((s) => s.booked === s.capacity),
      'some sessions are full',
    ).to.equal(true);
    // Full means booked by real bookings: the counter equals the confirmed party sizes everywhere.
    const sums = await db.sql.select<{ session_id: number; n: number | string }>(
      "SELECT session_id, SUM(party_size) AS n FROM bookings WHERE status = 'confirmed' GROUP BY session_id",
    );
    const bySession = new Map(sums.map((r) => [Number(r.session_id), Number(r.n)]));
    for (const s of sessions) expect(s.booked, `session ${s.id}`).to.equal(bySession.get(s.id) ?? 0);
    expect(first.bookingsCreated).to.be.greaterThan(0);

    const again = await seedWith(db, fixedClock('2026-12-01T08:00:00Z'));
    expect(again).to.deep.equal({ editionId: edition.id, venuesCreated: 0, sessionsCreated: 0, bookingsCreated: 0, accountsCreated: 0 });
    expect(first.accountsCreated).to.equal(5);
    expect(await countRows(db, 'bookings')).to.equal(first.bookingsCreated);
    expect(await countRows(db, 'sessions')).to.equal(sessions.length);
    expect(await countRows(db, 'venues')).to.equal(venues.length);
  });

  it('when the year is chosen, then it is the next 22–28 May in Shanghai', () => {
    expect(nextEditionYear(new Date('2027-05-28T15:59:00Z'))).to.equal(2027); // 23:59 on the 28th in Shanghai
    expect(nextEditionYear(new Date('2027-05-28T16:00:00Z'))).to.equal(2028);
    expect(nextEditionYear(new Date('2027-01-01T00:00:00Z'))).to.equal(2027);
  });
});
