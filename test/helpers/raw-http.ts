// HTTP/1.1 over a plain TCP socket, for what fetch refuses to send: any method, repeated or malformed headers, control
// characters, oversized request lines. One request per connection (`Connection: close`), read until the server closes.
import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

export interface RawResult {
  response?: RawResponse;
  /** Why no complete response came: a socket error code, "timeout", or "closed". */
  failure?: string;
  /** Milliseconds from connecting to the end of the exchange. */
  ms: number;
}

export interface RawRequest {
  method: string;
  /** The request target exactly as written on the request line (already percent-encoded where wanted). */
  target: string;
  /** Written in this order, as UTF-8; a name may repeat. Host, Connection and Content-Length are added. */
  headers?: [string, string][];
  body?: string | Buffer;
}

/** The bytes of one request, with Host, `Connection: close` and a Content-Length when there is a body. */
export function requestBytes(host: string, req: RawRequest): Buffer {
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const lines = [`${req.method} ${req.target} HTTP/1.1`, `Host: ${host}`, 'Connection: close'];
  for (const [name, value] of req.headers ?? []) lines.push(`${name}: ${value}`);
  if (body) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'utf8');
  return body ? Buffer.concat([head, body]) : head;
}

/** Sends `bytes` on a new connection and parses the first response (`head`: a HEAD request, whose answer has no body). */
export function sendRaw(port: number, bytes: Buffer, opts: { head?: boolean; timeoutMs?: number; host?: string } = {}): Promise<RawResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect(port, opts.host ?? '127.0.0.1');
    const chunks: Buffer[] = [];
    let failure: string | undefined;
    const timer = setTimeout(() => {
      failure = 'timeout';
      socket.destroy();
    }, opts.timeoutMs ?? 10_000);
    socket.on('data', (d: Buffer) => chunks.push(d));
    // A server may answer and close before it has read the whole request: keep what was received.
    socket.on('error', (err: NodeJS.ErrnoException) => (failure ??= err.code ?? err.message));
    socket.on('close', () => {
      clearTimeout(timer);
      const response = parseResponse(Buffer.concat(chunks), opts.head === true);
      resolve({ response, failure: response ? undefined : (failure ?? 'closed'), ms: Date.now() - started });
    });
    socket.write(bytes);
  });
}

/** The first complete response in `data`, or undefined. */
export function parseResponse(data: Buffer, head = false): RawResponse | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...headerLines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '');
  if (!m) return undefined;
  const status = Number(m[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  let rest = data.subarray(end + 4);
  let body: Buffer;
  if (head || status === 204 || status === 304 || (status >= 100 && status < 200)) body = Buffer.alloc(0);
  else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = rest.indexOf('\r\n');
      if (lineEnd < 0) return undefined;
      const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return undefined;
      if (size === 0) break;
      if (rest.length < lineEnd + 2 + size) return undefined;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      rest = rest.subarray(lineEnd + 2 + size + 2);
    }
    body = Buffer.concat(parts);
  } else if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    if (rest.length < length) return undefined;
    body = rest.subarray(0, length);
  } else body = rest;
  return { status, headers, body, text: body.toString('utf8') };
}
