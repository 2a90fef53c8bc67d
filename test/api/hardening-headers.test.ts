// Security headers: HSTS behind a TLS-terminating proxy, and a frame-ancestors policy on the QR image a page may embed.
import { expect } from 'chai';
import { createEdition, createSession, createVenue } from '../helpers/factories.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { bookingBody, freshTestDatabase, startLiveServer, type LiveServer } from '../helpers/live-server.js';

describe('hardening: headers', function () {
  this.timeout(60_000);
  let h: Harness | undefined;
  let server: LiveServer | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.stop();
    h = server = undefined;
  });

  it('when a production server behind a trusted proxy is reached over https (X-Forwarded-Proto), then Strict-Transport-Security is sent', async () => {
    await freshTestDatabase();
    server = await startLiveServer({ production: true, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    const missing: string[] = [];
    for (const path of ['/api/venues', '/', '/healthz']) {
      const res = await fetch(`${server.url}${path}`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
      const hsts = res.headers.get('strict-transport-security');
      if (!hsts || !/max-age=\d+/.test(hsts)) missing.push(`${path} (${res.status}): ${hsts}`);
    }
    expect(missing, 'responses without Strict-Transport-Security').to.deep.equal([]);
  });

  it('when the QR code is fetched as SVG, then its Content-Security-Policy sets frame-ancestors', async () => {
    h = await startHarness();
    const edition = await createEdition(h.db);
    const venue = await createVenue(h.db, { kind: 'science_base' });
    const session = await createSession(h.db, { edition, venue });
    const booking = await h.http.post('/api/bookings', bookingBody(session.id, '13600000001'));
    expect(booking.status).to.equal(201);
    const svg = await h.http.get(booking.body.qr.svg as string);
    expect(svg.status).to.equal(200);
    expect(svg.headers.get('content-type')).to.match(/^image\/svg\+xml/);
    expect(svg.headers.get('content-security-policy') ?? '', 'Content-Security-Policy').to.match(/frame-ancestors /);
  });
});
