// Serves the web app from the same Koa process: the page shell for known page URLs, static assets under
// /assets/<build>/, an HTML 404 for other browser URLs. /api and the health checks pass through untouched.
import type { Context, Next } from 'koa';
import type { Clock } from '../shared/clock.js';
import { NotFoundError } from '../shared/errors.js';
import { loadAssets, type Asset, type AssetIndex } from './static-assets.js';
import { pageFor, type PageName } from './pages.js';
import { scannerManifest, scannerWorker } from './scanner-app.js';

export interface WebDeps {
  clock: Clock;
}

// Pages (and the workers their scripts start) load only their own scripts and styles, talk only to this origin, and
// show QR images from the API.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PASS_THROUGH = /^\/(api(\/|$)|healthz$|readyz$)/;
const ASSET_PATH = /^\/assets\/([0-9a-f]{12})\/([A-Za-z0-9._/-]+)$/;
const YEAR_SECONDS = 365 * 24 * 3600;

export function webApp(deps: WebDeps, assets: AssetIndex = loadAssets()) {
  const shell = assets.get('index.html');
  if (!shell) throw new Error('web app: public/index.html is missing (was the build step run?)');
  const shellText = shell.body.toString('utf8');

  function sendAsset(ctx: Context, asset: Asset, cacheControl: string): void {
    const gzip = asset.gzip && ctx.acceptsEncodings('gzip', 'identity') === 'gzip';
    ctx.status = 200;
    ctx.type = asset.type;
    ctx.set('Cache-Control', cacheControl);
    // The pages' policy, not the API's (which allows no script): a worker runs under the policy its script came with,
    // and the scanner's worker loads jsQR from this origin.
    ctx.set('Content-Security-Policy', CSP);
    if (asset.gzip) ctx.vary('Accept-Encoding');
    ctx.etag = gzip ? asset.etag.replace(/"$/, '-gz"') : asset.etag;
    if (ctx.fresh) {
      ctx.status = 304;
      return;
    }
    if (gzip) ctx.set('Content-Encoding', 'gzip');
    ctx.body = gzip ? asset.gzip : asset.body;
  }

  function sendPage(ctx: Context, page: PageName, status = 200): void {
    const lang = ctx.query.lang === 'en' ? 'en' : 'zh-CN';
    // "now" comes from the server's clock, so pages agree with the API on what today is (and tests can move it).
    const html = shellText
      .replaceAll('{{lang}}', lang)
      .replaceAll('{{page}}', page)
      .replaceAll('{{now}}', deps.clock.now().toISOString())
      .replaceAll('{{build}}', assets.build);
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', CSP);
    ctx.set('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    ctx.body = html;
  }

  return async function serveWeb(ctx: Context, next: Next): Promise<void> {
    if (PASS_THROUGH.test(ctx.path)) return next();
    const readOnly = ctx.method === 'GET' || ctx.method === 'HEAD';
    if (readOnly) {
      const assetMatch = ASSET_PATH.exec(ctx.path);
      if (assetMatch) {
        const asset = assetMatch[2] === 'index.html' ? undefined : assets.get(assetMatch[2]!);
        if (!asset) return sendPage(ctx, 'not-found', 404);
        // Only the current build's URLs are immutable; an old page asking with an old hash gets today's file, revalidated.
        return sendAsset(ctx, asset, assetMatch[1] === assets.build ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
      }
      if (ctx.path === '/staff/scan-sw.js' || ctx.path === '/staff/scan.webmanifest') {
        const worker = ctx.path.endsWith('.js');
        ctx.status = 200;
        ctx.type = worker ? 'text/javascript; charset=utf-8' : 'application/manifest+json; charset=utf-8';
        // A worker is checked for updates on every visit; the manifest names the current build's icon.
        ctx.set('Cache-Control', 'no-cache');
        ctx.set('Content-Security-Policy', CSP);
        ctx.body = worker ? scannerWorker(assets) : scannerManifest(assets);
        return;
      }
      if (ctx.path === '/favicon.ico') {
        const icon = assets.get('img/icon.svg');
        if (icon) return sendAsset(ctx, icon, 'public, max-age=86400');
      }
      const page = pageFor(ctx.path);
      if (page) return sendPage(ctx, page);
    }
    try {
      await next();
    } catch (err) {
      // A browser address nothing answers gets a page, not JSON; other methods keep the API's error shape.
      if (readOnly && err instanceof NotFoundError) return sendPage(ctx, 'not-found', 404);
      throw err;
    }
  };
}
