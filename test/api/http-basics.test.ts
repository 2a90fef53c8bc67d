import { expect } from 'chai';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('HTTP basics', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('when GET /healthz, then 200 ok', async () => {
    const res = await h.http.get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('when GET /readyz on a migrated database, then 200 ready', async () => {
    const res = await h.http.get('/readyz');
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('ready');
  });

  it('when a route does not exist, then 404 not_found in the error shape', async () => {
    const res = await h.http.get('/api/nothing-here');
    expect(res.status).to.equal(404);
    expect(res.body).to.have.all.keys('error');
    expect(res.body.error).to.have.all.keys('code', 'message', 'details');
    expect(res.body.error.code).to.equal('not_found');
  });

  it('when the method is not allowed, then 405 method_not_allowed', async () => {
    const res = await h.http.request('DELETE', '/api/venues');
    expect(res.status).to.equal(405);
    expect(res.body.error.code).to.equal('method_not_allowed');
  });

  it('when a JSON body comes in chunks without a length, then it is read whole', async () => {
    const res = await h.http.request('POST', '/api/bookings', {
      chunks: ['{"sessionId": 98', '7654, "contact": {"name": "家', '长", "phone": "13900000001"}, "visitors": [{"name": "访客"}]}'],
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).to.equal(404); // read, validated, and the session looked up: it does not exist
    expect(res.body.error.code).to.equal('not_found');
  });

  it('when a chunked body grows past the limit, then 413 payload_too_large with the limit', async () => {
    const piece = JSON.stringify({ x: 'y'.repeat(16_000) });
    const res = await h.http.request('POST', '/api/bookings', {
      chunks: ['[', ...Array.from({ length: 8 }, () => piece + ','), '1]'],
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).to.equal(413);
    expect(res.body.error.code).to.equal('payload_too_large');
    expect(res.body.error.details).to.deep.equal({ limitBytes: 64 * 1024 });
  });

  it('when a request id is sent, then it is echoed back', async () => {
    const res = await h.http.get('/healthz', { 'x-request-id': 'abc-123' });
    expect(res.headers.get('x-request-id')).to.equal('abc-123');
  });
});
