// Drives the real app through app.callback() on an ephemeral loopback port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import { koaHandler } from '../../src/shared/http/node-handler.js';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  text: string;
  bytes: Buffer;
  headers: Headers;
}

export interface TestClient {
  /** http://127.0.0.1:<port>: the app's own origin. */
  baseUrl: string;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>>;
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse<T>>;
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse<T>>;
  /** `chunks`: the body sent as these pieces with Transfer-Encoding: chunked (no Content-Length). */
  request<T = any>(method: string, path: string, opts?: RequestOptions): Promise<TestResponse<T>>;
  close(): Promise<void>;
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is: text, or bytes (a file upload). */
  raw?: string | Uint8Array;
  chunks?: string[];
  headers?: Record<string, string>;
}

export async function startClient(app: Koa): Promise<TestClient> {
  const server: Server = createServer(koaHandler(app));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined = opts.raw;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if (opts.chunks) {
      const pieces = opts.chunks.map((c) => new TextEncoder().encode(c));
      body = new ReadableStream({
        pull(controller) {
          const next = pieces.shift();
          if (next) controller.enqueue(next);
          else controller.close();
        },
      });
    }
    const res = await fetch(base + path, { method, headers, body, ...(opts.chunks ? { duplex: 'half' } : {}) } as RequestInit);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) parsed = text ? JSON.parse(text) : undefined;
    return { status: res.status, body: parsed as T, text, bytes, headers: res.headers };
  }

  return {
    baseUrl: base,
    request,
    get: (path, headers) => request('GET', path, { headers }),
    post: (path, body, headers) => request('POST', path, { body, headers }),
    patch: (path, body, headers) => request('PATCH', path, { body, headers }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
