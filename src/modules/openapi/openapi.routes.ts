// The API's description: /api/openapi.json (generated once, on first request) and Swagger UI at /api/docs.
import Router from '@koa/router';
import { parse } from '../../shared/http/validate.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.js';
import { DOCS_CSP, DOCS_HTML, docsAsset, docsAssetParams } from './swagger-ui.js';

export function openApiRoutes(): Router {
  const router = new Router();
  let document: OpenApiDocument | undefined;

  router.get('/openapi.json', (ctx) => {
    document ??= buildOpenApiDocument();
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = document;
  });

  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.body = DOCS_HTML;
  });

  router.get('/docs/:file', (ctx) => {
    const asset = docsAsset(parse(docsAssetParams, ctx.params).file)!;
    ctx.type = asset.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.vary('Accept-Encoding');
    const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    ctx.etag = gzip ? asset.etag.replace(/"$/, '-gz"') : asset.etag;
    ctx.status = 200;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (gzip) ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzip ? asset.gzip : asset.body;
  });

  return router;
}
