// Security headers on every answer, by helmet: no sniffing, no referrer, no framing, same-origin
// resources and windows. An API answer (JSON, CSV, the QR image, a calendar) gets a Content-Security-Policy that lets
// it load nothing and be framed by nobody; the pages, Swagger UI and the printable report set their own policy over it
// (src/web/web-app.ts, openapi/swagger-ui.ts, reports/week-report-html.ts). Strict-Transport-Security is sent only in
// production and only on a request that came over TLS (here, or at a trusted proxy that says so in X-Forwarded-Proto):
// a browser that reached the service over plain HTTP must not be told to insist on HTTPS for a name that may have none.
//
// With these options every helmet header is a constant, so helmet runs once at start and each answer gets the headers
// it set (a tenth of the per-request cost of a catalogue read, measured, went to running helmet every time).
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { Context, Next } from 'koa';

/** The policy of any answer that is not a page: it loads nothing, runs nothing and is framed by nobody. */
export const API_CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** One year, as the HSTS preload list asks; without includeSubDomains, which would bind names this service does not own. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 3600;

type HeaderStep = [name: string, value: string | number | readonly string[] | undefined];

/** What a connect-style header middleware does to a response: the headers it sets (value) and removes (undefined). */
function recorded(middleware: (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void): HeaderStep[] {
  const steps: HeaderStep[] = [];
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => steps.push([name, value]),
    removeHeader: (name: string) => steps.push([name, undefined]),
    getHeader: () => undefined,
  };
  let failed: unknown;
  middleware({ headers: {}, method: 'GET', url: '/' } as IncomingMessage, res as unknown as ServerResponse, (err) => (failed = err));
  if (failed) throw failed;
  return steps;
}

function apply(res: ServerResponse, steps: readonly HeaderStep[]): void {
  for (const [name, value] of steps) {
    if (value === undefined) res.removeHeader(name);
    else res.setHeader(name, value);
  }
}

export function securityHeaders(opts: { production: boolean }) {
  const headers = recorded(
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  const hsts = recorded(helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false }));
  return function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    if (opts.production && ctx.secure) apply(ctx.res, hsts);
    apply(ctx.res, headers);
    return next();
  };
}
