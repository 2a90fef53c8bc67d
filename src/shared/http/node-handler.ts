// Koa's callback as a node:http request listener. Koa answers every error itself, so the promise it returns is dropped
// on purpose (node:http ignores a listener's return value).
import type { RequestListener } from 'node:http';
import type Koa from 'koa';

export function koaHandler(app: Koa): RequestListener {
  const handle = app.callback();
  return (req, res) => void handle(req, res);
}
