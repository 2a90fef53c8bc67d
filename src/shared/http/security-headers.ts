// Security headers on every answer, by helmet (koa-helmet): no sniffing, no referrer, no framing, same-origin
// resources and windows. An API answer (JSON, CSV, the QR image, a calendar) gets a Content-Security-Policy that lets
// it load nothing and be framed by nobody; the pages, Swagger UI and the printable report set their own policy over it
// (src/web/web-app.ts, openapi/swagger-ui.ts, reports/week-report-html.ts). Strict-Transport-Security is sent only in
// production and only on a request that came over TLS (here, or at a trusted proxy that says so in X-Forwarded-Proto):
// a browser that reached the service over plain HTTP must not be told to insist on HTTPS for a name that may have none.
import type { Context, Next } from 'koa';
import helmet from 'koa-helmet';

/** The policy of any answer that is not a page: it loads nothing, runs nothing and is framed by nobody. */
export const API_CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** One year, as the HSTS preload list asks; without includeSubDomains, which would bind names this service does not own. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

export function securityHeaders(opts: { production: boolean }) {
  const headers = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false });
  const noop = () => Promise.resolve();
  return async function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    if (opts.production && ctx.secure) await hsts(ctx, noop);
    await headers(ctx, next);
  };
}
