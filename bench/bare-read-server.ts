// The read bench's "bare" path: the thinnest Koa server the stack allows, answering the catalogue paths with the very
// bytes and headers (content type, content encoding) the real service sent for them, captured once by read.ts. No
// database, validation, views or logging: what serving those bytes over HTTP alone costs on the machine the bench runs on.
// Started by read.ts in a process of its own: BENCH_RESPONSES (a JSON file of captured answers), PORT (0: any free port).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { koaHandler } from '../src/shared/http/node-handler.js';

/** One captured answer, as read.ts writes it. */
export interface CapturedAnswer {
  path: string;
  status: number;
  contentType: string;
  contentEncoding?: string;
  bodyBase64: string;
}

const answers = new Map(
  (JSON.parse(readFileSync(process.env.BENCH_RESPONSES!, 'utf8')) as CapturedAnswer[]).map((a) => [
    a.path,
    { ...a, body: Buffer.from(a.bodyBase64, 'base64') },
  ]),
);

const app = new Koa();
app.use(async (ctx) => {
  const answer = answers.get(ctx.url);
  if (!answer) {
    ctx.status = 404;
    return;
  }
  ctx.status = answer.status;
  ctx.set('Content-Type', answer.contentType);
  if (answer.contentEncoding) ctx.set('Content-Encoding', answer.contentEncoding);
  ctx.body = answer.body;
});

const server = createServer(koaHandler(app));
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ msg: 'bench bare read server listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
