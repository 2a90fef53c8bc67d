// openday on a real 3-node MariaDB Galera cluster: two server processes on two different nodes (the test reads and
// writes through the third), under the rushes of an opening morning. Prints the figures it measures.
import { expect } from 'chai';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDatabaseUrl } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { Edition } from '../../src/modules/catalogue/edition.js';
import type { Session } from '../../src/modules/catalogue/session.js';
import type { Venue } from '../../src/modules/catalogue/venue.js';
import { databaseRunCoordinator } from '../../src/jobs/job-runs.js';
import { systemClock } from '../../src/shared/clock.js';
import { silentLogger } from '../../src/shared/logger.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { sessionRow } from '../helpers/rows.js';
import { startMain, type ServerProcess } from '../helpers/server-process.js';
import { clusterStatus, ensureCluster, logLines, nodeUrl, recreateDatabase, setGlobal, stopCluster } from './galera.js';

const DATABASE = 'openday_cluster_galera';
const NOW = '2027-05-10T02:00:00.000Z'; // booking for the 2027 edition is open (since 8 May), the week not begun
const ADMIN_PASSWORD = 'cluster-admin-password';
const RETRIED = 'transaction retried after a lock conflict';

const say = (line: string) => process.stdout.write(`      ${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Answer {
  status: number;
  body: any;
}

/**
 * One request on a connection of its own, as the families of a rush each come on their own (and so that no request
 * is sent on an idle keep-alive socket at the moment the server closes it: "fetch failed: other side closed").
 */
async function call(url: string, method: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { connection: 'close', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

const phoneOf = (i: number) => `137${String(i).padStart(8, '0')}`;
const family = (sessionId: number, i: number, size = 1) => ({
  sessionId,
  contact: { name: `家长${i}`, phone: phoneOf(i) },
  visitors: Array.from({ length: size }, (_, k) => ({ name: `访客${i}-${k}` })),
});

function tally(answers: Answer[]): string {
  const counts = new Map<string, number>();
  for (const a of answers) {
    const key = a.status < 300 ? String(a.status) : `${a.status} ${a.body?.error?.code ?? ''}`.trim();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n}× ${k}`).join(', ');
}

/**
 * The nodes the two instances use, 1-based: "1,2" (default, two writers) or "1,1" (one writer node, for comparing
 * how many transactions certification conflicts cost). The test itself reads and writes through node 3.
 */
const WRITERS = (process.env.CLUSTER_TEST_NODES ?? '1,2').split(',').map((n) => Number(n) - 1) as (0 | 1 | 2)[];
if (WRITERS.length !== 2 || WRITERS.some((n) => ![0, 1, 2].includes(n))) throw new Error('CLUSTER_TEST_NODES: two node numbers out of 1, 2, 3');
const ON_NODES = WRITERS[0] === WRITERS[1] ? `both on node ${WRITERS[0]! + 1}` : `on nodes ${WRITERS[0]! + 1} and ${WRITERS[1]! + 1}`;

describe(`openday on a 3-node Galera cluster, two instances ${ON_NODES}`, function () {
  let startedCluster = false;
  let db: Database;
  let servers: ServerProcess[] = [];
  let urls: string[] = [];
  let startupMs = 0;
  let edition: Edition;
  let venues: Venue[];
  const suiteStart = performance.now();
  /** Where each phase's log lines begin in each process's stdout. */
  let marks: number[] = [];

  const mark = () => (marks = servers.map((s) => s.stdout().length));
  const linesSinceMark = (msg: string) => servers.flatMap((s, i) => logLines(s.stdout().slice(marks[i]), msg));
  const retriesSinceMark = () => {
    const lines = linesSinceMark(RETRIED);
    return `${lines.length} transaction retries (at most ${Math.max(0, ...lines.map((l) => Number(l.attempt)))} for one transaction)`;
  };

  before(async function () {
    this.timeout(300_000);
    startedCluster = ensureCluster();
    const sizes = await clusterStatus();
    say(`cluster: ${sizes.map((s) => `node ${s.node} size ${s.size} ${s.state}`).join('; ')}${startedCluster ? ' (started by this run)' : ''}`);
    await recreateDatabase(2, DATABASE);
    const env = (node: 0 | 1 | 2) => ({
      DATABASE_URL: nodeUrl(node, DATABASE),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug', // for the "job finished" lines
      OPENDAY_NOW: NOW,
      OPENDAY_SEED_DEMO: 'false',
      OPENDAY_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // Both instances sign and verify the same QR tokens and sign-in tokens.
      OPENDAY_TOKEN_KEYS: 'c1:cluster-test-token-key-0123456789abcdef',
      OPENDAY_PII_KEY: 'cluster-test-pii-key-0123456789abcdef',
      OPENDAY_AUTH_SECRET: 'cluster-test-auth-secret-0123456789abcdef',
      JOBS_ENABLED: 'true',
      JOB_SCHEDULES: JSON.stringify({ outbox: '* * * * * *', 'waitlist-offers': '* * * * * *' }),
    });
    // Both at once, on an empty database, through node 1 and node 2 (by default).
    const t0 = performance.now();
    servers = [startMain(env(WRITERS[0]!)), startMain(env(WRITERS[1]!))];
    marks = [0, 0];
    urls = await Promise.all(servers.map((s) => s.listening));
    startupMs = performance.now() - t0;
    db = openDatabase(parseDatabaseUrl(nodeUrl(2, DATABASE), 10, false), silentLogger);
    edition = await createEdition(db);
    venues = await Promise.all(Array.from({ length: 6 }, () => createVenue(db, { kind: 'science_base' })));
  });

  after(async function () {
    this.timeout(120_000);
    const all = servers.flatMap((s) => logLines(s.stdout(), RETRIED));
    await Promise.all(servers.map((s) => s.stop()));
    const logDir = process.env.CLUSTER_TEST_LOGS;
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      servers.forEach((s, i) => writeFileSync(path.join(logDir, `instance-${i + 1}.log`), s.stdout()));
    }
    await db?.close();
    say(
      `whole run: ${all.length} transaction retries in the two instances; ${seconds(performance.now() - suiteStart)} in all${startedCluster ? ' (with starting and stopping the cluster)' : ''}`,
    );
    if (startedCluster) stopCluster();
  });

  const count = async (sql: string, replacements: Record<string, unknown> = {}) => {
    const [row] = await db.sql.select<{ n: number | string | null }>(sql, replacements);
    return Number(row?.n ?? 0);
  };

  it('when two instances start at once on an empty database, then both serve and each migration is applied once', async () => {
    for (const url of urls) expect((await call(`${url}/readyz`, 'GET')).status, url).to.equal(200);
    const applied = servers.map((s) => logLines(s.stdout(), 'migration up').map((l) => String(l.migration)));
    expect(applied.flat().sort(), 'each migration run once, by one of the two').to.deep.equal(migrations.map((m) => m.name).sort());
    const rows = await db.sql.select<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).to.deep.equal(migrations.map((m) => m.name).sort());
    const waited = servers.map((s) => logLines(s.stdout(), 'migrations: waiting for another instance').length > 0);
    say(
      `startup: both listening after ${seconds(startupMs)}; migrations by instance ${applied.findIndex((a) => a.length > 0) + 1} ` +
        `(${applied.map((a) => a.length).join(' + ')} runs), the other ${waited.some(Boolean) ? 'waited on the lock' : 'found them applied'}`,
    );
    expect(await count("SELECT COUNT(*) AS n FROM users WHERE username = 'admin'"), 'the first organiser, created by both at start, exists once').to.equal(1);
  });

  it('when the schema is on Galera, then every table has a primary key and is InnoDB', async () => {
    const tables = await db.sql.select<{ name: string; engine: string; pk: number | string }>(
      `SELECT t.table_name AS name, t.engine AS engine,
              (SELECT COUNT(*) FROM information_schema.table_constraints c
                WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.constraint_type = 'PRIMARY KEY') AS pk
         FROM information_schema.tables t WHERE t.table_schema = :schema AND t.table_type = 'BASE TABLE' ORDER BY t.table_name`,
      { schema: DATABASE },
    );
    const withoutKey = tables.filter((t) => Number(t.pk) !== 1).map((t) => t.name);
    const notInnodb = tables.filter((t) => t.engine !== 'InnoDB').map((t) => `${t.name} (${t.engine})`);
    say(`schema: ${tables.length} tables; without a primary key: ${withoutKey.join(', ') || 'none'}; not InnoDB: ${notInnodb.join(', ') || 'none'}`);
    expect(tables.length).to.be.at.least(18);
    expect(withoutKey).to.deep.equal([]);
    expect(notInnodb).to.deep.equal([]);
  });

  it('when 300 people rush a session of 30 through both instances, then exactly 30 are confirmed and none overbooked', async () => {
    const session = await createSession(db, { edition, venue: venues[0]!, capacity: 30 });
    mark();
    const t0 = performance.now();
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => call(`${urls[i % 2]}/api/bookings`, 'POST', family(session.id, i))));
    const ms = performance.now() - t0;
    const confirmed = answers.filter((a) => a.status === 201);
    const booked = (await sessionRow(db, session.id))!.booked;
    const partySum = await count("SELECT COALESCE(SUM(party_size), 0) AS n FROM bookings WHERE session_id = :id AND status = 'confirmed'", { id: session.id });
    say(`300-at-30 rush: ${tally(answers)} in ${seconds(ms)}; booked ${booked} = Σ confirmed party sizes ${partySum}; overbooked ${Math.max(0, booked - 30)}`);
    say(
      `  ${retriesSinceMark()}; confirmed through instance 1 / 2: ${[0, 1].map((k) => answers.filter((a, i) => i % 2 === k && a.status === 201).length).join(' / ')}`,
    );
    expect(answers.filter((a) => a.status !== 201 && !(a.status === 409 && a.body?.error?.code === 'session_full')).map((a) => a.status)).to.deep.equal([]);
    expect(confirmed).to.have.length(30);
    expect(booked).to.equal(30);
    expect(partySum).to.equal(30);
  });

  it('when 1,000 families of 1–3 rush 40 sessions through both instances, then no session is overbooked and every counter matches its bookings', async () => {
    const sessions: Session[] = [];
    for (let v = 0; v < 5; v++) {
      for (let d = 0; d < 8; d++) {
        sessions.push(
          await createSession(db, {
            edition,
            venue: venues[v + 1]!,
            on: `2027-05-${22 + (d % 7)}`,
            from: d < 7 ? '09:00' : '14:00',
            to: d < 7 ? '10:30' : '15:30',
            capacity: 20,
          }),
        );
      }
    }
    mark();
    const t0 = performance.now();
    // Each session's attempts come through both instances (blocks of 40 alternate between them).
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        call(`${urls[Math.floor(i / 40) % 2]}/api/bookings`, 'POST', family(sessions[i % 40]!.id, 10_000 + i, (i % 3) + 1)),
      ),
    );
    const ms = performance.now() - t0;
    const rows = await db.sql.select<{ id: number; capacity: number; booked: number; party: number | string }>(
      `SELECT s.id, s.capacity, s.booked,
              (SELECT COALESCE(SUM(b.party_size), 0) FROM bookings b WHERE b.session_id = s.id AND b.status = 'confirmed') AS party
         FROM sessions s WHERE s.id IN (:ids)`,
      { ids: sessions.map((s) => s.id) },
    );
    const overbooked = rows.filter((r) => r.booked > r.capacity);
    const mismatched = rows.filter((r) => Number(r.party) !== r.booked);
    const placesTaken = rows.reduce((n, r) => n + r.booked, 0);
    say(`spread rush, 1,000 attempts over 40 sessions of 20: ${tally(answers)} in ${seconds(ms)}`);
    say(
      `  ${placesTaken} of 800 places taken; overbooked sessions ${overbooked.length}; counters ≠ Σ party sizes: ${mismatched.length}; ${retriesSinceMark()}`,
    );
    expect(answers.filter((a) => a.status !== 201 && !(a.status === 409 && a.body?.error?.code === 'session_full')).map((a) => a.status)).to.deep.equal([]);
    expect(overbooked).to.deep.equal([]);
    expect(mismatched).to.deep.equal([]);
    expect(answers.filter((a) => a.status === 201).reduce((n, a) => n + Number(a.body.partySize), 0)).to.equal(placesTaken);
  });

  it('when the same booking is scanned at once through both instances, many times over, then it is admitted exactly once', async () => {
    const venue = venues[0]!;
    const session = await createSession(db, { edition, venue, on: '2027-05-25', capacity: 40 });
    const bookings = await Promise.all(Array.from({ length: 20 }, (_, i) => call(`${urls[i % 2]}/api/bookings`, 'POST', family(session.id, 20_000 + i, 2))));
    expect(bookings.map((b) => b.status)).to.deep.equal(bookings.map(() => 201));
    // Check-in opens 30 minutes before the start: the session moves to begin 10 minutes after the pinned now.
    const startsAt = new Date(Date.parse(NOW) + 10 * 60_000);
    await db.sql.run('UPDATE sessions SET starts_at = :startsAt, ends_at = :endsAt WHERE id = :id', {
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      id: session.id,
    });
    const login = await call(`${urls[0]}/api/auth/login`, 'POST', { username: 'admin', password: ADMIN_PASSWORD });
    expect(login.status, JSON.stringify(login.body)).to.equal(200);
    const auth = { authorization: `Bearer ${login.body.token}` };
    mark();
    const t0 = performance.now();
    const scans = await Promise.all(
      bookings.flatMap((b) =>
        Array.from({ length: 8 }, (_, k) =>
          call(`${urls[k % 2]}/api/checkins`, 'POST', k % 4 < 2 ? { token: b.body.qr.token } : { code: b.body.code }, auth).then((a) => ({
            ...a,
            code: b.body.code,
          })),
        ),
      ),
    );
    const ms = performance.now() - t0;
    const admittedPerBooking = bookings.map((b) => scans.filter((s) => s.code === b.body.code && s.status === 200).length);
    const checkins = await count('SELECT COUNT(*) AS n FROM checkins WHERE session_id = :id', { id: session.id });
    say(`double scans: 20 bookings × 8 scans at once (4 per instance, token and typed code): ${tally(scans)} in ${seconds(ms)}`);
    say(`  admissions per booking: ${[...new Set(admittedPerBooking)].join(', ')}; check-in rows ${checkins}; ${retriesSinceMark()}`);
    expect(admittedPerBooking).to.deep.equal(bookings.map(() => 1));
    expect(scans.filter((s) => s.status !== 200).map((s) => `${s.status} ${s.body?.error?.code}`)).to.deep.equal(
      scans.filter((s) => s.status !== 200).map(() => '409 already_checked_in'),
    );
    expect(checkins).to.equal(20);
  });

  it('when both instances schedule the same jobs every second, then each fire runs in exactly one of them', async () => {
    // The jobs have fired every second since start (through the rushes above); a few more seconds of quiet.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const finished = servers.flatMap((s, i) => logLines(s.stdout(), 'job finished').map((l) => ({ key: `${String(l.job)}:${String(l.fire)}`, instance: i })));
    const byFire = new Map<string, number[]>();
    for (const f of finished) byFire.set(f.key, [...(byFire.get(f.key) ?? []), f.instance]);
    const twice = [...byFire].filter(([, ran]) => ran.length > 1).map(([key]) => key);
    const failures = servers.flatMap((s) => [...logLines(s.stdout(), 'job lease failed'), ...logLines(s.stdout(), 'job failed')]);
    const viaOtherNode = servers.flatMap((s) => logLines(s.stdout(), 'job lease taken through another node')).length;
    const leased = await db.sql.select<{ key: string }>('SELECT run_key AS `key` FROM job_runs');
    const rows = leased.length;
    const withoutRow = [...byFire.keys()].filter((k) => !leased.some((l) => l.key === k));
    const perInstance = [0, 1].map((i) => finished.filter((f) => f.instance === i).length);
    say(
      `jobs: ${byFire.size} fires (outbox and waitlist-offers every second, the others on their schedules), run ${perInstance.join(' + ')} times by instance 1 + 2; run twice: ${twice.length}`,
    );
    say(`  job_runs rows ${rows}; leases lost to the other node as a certification conflict: ${viaOtherNode}; lease or job failures: ${failures.length}`);
    expect(byFire.size).to.be.at.least(10);
    expect(twice).to.deep.equal([]);
    expect(failures.map((f) => f.msg)).to.deep.equal([]);
    expect(withoutRow, 'every fire that ran has its lease row').to.deep.equal([]);
    expect(
      perInstance.every((n) => n > 0),
      'both instances took part',
    ).to.equal(true);
  });

  it('when the same fires are leased through two nodes at once with the server-side autocommit retry off, then each is granted once and a certification conflict counts as taken', async () => {
    // With the default wsrep_retry_autocommit=1 a node retries the losing INSERT itself, which then fails as a
    // duplicate key (as in the test above); with 0 the certification conflict reaches the client as a deadlock.
    const nodes = [0, 1] as const;
    await Promise.all(nodes.map((n) => setGlobal(n, 'wsrep_retry_autocommit', 0)));
    const handles = nodes.map((n) => openDatabase(parseDatabaseUrl(nodeUrl(n, DATABASE), 10, false), silentLogger));
    try {
      let lostToConflict = 0;
      const logger = { ...silentLogger, debug: (msg: string) => void (msg === 'job lease taken through another node' && lostToConflict++) };
      const coordinators = handles.map((h, i) => databaseRunCoordinator(h, systemClock, logger, `node-${i + 1}`));
      const keys = Array.from({ length: 200 }, (_, i) => `cluster-test:${new Date(Date.UTC(2027, 4, 22, 0, 0, i)).toISOString()}`);
      const answers = await Promise.all(keys.map((key) => Promise.all(coordinators.map(async (c) => await c.shouldRun(key, 1000)))));
      const grantedOnce = answers.filter((a) => a.filter(Boolean).length === 1).length;
      say(`job leases asked through node 1 and node 2 at once, 200 fires: granted once ${grantedOnce}; refused by a certification conflict ${lostToConflict}`);
      expect(grantedOnce).to.equal(200);
      expect(await count("SELECT COUNT(*) AS n FROM job_runs WHERE job = 'cluster-test'")).to.equal(200);
    } finally {
      await Promise.all(handles.map((h) => h.close()));
      await Promise.all(nodes.map((n) => setGlobal(n, 'wsrep_retry_autocommit', 1)));
    }
  });
});
