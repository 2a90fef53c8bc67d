// The tables anonymous traffic makes grow stay bounded: failed sign-ins are capped per address by the sign-in limits,
// and the prune job deletes expired counters, old failed sign-ins, old idempotency keys and old job leases.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { findJob } from '../../src/jobs/index.js';
import { KEEP } from '../../src/modules/housekeeping/housekeeping.service.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { countRows } from '../helpers/rows.js';

const DAY = 86_400_000;

describe('housekeeping', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('when 60 wrong sign-ins come from one address for 60 names, then the audit log keeps at most the per-address allowance of them', async () => {
    h = await startHarness(undefined, { limits: { enabled: true, overrides: { 'signin.ip': { points: 10, seconds: 900 } } } });
    const tag = randomUUID().slice(0, 8);
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await h.http.post('/api/auth/login', { username: `nobody-${tag}-${i}`, password: 'wrong password' })).status);
    expect(statuses.filter((s) => s === 401).length, statuses.join(',')).to.equal(10);
    expect(statuses.filter((s) => s === 429).length).to.equal(50);
    const rows = await h.db.sql.select<{ target_id: string }>("SELECT target_id FROM audit_log WHERE action = 'auth.login_failed'");
    expect(rows.filter((r) => r.target_id.includes(tag))).to.have.length(10);
  });

  it('when the prune job runs, then rows past their keeping time go and newer ones and other audit entries stay', async () => {
    h = await startHarness();
    const now = h.clock.now().getTime();
    const tag = randomUUID().slice(0, 8);
    const old = new Date(now - (KEEP.failedSignInDays + 1) * DAY);
    const recent = new Date(now - DAY / 2);
    for (const [action, at, id] of [
      ['auth.login_failed', old, `${tag}-old`],
      ['auth.login_failed', recent, `${tag}-new`],
      ['auth.login', old, `${tag}-kept`],
    ] as const) {
      await h.db.sql.run("INSERT INTO audit_log (at, action, target_type, target_id) VALUES (:at, :action, 'user', :id)", { at, action, id });
    }
    for (const [key, at] of [
      [`${tag}-old`, new Date(now - (KEEP.idempotencyKeyDays + 1) * DAY)],
      [`${tag}-new`, recent],
    ] as const) {
      await h.db.sql.run(
        "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status_code, response, created_at) VALUES ('booking', :key, 'h', 201, '{}', :at)",
        {
          key,
          at,
        },
      );
    }
    for (const [key, at] of [
      [`${tag}:old`, new Date(now - (KEEP.jobRunDays + 1) * DAY)],
      [`${tag}:new`, recent],
    ] as const) {
      await h.db.sql.run("INSERT INTO job_runs (run_key, job, instance, started_at) VALUES (:key, 'test', 'here', :at)", { key, at });
    }
    if (h.db.dialect === 'mysql') {
      await h.db.sql.run('INSERT INTO rate_limits (`key`, points, expire) VALUES (:old, 3, :past), (:live, 3, :future)', {
        old: `${tag}-expired`,
        live: `${tag}-live`,
        past: now - 1000,
        future: now + 60_000,
      });
    }

    const pruned = (await findJob('prune')!.run(h.services)) as Record<string, number>;

    const left = async (table: string, column: string) =>
      (await h.db.sql.select<{ v: string }>(`SELECT ${column} AS v FROM ${table} WHERE ${column} LIKE :tag ORDER BY ${column}`, { tag: `${tag}%` })).map(
        (r) => r.v,
      );
    expect(await left('audit_log', 'target_id')).to.deep.equal([`${tag}-kept`, `${tag}-new`]);
    expect(await left('idempotency_keys', 'idem_key')).to.deep.equal([`${tag}-new`]);
    expect(await left('job_runs', 'run_key')).to.deep.equal([`${tag}:new`]);
    expect(pruned.failedSignIns).to.be.at.least(1);
    if (h.db.dialect === 'mysql') {
      expect(await left('rate_limits', '`key`')).to.deep.equal([`${tag}-live`]);
      expect(pruned.rateLimits).to.be.at.least(1);
    }
    // Run twice: nothing more to do, nothing else touched.
    await findJob('prune')!.run(h.services);
    expect(await countRows(h.db, 'audit_log', { target_id: `${tag}-kept` })).to.equal(1);
  });
});
