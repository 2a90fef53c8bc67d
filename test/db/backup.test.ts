// scripts/backup.sh on the MySQL test database: writes a dump and proves it restores with the same tables and rows.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('the backup script', function () {
  this.timeout(120_000);
  let h: Harness | undefined;
  let dir = '';
  before(function () {
    if (process.env.OPENDAY_TEST_ON_URL !== '1' || !process.env.TEST_DATABASE_URL) this.skip();
  });
  afterEach(async () => {
    await h?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('when run on a database with bookings, then it writes a dump and its restore check passes', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue });
    const res = await h.http.post('/api/bookings', { sessionId: session.id, contact: { name: '家长', phone: '13600000001' }, visitors: [{ name: '孩子' }] });
    expect(res.status).to.equal(201);
    dir = mkdtempSync(path.join(os.tmpdir(), 'openday-backup-'));
    const out = execFileSync(path.join(projectRoot, 'scripts', 'backup.sh'), [dir], {
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
      encoding: 'utf8',
    });
    expect(out).to.match(/restore check passed/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.sql.gz'))).to.have.length(1);
  });
});
