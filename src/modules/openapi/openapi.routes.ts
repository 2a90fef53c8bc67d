// The API's description: /api/openapi.json (generated from the route tables once, on first request) and Swagger UI.
import { routesFor, type AnyRoute } from '../../shared/http/route-table.js';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.js';
import { DOCS_CSP, DOCS_HTML, docsAsset, docsAssetParams } from './swagger-ui.js';

const route = routesFor<ApiDescription>();

export interface ApiDescription {
  document(): OpenApiDocument;
}

/** The description of these routes (which include the ones below), built once. */
export function apiDescription(routes: () => readonly AnyRoute[]): ApiDescription {
  let document: OpenApiDocument | undefined;
  return { document: () => (document ??= buildOpenApiDocument(routes())) };
}

const tags = ['docs'];

export const openApiRoutes = [
  route({
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This OpenAPI document',
    tags,
    auth: 'public',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handle: ({ ctx }, api) => {
      ctx.set('Cache-Control', 'no-cache');
      return api.document();
    },
  }),
  route({
    method: 'get',
    path: '/api/docs',
    summary: 'Swagger UI for this document',
    tags,
    auth: 'public',
    responses: { 200: { description: 'HTML page', content: 'html' } },
    handle: ({ ctx }) => {
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-cache');
      ctx.set('Content-Security-Policy', DOCS_CSP);
      return DOCS_HTML;
    },
  }),
  route({
    method: 'get',
    path: '/api/docs/:file',
    summary: 'Swagger UI’s files',
    tags,
    auth: 'public',
    params: docsAssetParams,
    responses: { 200: { description: 'script, style sheet or icon', content: 'asset' } },
    handle: ({ params, ctx }) => {
      const asset = docsAsset(params.file)!;
      ctx.type = asset.type;
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.vary('Accept-Encoding');
      const gzip = ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
      ctx.etag = gzip ? asset.etag.replace(/"$/, '-gz"') : asset.etag;
      ctx.status = 200;
      if (ctx.fresh) {
        ctx.status = 304;
        return undefined;
      }
      if (gzip) ctx.set('Content-Encoding', 'gzip');
      return gzip ? asset.gzip : asset.body;
    },
  }),
];
