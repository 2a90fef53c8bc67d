// Places under a rush: many families at once, two server processes, cancellations racing bookings, retried requests.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/db/database.js';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { startMain, type ServerProcess } from '../helpers/server-process.js';
import { dialectName } from '../helpers/test-db.js';
import { countRows, sessionRow } from '../helpers/rows.js';

/** Σ party_size of the session's confirmed bookings, straight from the bookings table. */
async function confirmedPartySum(db: Database, sessionId: number): Promise<number> {
  const [row] = await db.sql.select<{ total: number | string | null }>(
    `SELECT COALESCE(SUM(party_size), 0) AS total FROM bookings WHERE session_id = :sessionId AND status = 'confirmed'`,
    { sessionId },
  );
  return Number(row?.total ?? 0);
}

async function bookedCounter(db: Database, sessionId: number): Promise<number> {
  const session = await sessionRow(db, sessionId);
  return session!.booked;
}

async function bookingRows(db: Database, sessionId: number): Promise<number> {
  return countRows(db, 'bookings', { session_id: sessionId });
}

const phoneOf = (i: number) => `139${String(i).padStart(8, '0')}`;

/** Family i: 1, 2 or 3 people, in turn (so a third of the rush are parties of one). */
function family(sessionId: number, i: number, phoneBase = 0) {
  const size = (i % 3) + 1;
  return {
    sessionId,
    contact: { name: `家长${i}`, phone: phoneOf(phoneBase + i) },
    visitors: Array.from({ length: size }, (_, k) => ({ name: `访客${i}-${k}` })),
  };
}

interface Answer {
  status: number;
  body: any;
  size: number;
}

/** What a rush must leave behind, whichever process or database served it. */
async function expectExactRush(db: Database, sessionId: number, capacity: number, answers: Answer[]): Promise<void> {
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((s) => s >= 500),
    'no 5xx at all',
  ).to.deep.equal([]);
  expect(
    statuses.filter((s) => s !== 201 && s !== 409),
    'only 201 and 409',
  ).to.deep.equal([]);

  const confirmed = answers.filter((a) => a.status === 201);
  const refused = answers.filter((a) => a.status === 409);
  expect(
    refused.map((a) => a.body?.error?.code).filter((c) => c !== 'session_full'),
    'every refusal is session_full',
  ).to.deep.equal([]);
  for (const a of confirmed) expect(a.body).to.include({ status: 'confirmed', partySize: a.size });
  // Places are only ever taken here, so a refusal saw fewer places than the family asked for.
  for (const a of refused) expect(a.body.error.details.remaining, 'remaining on a refusal').to.be.below(a.size);

  const answeredSum = confirmed.reduce((n, a) => n + a.size, 0);
  const booked = await bookedCounter(db, sessionId);
  expect(booked, 'booked never exceeds capacity').to.be.at.most(capacity);
  expect(answeredSum, 'Σ party sizes answered 201 = session.booked').to.equal(booked);
  expect(await confirmedPartySum(db, sessionId), 'Σ confirmed party_size in bookings = session.booked').to.equal(booked);
  expect(await bookingRows(db, sessionId), 'one row per 201').to.equal(confirmed.length);
  // Every refused party needed at most 3 places, so the session ends with at most 2 left;
  // and once a party of one has been refused, it is exactly full.
  expect(booked, 'the rush fills the session').to.be.at.least(capacity - 2);
  if (refused.some((a) => a.size === 1)) expect(booked, 'a party of one was refused, so no place is left').to.equal(capacity);
}

describe('booking under concurrency', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('when 200 families of 1–3 people rush a session of capacity 30 at once, then booked never exceeds capacity, every refusal is a 409 session_full, and Σ confirmed party sizes = the session’s booked counter', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: 30 });

    const requests = Array.from({ length: 200 }, (_, i) => family(session.id, i));
    const answers = await Promise.all(
      requests.map(async (body) => {
        const res = await h.http.post('/api/bookings', body);
        return { status: res.status, body: res.body, size: body.visitors.length };
      }),
    );

    await expectExactRush(h.db, session.id, 30, answers);
    // The last word of the session's own counter, as a family would read it.
    const confirmed = answers.filter((a) => a.status === 201);
    for (const a of confirmed) expect(a.body.session.booked).to.be.at.most(30);
  });

  it('when the same 200-request race comes from two server processes against MariaDB, then still exact', async function () {
    // SQLite is the single-process default (it serialises writes inside one process): two processes need MySQL/MariaDB.
    if (dialectName() !== 'mysql') this.skip();
    h = await startHarness();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: process.env.TEST_DATABASE_URL!,
      OPENDAY_NOW: h.clock.now().toISOString(),
      OPENDAY_SEED_DEMO: 'false',
    };
    const servers: ServerProcess[] = [startMain(env), startMain(env)];
    try {
      // The data goes in while the two processes start.
      const edition = await createEdition(h.db);
      const venue = await createVenue(h.db, { kind: 'science_base' });
      const session = await createSession(h.db, { edition, venue, capacity: 30 });
      const urls = await Promise.all(servers.map((s) => s.listening));
      expect(new Set(urls).size, 'two servers on two ports').to.equal(2);
      // Each process books once (in another session) before the race: both are warm and both can confirm.
      const warmup = await createSession(h.db, { edition, venue, on: '2027-05-23', capacity: 10 });
      await Promise.all(
        urls.map(async (url, n) => {
          const res = await fetch(`${url}/api/bookings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(family(warmup.id, 0, 900 + n)),
          });
          expect(res.status, await res.text()).to.equal(201);
        }),
      );

      const requests = Array.from({ length: 200 }, (_, i) => family(session.id, i, 1000));
      const answers = await Promise.all(
        requests.map(async (body, i) => {
          const res = await fetch(`${urls[i % 2]}/api/bookings`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          return { status: res.status, body: text ? JSON.parse(text) : undefined, size: body.visitors.length };
        }),
      );

      await expectExactRush(h.db, session.id, 30, answers);
      // How the confirmations split between the processes is up to the scheduler (on 2 cores one of them often starts
      // answering a second later and gets none), so the warm-up above is what proves that each process books.

      const exits = await Promise.all(servers.map((s) => s.stop()));
      for (const e of exits) expect(e.code, `clean exit on SIGTERM: ${e.stderr}`).to.equal(0);
    } finally {
      await Promise.all(servers.map((s) => s.stop(2_000)));
    }
  });

  it('when cancellations race with bookings, then the counter still equals the confirmed sum', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: 20 });

    // Twenty families of one fill the session.
    const first = [];
    for (let i = 0; i < 20; i++) {
      const body = { sessionId: session.id, contact: { name: `家长${i}`, phone: phoneOf(2000 + i) }, visitors: [{ name: `访客${i}` }] };
      const res = await h.http.post('/api/bookings', body);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      first.push({ code: res.body.code as string, phone: body.contact.phone });
    }
    expect(await bookedCounter(h.db, session.id)).to.equal(20);

    // Half of them cancel while forty more families try to book.
    const cancelling = first.filter((_, i) => i % 2 === 0);
    const cancels = cancelling.map(async (b) => {
      const res = await h.http.post(`/api/bookings/${b.code}/cancel`, { phone: b.phone });
      return { status: res.status, body: res.body };
    });
    const bookings = Array.from({ length: 40 }, (_, i) => family(session.id, i, 3000)).map(async (body) => {
      const res = await h.http.post('/api/bookings', body);
      return { status: res.status, body: res.body, size: body.visitors.length };
    });
    const [cancelled, booked] = await Promise.all([Promise.all(cancels), Promise.all(bookings)]);

    const all = [...cancelled, ...booked].map((a) => a.status);
    expect(
      all.filter((s) => s >= 500),
      'no 5xx at all',
    ).to.deep.equal([]);
    for (const c of cancelled) {
      expect(c.status, JSON.stringify(c.body)).to.equal(200);
      expect(c.body.status).to.equal('cancelled');
    }
    for (const b of booked) {
      expect([201, 409], JSON.stringify(b.body)).to.include(b.status);
      if (b.status === 409) expect(b.body.error.code).to.equal('session_full');
    }

    const counter = await bookedCounter(h.db, session.id);
    const newPlaces = booked.filter((b) => b.status === 201).reduce((n, b) => n + b.size, 0);
    expect(counter, 'session.booked = Σ confirmed party_size').to.equal(await confirmedPartySum(h.db, session.id));
    expect(counter, 'within capacity').to.be.at.most(20);
    expect(counter, 'what is left of the first twenty plus what was newly confirmed').to.equal(20 - cancelling.length + newPlaces);
    const [phones] = await h.db.sql.select<{ total: number | string | null }>(
      'SELECT COALESCE(SUM(confirmed_bookings), 0) AS total FROM phone_counters WHERE edition_id = :editionId',
      { editionId: edition.id },
    );
    const confirmedRows = await countRows(h.db, 'bookings', { session_id: session.id, status: 'confirmed' });
    expect(Number(phones?.total), 'phone counters follow the confirmed bookings').to.equal(confirmedRows);
  });

  it('when the same Idempotency-Key is retried 20 times concurrently, then exactly one booking exists and every answer has the same code', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue, capacity: 30 });

    const key = randomUUID();
    const body = { sessionId: session.id, contact: { name: '王女士', phone: phoneOf(4000) }, visitors: [{ name: '王女士' }, { name: '王小明' }] };
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.http.post('/api/bookings', body, { 'Idempotency-Key': key })));

    expect(
      answers.map((a) => a.status),
      JSON.stringify(answers.find((a) => a.status !== 201)?.body),
    ).to.deep.equal(Array(20).fill(201));
    const codes = new Set(answers.map((a) => a.body.code as string));
    expect(codes.size, 'one code for every answer').to.equal(1);
    expect(await bookingRows(h.db, session.id), 'one booking row').to.equal(1);
    expect(await bookedCounter(h.db, session.id), 'places taken once').to.equal(2);
    expect(await confirmedPartySum(h.db, session.id)).to.equal(2);
  });
});
