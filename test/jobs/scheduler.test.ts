// Two real server processes run the scheduler against one MariaDB: each fire of a job runs in exactly one of them.
import { expect } from 'chai';
import { startMain } from '../helpers/server-process.js';
import { openTestDatabase, clearData } from '../helpers/test-db.js';

interface Finished {
  job: string;
  fire: string;
  instance: string;
}

function finishedRuns(stdout: string): Finished[] {
  return stdout
    .split('\n')
    .filter((l) => l.includes('"msg":"job finished"'))
    .map((l) => JSON.parse(l) as Finished);
}

describe('the scheduler across instances', function () {
  this.timeout(60_000);

  it('when two processes run the scheduler on MariaDB, then each fire of each job runs once', async function () {
    if (process.env.OPENDAY_TEST_ON_URL !== '1') this.skip(); // SQLite is the single-process default
    const db = await openTestDatabase();
    await clearData(db);
    // Fires every second for the outbox and the waitlist, so a few seconds show many fires.
    const env = {
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      PORT: '0',
      HOST: '127.0.0.1',
      JOBS_ENABLED: 'true',
      LOG_LEVEL: 'debug',
      OPENDAY_SEED_DEMO: 'false',
      JOB_SCHEDULES: JSON.stringify({ outbox: '* * * * * *', 'waitlist-offers': '* * * * * *' }),
    };
    const a = startMain(env);
    const b = startMain(env);
    try {
      await Promise.all([a.listening, b.listening]);
      await new Promise((r) => setTimeout(r, 6_000));
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const runs = [...finishedRuns(a.stdout()), ...finishedRuns(b.stdout())];
    const byFire = new Map<string, Finished[]>();
    for (const r of runs) byFire.set(`${r.job}:${r.fire}`, [...(byFire.get(`${r.job}:${r.fire}`) ?? []), r]);
    expect(byFire.size, 'several fires happened').to.be.at.least(6);
    for (const [fire, ran] of byFire) expect(ran, fire).to.have.length(1);
    expect(new Set(runs.map((r) => r.instance)).size, 'both instances took part').to.equal(2);
    const [row] = await db.sql.select<{ n: number | string }>("SELECT COUNT(*) AS n FROM job_runs WHERE job IN ('outbox', 'waitlist-offers')");
    expect(Number(row!.n)).to.be.at.least(byFire.size);
  });
});
