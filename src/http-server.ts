// The node:http server around the Koa app, as main.ts runs it: what Node's own parser refuses (a request line or
// headers over 16 KB, a control character in a header, a malformed request line) is answered in the API's JSON error
// shape, and the server drains gracefully when asked to stop (shutdown()).
import http, { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type Koa from 'koa';
import { errorBody } from './shared/http/error-middleware.js';
import type { Logger } from './shared/logger.js';

export interface ShutdownOptions {
  /**
   * How long connections are still accepted after the signal (each answer saying `Connection: close`, /readyz 503),
   * so that a load balancer polling /readyz sees the instance go before its connections are refused.
   */
  drainMs: number;
  /** The instant (ms since the epoch) at which requests still running are cut. */
  deadline: number;
}

export interface HttpServer {
  server: http.Server;
  /** Listens; resolves with the port. */
  listen(port: number, host: string): Promise<number>;
  /** Stops as ShutdownOptions say; resolves with the number of requests cut at the deadline (0: all were answered). */
  shutdown(opts: ShutdownOptions): Promise<{ cut: number }>;
}

/** While a connection on which a response was begun before the shutdown goes idle, it is closed this often. */
const IDLE_SWEEP_MS = 100;
/** Before the listener closes: no new connection for this long… */
const QUIET_MS = 50;
/** …or, with clients that never pause, this long at most. */
const MAX_HOLD_MS = 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));
const afterPoll = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createHttpServer(app: Koa, logger: Logger): HttpServer {
  const handle = app.callback();
  const open = new Set<ServerResponse>();
  let draining = false;
  let held: [IncomingMessage, ServerResponse][] | undefined;
  let lastConnectionAt = 0;

  const server = http.createServer((req, res) => {
    if (draining) res.setHeader('Connection', 'close');
    open.add(res);
    res.once('close', () => open.delete(res));
    if (held) held.push([req, res]);
    else void handle(req, res); // Koa answers every error itself
  });
  server.on('connection', () => (lastConnectionAt = Date.now()));
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket, logger));

  /**
   * Closing a listener resets the connections the kernel has accepted and Node has not yet taken (a client that just
   * connected sees its request cut). So new requests are held, unanswered, until no connection has come for QUIET_MS:
   * a client that waits for an answer before it connects again (a proxy's connection, a browser's) is then waiting,
   * not connecting. The listener closes then, and the held requests are answered.
   */
  async function closeListener(deadline: number): Promise<{ closed: Promise<void> }> {
    held = [];
    const until = Math.min(Date.now() + MAX_HOLD_MS, deadline);
    // Each look is taken right after the event loop has taken the connections waiting (setImmediate runs after the
    // poll phase), so a pause of the whole process does not pass for a quiet moment.
    do await sleep(10).then(afterPoll);
    while (Date.now() - lastConnectionAt < QUIET_MS && Date.now() < until);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info('shutdown: no longer accepting connections', { heldRequests: held.length, inFlight: open.size });
    const waiting = held;
    held = undefined;
    for (const [req, res] of waiting) void handle(req, res);
    return { closed };
  }

  async function shutdown({ drainMs, deadline }: ShutdownOptions): Promise<{ cut: number }> {
    draining = true;
    // Answers already being prepared close their connection too, so no kept-alive client sends another request here.
    for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
    await sleep(Math.min(drainMs, deadline - Date.now()));

    // Stop accepting; close() also closes the connections that are idle (between two requests of a keep-alive client).
    const { closed } = await closeListener(deadline);
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    const finished = await Promise.race([closed.then(() => true), sleep(deadline - Date.now()).then(() => false)]);
    clearInterval(sweep);
    if (finished) return { cut: 0 };
    const cut = open.size;
    server.closeAllConnections();
    return { cut };
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    shutdown,
  };
}

/** Node's parser errors by code: the status and the error code of the answer. */
function refusalOf(code: string | undefined): { status: number; code: string; zh: string; en: string } {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW': // the request line counts towards the 16 KB too
      return { status: 431, code: 'header_too_large', zh: '请求地址或请求头过长', en: 'The request line or headers are too large' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { status: 413, code: 'payload_too_large', zh: '请求体过大', en: 'The request body is too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', zh: '请求超时', en: 'The request took too long to arrive' };
    default:
      return { status: 400, code: 'bad_request', zh: '请求格式有误', en: 'The request is malformed' };
  }
}

/** The answer to a request Node's parser refused, as bytes (there is no request or response object to use). */
export function clientErrorResponse(code: string | undefined): string {
  const refusal = refusalOf(code);
  const body = JSON.stringify(errorBody(refusal.code, `${refusal.zh} / ${refusal.en}`));
  return [
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Cache-Control: no-store',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

function answerClientError(err: NodeJS.ErrnoException, socket: Socket, logger: Logger): void {
  // A connection reset or closed by the client has no one to answer.
  if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') {
    // As Node's own handler: answer only where no response has begun on this connection.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.write(clientErrorResponse(err.code));
    logger.info('request refused by the HTTP parser', { code: err.code });
  }
  socket.destroy();
}
