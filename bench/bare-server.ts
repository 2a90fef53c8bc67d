// The booking bench's "bare" path: the ceiling's transaction (ceiling.ts) behind the thinnest HTTP server the stack
// allows — Koa, one middleware that reads the JSON body and answers 201 or 409, no validation, rules, views, logging
// or Sequelize. It shows what the HTTP hop alone costs on the machine the bench runs on.
// Started by booking.ts in a process of its own: DATABASE_URL, DATABASE_POOL_MAX, BENCH_NOW.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { parseDatabaseUrl } from '../src/config.js';
import { ceilingBooking, ceilingPool } from './ceiling.js';
import { koaHandler } from '../src/shared/http/node-handler.js';

const env = process.env;
const pool = ceilingPool(parseDatabaseUrl(env.DATABASE_URL!, Number(env.DATABASE_POOL_MAX), false), Number(env.DATABASE_POOL_MAX));
const book = ceilingBooking(pool, new Date(env.BENCH_NOW!));

const app = new Koa();
app.use(async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) chunks.push(chunk);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sessionId: number; contact: { phone: string }; visitors: unknown[] };
  const r = await book({ sessionId: body.sessionId, phone: body.contact.phone, size: body.visitors.length });
  ctx.status = r.outcome === 'confirmed' ? 201 : 409;
  ctx.body =
    r.outcome === 'confirmed'
      ? { code: r.code, status: 'confirmed' }
      : { error: { code: r.outcome === 'refused' ? 'session_full' : String(r.error), message: '', details: {} } };
});

const server = createServer(koaHandler(app));
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ msg: 'bench bare server listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }) + '\n');
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  pool.end(() => process.exit(0));
});
