// Swagger UI from the swagger-ui-dist package, served by this process (no CDN): a small page, our start-up script,
// and the package's own files, read once on first use and kept in memory with a gzip form.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Joi from 'joi';

export const DOCS_PATH = '/api/docs';
export const OPENAPI_PATH = '/api/openapi.json';

/** The page runs only our own scripts from this origin; Swagger UI sets inline styles and uses data: icons. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PACKAGE_FILES = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
} as const;

const INIT_FILE = 'openday-init.js';
export const DOCS_FILES = [...Object.keys(PACKAGE_FILES), INIT_FILE] as const;

export const docsAssetParams = Joi.object<{ file: string }>({
  file: Joi.string()
    .valid(...DOCS_FILES)
    .required(),
});

// No inline script: the page's CSP allows scripts from this origin only.
const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    withCredentials: true
  });
});
`;

export const DOCS_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>openday API 接口说明 / API description</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/swagger-ui-standalone-preset.js"></script>
<script src="${DOCS_PATH}/${INIT_FILE}"></script>
</body>
</html>
`;

export interface DocsAsset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

function asset(body: Buffer, type: string): DocsAsset {
  return { body, gzip: gzipSync(body), type, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"` };
}

let cache: Map<string, DocsAsset> | undefined;

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** The file named `name` (one of DOCS_FILES); read from node_modules on first use. */
export function docsAsset(name: string): DocsAsset | undefined {
  if (!cache) {
    const dir = swaggerUiDir();
    cache = new Map(Object.entries(PACKAGE_FILES).map(([file, type]) => [file, asset(readFileSync(path.join(dir, file)), type)]));
    cache.set(INIT_FILE, asset(Buffer.from(INIT_JS), 'text/javascript; charset=utf-8'));
  }
  return cache.get(name);
}
