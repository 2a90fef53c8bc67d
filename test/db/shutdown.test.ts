// SIGTERM under keep-alive load: the server process drains what it was given, tells clients and the load balancer that
// it is going (Connection: close, /readyz 503), stops taking work on kept-alive sockets, and exits 0 within its grace.
import { expect } from 'chai';
import http from 'node:http';
import net from 'node:net';
import { bookableWorld, bookingBody, freshTestDatabase, phoneNumber, startLiveServer, type LiveServer } from '../helpers/live-server.js';
import { parseResponse } from '../helpers/raw-http.js';
import type { Exit } from '../helpers/server-process.js';

const CONNECTIONS = 16;
const GRACE_MS = 10_000;
/** Signal delivery and the handler's first turn: a response or poll this long after the signal is after shutdown started. */
const SIGNAL_MARGIN_MS = 250;

interface Exchange {
  kind: 'venues' | 'booking' | 'slow' | 'readyz';
  sentAt: number;
  /** The whole request reached an open connection. */
  written: boolean;
  answeredAt?: number;
  status?: number;
  connection?: string;
  error?: string;
  /** Which connection carried it (numbered in the order the client opened them). */
  socket?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const socketIds = new WeakMap<net.Socket, number>();
let sockets = 0;

function send(
  agent: http.Agent | false,
  port: number,
  kind: Exchange['kind'],
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  return new Promise((resolve) => {
    const ex: Exchange = { kind, sentAt: Date.now(), written: false };
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: { ...headers, ...(text ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) } : {}) },
      },
      (res) => {
        ex.status = res.statusCode;
        ex.connection = res.headers.connection;
        res.on('error', () => (ex.error = 'response cut'));
        res.on('aborted', () => (ex.error = 'response cut'));
        res.resume();
        res.on('end', () => {
          ex.written = true;
          ex.answeredAt = Date.now();
          resolve(ex);
        });
        res.on('close', () => resolve(ex));
      },
    );
    // Written: the request was handed to a connected socket (a refused connection never was).
    let connected = false;
    let finished = false;
    req.on('socket', (socket) => {
      if (!socketIds.has(socket)) socketIds.set(socket, ++sockets);
      ex.socket = socketIds.get(socket);
      if (socket.connecting) socket.once('connect', () => (connected = true));
      else connected = true;
    });
    req.on('finish', () => (finished = true));
    req.on('error', (err: NodeJS.ErrnoException) => {
      ex.written = finished && connected;
      ex.error ??= err.code ?? err.message;
      resolve(ex);
    });
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')));
    req.end(text);
  });
}

/** A booking whose body arrives a byte every 150 ms after `startTrickleAt`: a request in flight during the shutdown. */
function slowBooking(port: number, body: unknown, trickleMs: number): { done: Promise<Exchange>; started: Promise<void> } {
  const text = Buffer.from(JSON.stringify(body));
  const head = `POST /api/bookings HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${text.length}\r\nConnection: close\r\n\r\n`;
  const ex: Exchange = { kind: 'slow', sentAt: Date.now(), written: false };
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<Exchange>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', (err: NodeJS.ErrnoException) => (ex.error ??= err.code ?? err.message));
    socket.on('close', () => {
      const res = parseResponse(Buffer.concat(chunks));
      if (res) {
        ex.status = res.status;
        ex.connection = res.headers.connection;
        ex.answeredAt = Date.now();
        ex.error = undefined;
      } else ex.error ??= 'closed without a response';
      resolve(ex);
    });
    socket.on('connect', () => {
      const firstPart = text.length - Math.ceil(trickleMs / 150);
      socket.write(head);
      socket.write(text.subarray(0, firstPart));
      markStarted();
      let at = firstPart;
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(text.subarray(at, at + 1));
        at++;
        if (at >= text.length) {
          clearInterval(timer);
          ex.written = true;
        }
      }, 150);
    });
  });
  return { done, started };
}

describe('the server process shutting down under keep-alive load', function () {
  this.timeout(90_000);
  let server: LiveServer;
  let killedAt = 0;
  let exit: Exit;
  let exitedAt = 0;
  const exchanges: Exchange[] = [];
  const polls: Exchange[] = [];
  let slow: Exchange;

  before(async function () {
    this.timeout(90_000);
    const db = await freshTestDatabase();
    const { session } = await bookableWorld(db, { capacity: 5000 });
    // TRUSTED_PROXIES: each booking comes "from" its own address, so no per-address limit decides this test.
    server = await startLiveServer({ env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const port = server.port;
    void server.exited.then((e) => {
      exit = e;
      exitedAt = Date.now();
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    let seq = 0;
    let stopAt = Number.POSITIVE_INFINITY;

    const workers = Array.from({ length: CONNECTIONS }, async (_, w) => {
      for (let i = 0; Date.now() < stopAt; i++) {
        const n = ++seq;
        const ex =
          i % 4 === 3
            ? await send(agent, port, 'booking', 'POST', '/api/bookings', bookingBody(session.id, phoneNumber(n, '138')), {
                'x-forwarded-for': `10.${w}.${(n >> 8) & 255}.${n & 255}`,
              })
            : await send(agent, port, 'venues', 'GET', '/api/venues');
        exchanges.push(ex);
        if (ex.error === 'ECONNREFUSED' || exitedAt) break;
      }
    });

    await sleep(1500); // the load is running on every connection
    const held = slowBooking(port, bookingBody(session.id, phoneNumber(999_999, '137')), 3000);
    await held.started;
    killedAt = Date.now();
    server.child.kill('SIGTERM');
    stopAt = killedAt + GRACE_MS + 2000;

    // /readyz on a fresh connection every 100 ms while the process drains.
    const poller = (async () => {
      while (!exitedAt && Date.now() < stopAt) {
        polls.push(await send(false, port, 'readyz', 'GET', '/readyz'));
        await sleep(100);
      }
    })();

    slow = await held.done;
    await Promise.all([...workers, poller]);
    agent.destroy();
    await Promise.race([server.exited, sleep(Math.max(0, killedAt + GRACE_MS + 3000 - Date.now()))]);

    const afterTerm = exchanges.filter((e) => e.answeredAt && e.answeredAt >= killedAt);
    const count = (list: Exchange[]) => {
      const m = new Map<string, number>();
      for (const e of list) m.set(String(e.status ?? e.error), (m.get(String(e.status ?? e.error)) ?? 0) + 1);
      return [...m.entries()].map(([k, n]) => `${k}×${n}`).join(' ');
    };
    process.stdout.write(
      `      shutdown: ${exchanges.length} requests (${count(exchanges)}); answered after SIGTERM: ${afterTerm.length}, the last ${
        afterTerm.length ? Math.max(...afterTerm.map((e) => e.answeredAt!)) - killedAt : '-'
      } ms after; /readyz polls: ${count(polls)}; slow request: ${slow.status ?? slow.error}; exit ${exit?.code ?? '-'} after ${
        exitedAt ? exitedAt - killedAt : '-'
      } ms\n`,
    );
  });

  after(async () => {
    if (server && !exitedAt) server.child.kill('SIGKILL');
    await server?.exited;
  });

  it('then the process exits with code 0 within the grace period (10 s)', () => {
    expect(exitedAt, 'exited').to.be.greaterThan(0);
    expect(exit.code, `exit code (stderr: ${exit.stderr.slice(-300)})`).to.equal(0);
    expect(exitedAt - killedAt).to.be.at.most(GRACE_MS);
  });

  it('then no request that was sent is cut: each got a whole response, or its connection was refused before it was written', () => {
    const cut = [...exchanges, slow].filter((e) => e.error && e.written);
    const summary = cut.slice(0, 10).map((e) => `${e.kind} sent ${e.sentAt - killedAt} ms after SIGTERM: ${e.error}`);
    expect(cut, `${cut.length} requests cut:\n${summary.join('\n')}`).to.have.length(0);
    expect(slow.status, `the request in flight at SIGTERM: ${slow.error}`).to.be.a('number');
  });

  it('then every response written after SIGTERM carries Connection: close', () => {
    const late = exchanges.filter((e) => e.answeredAt && e.answeredAt >= killedAt + SIGNAL_MARGIN_MS);
    expect(late.length, 'responses after SIGTERM (none: nothing to check)').to.be.greaterThan(0);
    const kept = late.filter((e) => (e.connection ?? '').toLowerCase() !== 'close');
    expect(kept, `${kept.length} of ${late.length} responses after SIGTERM without Connection: close`).to.have.length(0);
  });

  it('then /readyz answers 503 on a new connection from the moment shutdown starts', () => {
    const answered = polls.filter((p) => p.status !== undefined && p.sentAt >= killedAt + SIGNAL_MARGIN_MS);
    const ready = answered.filter((p) => p.status !== 503);
    expect(
      ready.map((p) => `${p.status} at ${p.sentAt - killedAt} ms`),
      '/readyz not 503 after SIGTERM',
    ).to.deep.equal([]);
    expect(answered.length, `/readyz answered during the shutdown (polls: ${polls.map((p) => p.status ?? p.error).join(', ')})`).to.be.greaterThan(0);
  });

  it('then a kept-alive connection is served at most once more after SIGTERM, and nothing after the grace period', () => {
    const late = exchanges.filter((e) => e.answeredAt && e.sentAt >= killedAt + SIGNAL_MARGIN_MS);
    const perSocket = new Map<number, number>();
    for (const e of late) perSocket.set(e.socket!, (perSocket.get(e.socket!) ?? 0) + 1);
    const most = Math.max(0, ...perSocket.values());
    expect(most, `requests sent after SIGTERM and answered: ${late.length} over ${perSocket.size} connections`).to.be.at.most(1);
    const served = exchanges.filter((e) => e.answeredAt && e.answeredAt >= killedAt);
    const last = served.length ? Math.max(...served.map((e) => e.answeredAt!)) : killedAt;
    expect(last - killedAt, `${served.length} requests answered after SIGTERM`).to.be.below(GRACE_MS);
  });
});
