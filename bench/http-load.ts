// The booking bench's HTTP load generator: HTTP/1.1 over plain keep-alive sockets, one request at a time per
// socket, with as little work per request as the protocol allows. The load generator shares the machine's cores with
// the server and the database, so every microsecond it spends is taken from what it measures; node:http cost about
// 0.15 ms of CPU per request here, most of it in its parser and its agent's bookkeeping, which a bench does not need.
//
// What it understands of a response: the status line, Content-Length and Connection: close. A response without
// Content-Length (chunked) is an error, not a guess: the servers under test answer JSON with a length.
import { connect, type Socket } from 'node:net';

export interface HttpAnswer {
  status: number;
  text: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length:[ \t]*(\d+)/i;
const CONNECTION_CLOSE = /\r\nconnection:[ \t]*close/i;

/** One keep-alive connection: send a request, wait for its whole response, send the next. */
class Connection {
  private buffered: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (a: HttpAnswer) => void; reject: (e: Error) => void };
  open = true;

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new Error('connection closed by the server')));
  }

  static connect(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new Connection(socket));
      });
      socket.once('error', reject);
    });
  }

  send(request: string): Promise<HttpAnswer> {
    if (this.waiting) return Promise.reject(new Error('a request is already in flight on this connection'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.open = false;
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headEnd = this.buffered.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.buffered.toString('latin1', 0, headEnd);
    const length = CONTENT_LENGTH.exec(head);
    if (!length) return this.fail(new Error(`response without Content-Length: ${head.split('\r\n')[0]}`));
    const end = headEnd + HEAD_END.length + Number(length[1]);
    if (this.buffered.length < end) return;
    const answer = { status: Number(head.slice(9, 12)), text: this.buffered.toString('utf8', headEnd + HEAD_END.length, end) };
    if (this.buffered.length > end) return this.fail(new Error('more bytes than one response'));
    this.buffered = Buffer.alloc(0);
    if (CONNECTION_CLOSE.test(head)) this.close();
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(answer);
  }

  private fail(err: Error): void {
    this.open = false;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(err);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

/** POSTs JSON to one server over a pool of keep-alive connections: one per request in flight, reused after. */
export class JsonPoster {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly host: string;
  private readonly port: number;

  constructor(base: string) {
    const url = new URL(base);
    if (url.protocol !== 'http:') throw new Error(`the load generator speaks plain HTTP only, not ${url.protocol}`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
  }

  async post(path: string, body: string): Promise<HttpAnswer> {
    let conn = this.idle.pop();
    while (conn && !conn.open) conn = this.idle.pop();
    if (!conn) {
      conn = await Connection.connect(this.host, this.port);
      this.all.add(conn);
    }
    const request =
      `POST ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    try {
      return await conn.send(request);
    } finally {
      if (conn.open) this.idle.push(conn);
      else this.all.delete(conn);
    }
  }

  close(): void {
    for (const conn of this.all) conn.close();
    this.all.clear();
    this.idle.length = 0;
  }
}
