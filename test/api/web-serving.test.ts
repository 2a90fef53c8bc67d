// How the pages are served (no browser needed): page routes, assets and their caching, CSP, 404s, and the
// browser's form rules agreeing with the server's.
import { expect } from 'chai';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../src/shared/project-root.js';
import { checkCharacter, idNumberProblem, makeIdNumber } from '../../src/modules/bookings/id-number.js';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('web app: serving', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h?.close());

  async function assetUrl(name: string): Promise<string> {
    const page = await h.http.get('/');
    const build = /\/assets\/([0-9a-f]{12})\//.exec(page.text)![1];
    return `/assets/${build}/${name}`;
  }

  it('when a page URL is asked for, then the HTML shell comes with a self-only CSP, no caching, and the server clock', async () => {
    h.clock.set('2027-05-22T00:45:00Z');
    for (const path of ['/', '/venues/12', '/book/3', '/bookings/ABCD2345', '/my-booking', '/staff', '/staff/scan', '/staff/sessions', '/staff/overview']) {
      const res = await h.http.get(path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).to.equal('no-store');
      expect(res.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("default-src 'self'").and.not.include('unsafe-inline');
      expect(res.text).to.include('data-now="2027-05-22T00:45:00.000Z"');
    }
    expect((await h.http.get('/staff/scan')).text).to.include('data-page="scan"');
  });

  it('when an asset of the current build is asked for, then it is immutable, typed, gzipped on request and revalidates by ETag', async () => {
    const js = await h.http.get(await assetUrl('js/app.js'));
    expect(js.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    const url = await assetUrl('css/app.css');
    const res = await h.http.get(url, { 'accept-encoding': 'gzip' });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('text/css; charset=utf-8');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(res.headers.get('etag')).to.match(/-gz"$/);
    // fetch() adds "Cache-Control: no-cache" to conditional requests unless told otherwise; a browser revalidating does not.
    const again = await h.http.get(url, { 'accept-encoding': 'gzip', 'if-none-match': res.headers.get('etag')!, 'cache-control': 'max-age=0' });
    expect(again.status).to.equal(304);
    const plain = await h.http.get(url, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).to.equal(null);
    expect(plain.text).to.equal(res.text);
    const jsqr = await h.http.get(await assetUrl('js/vendor/jsQR.js'));
    expect(jsqr.status).to.equal(200);
    expect(jsqr.text).to.include('jsQR');
  });

  it('when a path tries to leave the assets or names no page, then an HTML 404 page answers; under /api the JSON error shape does', async () => {
    const build = (await assetUrl('x')).split('/')[2];
    for (const path of [
      `/assets/${build}/../../package.json`,
      `/assets/${build}/%2e%2e/%2e%2e/package.json`,
      `/assets/${build}/index.html`,
      '/nope',
      '/venues/abc',
      '/.env',
    ]) {
      const res = await h.http.get(path);
      expect(res.status, path).to.equal(404);
      expect(res.headers.get('content-type'), path).to.equal('text/html; charset=utf-8');
      expect(res.text).to.include('data-page="not-found"').and.not.include('"name": "openday"');
    }
    const api = await h.http.get('/api/nope');
    expect(api.status).to.equal(404);
    expect(api.body.error.code).to.equal('not_found');
    expect((await h.http.get('/healthz')).body).to.deep.equal({ status: 'ok' });
  });

  it('when the browser checks ID numbers, then it agrees with the server on every kind of mistake', async () => {
    // The browser's module, loaded as it is served (plain JavaScript).
    const rules = (await import(pathToFileURL(path.join(projectRoot, 'src/web/public/js/lib/rules.js')).href)) as {
      idNumberProblem(id: string): string | undefined;
      checkCharacter(first17: string): string;
    };
    const good = makeIdNumber('140105', '1985-03-12', 123);
    const cases = [
      good,
      good.slice(0, 17) + (good.endsWith('1') ? '2' : '1'),
      '140105198502301234',
      '14010519850312',
      '0' + good.slice(1),
      '140105189912311230',
      makeIdNumber('110101', '2012-02-29', 7),
    ];
    for (let seq = 0; seq < 200; seq++) cases.push(makeIdNumber('140105', '2001-07-15', seq));
    for (const id of cases) expect(rules.idNumberProblem(id), id).to.equal(idNumberProblem(id));
    expect(rules.checkCharacter(good.slice(0, 17))).to.equal(checkCharacter(good.slice(0, 17)));
  });
});
