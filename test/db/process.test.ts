// The real entry point, as `npm start` runs it: configuration errors, migrations, demo data, shutdown.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startMain } from '../helpers/server-process.js';

describe('the server process', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'openday-main-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('when a setting is bad, then it stops with one line naming the key', async () => {
    const { exited } = startMain({ PORT: 'abc', DATABASE_URL: `sqlite:${dir}/x.sqlite` });
    const { code, stderr } = await exited;
    expect(code).to.equal(78);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.match(/^openday: configuration error: PORT: /);
  });

  it('when started on an empty SQLite file with demo seeding, then it migrates, seeds, serves and stops on SIGTERM', async () => {
    const { child, exited, listening } = startMain({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/demo.sqlite`, OPENDAY_SEED_DEMO: 'true' });
    try {
      const url = await listening;
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).to.equal(200);
      const venues = (await (await fetch(`${url}/api/venues?pageSize=100`)).json()) as { total: number };
      expect(venues.total).to.be.at.least(25);
      child.kill('SIGTERM');
      expect((await exited).code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
