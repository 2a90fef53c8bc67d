// The ends of a graceful stop: a request that outlives the grace period is cut and the exit code says so; Ctrl-C
// (SIGINT) does not wait out the drain delay.
import { expect } from 'chai';
import net from 'node:net';
import { freshTestDatabase, logLines, startLiveServer, type LiveServer } from '../helpers/live-server.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the server process stopping: grace period and SIGINT', function () {
  this.timeout(60_000);
  let server: LiveServer | undefined;
  afterEach(async () => {
    await server?.stop(2000);
    server = undefined;
  });

  it('when a request is still running at the end of the grace period, then it is cut, logged at error, and the exit code is 1', async () => {
    await freshTestDatabase();
    server = await startLiveServer({ env: { SHUTDOWN_DRAIN_MS: '200', SHUTDOWN_GRACE_MS: '2000' } });
    // A body that never ends: the request stays in flight.
    const socket = net.connect(server.port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('POST /api/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"sessionId": 1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await sleep(200);
    const killedAt = Date.now();
    server.child.kill('SIGTERM');
    const exit = await server.exited;
    const ms = Date.now() - killedAt;
    await closed;
    expect(exit.code).to.equal(1);
    expect(ms, 'exited within the grace period (and a margin for the process to end)').to.be.below(2000 + 1000);
    const cut = logLines(server.stdout()).find((l) => /were cut/.test(l.msg ?? ''));
    expect(cut, 'a log line about the cut requests').to.include({ level: 'error', requests: 1 });
  });

  it('when SIGINT comes, then the process stops without waiting out the drain delay, with exit code 0', async () => {
    await freshTestDatabase();
    server = await startLiveServer({ env: { SHUTDOWN_DRAIN_MS: '30000', SHUTDOWN_GRACE_MS: '60000' } });
    expect((await fetch(`${server.url}/healthz`)).status).to.equal(200);
    const killedAt = Date.now();
    server.child.kill('SIGINT');
    const exit = await server.exited;
    expect(exit.code).to.equal(0);
    expect(Date.now() - killedAt, 'well under the 30 s drain delay').to.be.below(15_000);
    expect(logLines(server.stdout()).map((l) => l.msg)).to.include.members(['stopping', 'stopped']);
  });
});
